#include "domain/queue.h"

#include <algorithm>

namespace relais {
namespace {

struct StatusEntry {
  TicketStatus status;
  std::string_view name;
  std::string_view label;
};

constexpr StatusEntry kStatuses[] = {
    {TicketStatus::kWaiting, "waiting", "En attente"},
    {TicketStatus::kCalled, "called", "Appelé"},
    {TicketStatus::kServed, "served", "Servi"},
    {TicketStatus::kAbsent, "absent", "Absent à l'appel"},
    {TicketStatus::kCancelled, "cancelled", "Annulé"},
    {TicketStatus::kClosed, "closed", "Non servi (fermeture)"},
};

}  // namespace

std::string_view TicketStatusName(TicketStatus status) {
  for (const auto& e : kStatuses) {
    if (e.status == status) return e.name;
  }
  return "waiting";
}

std::string_view TicketStatusLabel(TicketStatus status) {
  for (const auto& e : kStatuses) {
    if (e.status == status) return e.label;
  }
  return "";
}

std::optional<TicketStatus> ParseTicketStatus(std::string_view name) {
  for (const auto& e : kStatuses) {
    if (e.name == name) return e.status;
  }
  return std::nullopt;
}

bool IsFinal(TicketStatus status) {
  return status != TicketStatus::kWaiting && status != TicketStatus::kCalled;
}

Result<TicketStatus> Transition(TicketStatus from, TicketEvent event) {
  if (IsFinal(from)) {
    return Fail(ErrorKind::kConflict, "ticket_finished",
                "Ce ticket est déjà clos (" + std::string(TicketStatusLabel(from)) + ").");
  }
  const bool waiting = from == TicketStatus::kWaiting;
  switch (event) {
    case TicketEvent::kCall:
      if (waiting) return TicketStatus::kCalled;
      return Fail(ErrorKind::kConflict, "ticket_already_called", "Ce ticket a déjà été appelé.");
    case TicketEvent::kCancel:
      if (waiting) return TicketStatus::kCancelled;
      return Fail(ErrorKind::kConflict, "ticket_already_called",
                  "Ce ticket a déjà été appelé : indiquez plutôt « servi » ou « absent ».");
    case TicketEvent::kClose:
      if (waiting) return TicketStatus::kClosed;
      return Fail(ErrorKind::kConflict, "ticket_already_called", "Ce ticket a déjà été appelé.");
    case TicketEvent::kServe:
    case TicketEvent::kAbsent:
      if (!waiting)
        return event == TicketEvent::kServe ? TicketStatus::kServed : TicketStatus::kAbsent;
      return Fail(ErrorKind::kConflict, "ticket_not_called",
                  "Ce ticket n'a pas encore été appelé.");
  }
  return Fail(ErrorKind::kConflict, "ticket_finished", "Transition inconnue.");
}

std::chrono::seconds TypicalServiceTime(std::vector<std::chrono::seconds> recent) {
  std::erase_if(recent, [](std::chrono::seconds d) {
    return d <= std::chrono::seconds::zero() || d > kMaxServiceSample;
  });
  if (recent.empty()) return kDefaultServiceTime;
  std::sort(recent.begin(), recent.end());
  const std::size_t middle = recent.size() / 2;
  if (recent.size() % 2 == 1) return recent[middle];
  return (recent[middle - 1] + recent[middle]) / 2;
}

int EstimatedWaitMinutes(int position, std::chrono::seconds typical, int counters) {
  if (position < 1) return 0;
  counters = std::max(counters, 1);
  // In half-seconds, to keep the ½ exact: typical × (2·position − 1) ÷ (2·counters).
  const long long numerator = static_cast<long long>(typical.count()) * (2LL * position - 1);
  const long long denominator = 2LL * counters * 60;
  return static_cast<int>((numerator + denominator - 1) / denominator);
}

}  // namespace relais
