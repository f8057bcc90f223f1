// The walk-in queue's rules (file d'attente): a QueueTicket's statuses and
// their transitions, and the estimated wait. Pure: no I/O, no clock.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace relais {

// Where a ticket stands, with its French meaning.
enum class TicketStatus {
  kWaiting,    // en attente
  kCalled,     // appelé à un guichet
  kServed,     // servi
  kAbsent,     // absent à l'appel
  kCancelled,  // annulé (la personne est partie avant l'appel)
  kClosed,     // non servi : l'accueil a fermé pendant l'attente
};

// What happens to a ticket.
enum class TicketEvent {
  kCall,    // a mediator calls it (next, or chosen)
  kServe,   // the service is over
  kAbsent,  // no one came to the counter
  kCancel,  // withdrawn before the call
  kClose,   // the desk closes while it waits
};

std::string_view TicketStatusName(TicketStatus status);   // "waiting", ...
std::string_view TicketStatusLabel(TicketStatus status);  // "En attente", ...
std::optional<TicketStatus> ParseTicketStatus(std::string_view name);

// True for served, absent, cancelled and closed: nothing follows.
bool IsFinal(TicketStatus status);

// The status after `event`: waiting → called → served or absent; waiting →
// cancelled or closed. kConflict ("ticket_already_called",
// "ticket_not_called", "ticket_finished") otherwise.
Result<TicketStatus> Transition(TicketStatus from, TicketEvent event);

// The service time assumed while a desk has no history.
inline constexpr std::chrono::minutes kDefaultServiceTime{10};
// Longer services are outliers (a ticket left "called" over lunch).
inline constexpr std::chrono::minutes kMaxServiceSample{120};

// The median of the recent service times within (0, kMaxServiceSample];
// kDefaultServiceTime when none is left.
std::chrono::seconds TypicalServiceTime(std::vector<std::chrono::seconds> recent);

// The estimated wait, in whole minutes rounded up, of the ticket at
// `position` (1: the next called) when `counters` serve in parallel, each
// taking `typical`: on average the current service is half done, so
// typical × (position − ½) ÷ counters. 0 for a position below 1; counters
// below 1 count as 1.
int EstimatedWaitMinutes(int position, std::chrono::seconds typical, int counters);

}  // namespace relais
