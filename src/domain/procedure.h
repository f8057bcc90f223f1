// A procedure (démarche suivie) and referral (orientation): the status
// lifecycle as a pure transition table, the kinds, the referral outcomes,
// each with a stable slug and a French label. Pure: no I/O, no clock.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace relais {

// The lifecycle: to do → in progress → submitted → granted | refused →
// closed; a procedure may be closed (abandoned) from any state, and a
// submitted file may go back in progress (a document asked again).
enum class ProcedureStatus {
  kToDo,        // à faire
  kInProgress,  // en cours
  kSubmitted,   // déposée, en attente de décision
  kGranted,     // décision : accordée
  kRefused,     // décision : refusée
  kClosed,      // clôturée
};

inline constexpr ProcedureStatus kProcedureStatuses[] = {
    ProcedureStatus::kToDo,    ProcedureStatus::kInProgress, ProcedureStatus::kSubmitted,
    ProcedureStatus::kGranted, ProcedureStatus::kRefused,    ProcedureStatus::kClosed};

std::string_view ProcedureStatusName(ProcedureStatus status);   // "to_do", …
std::string_view ProcedureStatusLabel(ProcedureStatus status);  // "À faire", …
std::optional<ProcedureStatus> ParseProcedureStatus(std::string_view name);

// True when a procedure may go from `from` to `to` (never to itself).
bool ProcedureTransitionAllowed(ProcedureStatus from, ProcedureStatus to);
// The statuses reachable from `from`, in lifecycle order.
std::vector<ProcedureStatus> NextProcedureStatuses(ProcedureStatus from);
// Success, or kConflict "invalid_transition" with a French message naming
// both statuses.
Status CheckProcedureTransition(ProcedureStatus from, ProcedureStatus to);

// A kind of procedure: a stable slug and its French name.
struct ProcedureKind {
  std::string_view code;
  std::string_view label;
};
const std::vector<ProcedureKind>& ProcedureKinds();
std::optional<ProcedureKind> FindProcedureKind(std::string_view code);

// What came of a referral, recorded later.
enum class ReferralOutcome {
  kUnknown,     // pas encore de nouvelles
  kReached,     // la personne a pu joindre le partenaire
  kNotReached,  // elle n'a pas pu
};
std::string_view ReferralOutcomeName(ReferralOutcome outcome);   // "unknown", …
std::string_view ReferralOutcomeLabel(ReferralOutcome outcome);  // "Inconnue", …
std::optional<ReferralOutcome> ParseReferralOutcome(std::string_view name);

}  // namespace relais
