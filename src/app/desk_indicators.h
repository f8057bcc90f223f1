// The service-quality figures of the coordinator's dashboard, from the
// walk-in queue (waits) and the appointments (no-shows): counts, durations
// and rates only, never a person or a free text. Thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

#include <date/date.h>

#include "app/agent.h"
#include "app/appointment_store.h"
#include "app/ports.h"
#include "app/queue_store.h"
#include "app/sites.h"
#include "domain/error.h"

namespace relais::app {

// The queue tickets of a period of local days.
struct QueueWaits {
  std::int64_t tickets = 0;     // issued
  std::int64_t called = 0;      // called at a counter (then served, absent or still called)
  std::int64_t not_served = 0;  // cancelled, or still waiting when the desk closed
  // From the issue to the call, over the called tickets; none without one.
  std::optional<std::chrono::seconds> mean_wait;
  std::optional<std::chrono::seconds> median_wait;
  std::optional<std::chrono::seconds> p90_wait;  // 9 tickets in 10 waited less
};

// The appointments that start in a period of local days.
struct AppointmentAttendance {
  std::int64_t appointments = 0;  // every status
  std::int64_t seen = 0;          // reçu
  std::int64_t no_show = 0;       // absent sans prévenir
  std::int64_t excused = 0;       // absence excusée
  std::int64_t cancelled = 0;     // annulé
  std::int64_t unmarked = 0;      // started before now and still "booked"
  // no_show / (seen + no_show): of the appointments that took place or
  // should have, those the person missed without warning; none when both are 0.
  std::optional<double> no_show_rate;
};

// Whether the desk is open at some time of each weekday's hour: [ISO
// weekday 1..7 − 1][local hour 0..23].
using WeeklyOpenHours = std::array<std::array<bool, 24>, 7>;

// The queue's waits, from its tickets' times (pure).
QueueWaits SummarizeTickets(const std::vector<QueueTicket>& tickets);
// The appointments' outcomes; `now` sets which "booked" ones are overdue (pure).
AppointmentAttendance SummarizeAppointments(const std::vector<Appointment>& appointments,
                                            UtcTime now);

class DeskIndicators {
 public:
  DeskIndicators(QueueStore& queue, AppointmentStore& appointments, Sites& sites,
                 const Clock& clock);

  // Every refusal: kForbidden unless the agent may view reports
  // (Action::kViewReports) at the served site; kInvalid "invalid_period"
  // (field "to") when to < from or over 366 days.
  Result<QueueWaits> Waits(const Agent& agent, date::sys_days from, date::sys_days to);
  Result<AppointmentAttendance> Attendance(const Agent& agent, date::sys_days from,
                                           date::sys_days to);

  // The hours of the week the served site opens, from its rule over the 28
  // days from `from` (a holiday on one week leaves the others).
  WeeklyOpenHours OpenHours(date::sys_days from) const;

 private:
  Status May(const Agent& agent, date::sys_days from, date::sys_days to) const;

  QueueStore& queue_;
  AppointmentStore& appointments_;
  Sites& sites_;
  const Clock& clock_;
};

}  // namespace relais::app
