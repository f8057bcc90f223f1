#include "app/desk_indicators.h"

#include <algorithm>
#include <string>
#include <vector>

#include "app/policy.h"
#include "app/site_hours.h"

namespace relais::app {
namespace {

constexpr int kMaxDays = 366;

// The element at fraction `q` of sorted `values` (nearest rank).
std::chrono::seconds Quantile(const std::vector<std::chrono::seconds>& sorted, double q) {
  const auto n = static_cast<double>(sorted.size());
  auto rank = static_cast<std::size_t>(q * n + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

}  // namespace

QueueWaits SummarizeTickets(const std::vector<QueueTicket>& tickets) {
  QueueWaits waits;
  std::vector<std::chrono::seconds> samples;
  for (const QueueTicket& ticket : tickets) {
    ++waits.tickets;
    if (ticket.status == TicketStatus::kCancelled || ticket.status == TicketStatus::kClosed) {
      ++waits.not_served;
    }
    if (!ticket.called_at) continue;
    ++waits.called;
    samples.push_back(std::max(std::chrono::seconds{0}, *ticket.called_at - ticket.issued_at));
  }
  if (samples.empty()) return waits;
  std::sort(samples.begin(), samples.end());
  std::chrono::seconds total{0};
  for (auto s : samples) total += s;
  waits.mean_wait = total / static_cast<std::int64_t>(samples.size());
  waits.median_wait = Quantile(samples, 0.5);
  waits.p90_wait = Quantile(samples, 0.9);
  return waits;
}

AppointmentAttendance SummarizeAppointments(const std::vector<Appointment>& appointments,
                                            UtcTime now) {
  AppointmentAttendance a;
  for (const Appointment& appointment : appointments) {
    ++a.appointments;
    switch (appointment.status) {
      case AppointmentStatus::kSeen:
        ++a.seen;
        break;
      case AppointmentStatus::kNoShow:
        ++a.no_show;
        break;
      case AppointmentStatus::kExcused:
        ++a.excused;
        break;
      case AppointmentStatus::kCancelled:
        ++a.cancelled;
        break;
      case AppointmentStatus::kBooked:
        if (appointment.start < now) ++a.unmarked;
        break;
    }
  }
  if (a.seen + a.no_show > 0) {
    a.no_show_rate = static_cast<double>(a.no_show) / static_cast<double>(a.seen + a.no_show);
  }
  return a;
}

DeskIndicators::DeskIndicators(QueueStore& queue, AppointmentStore& appointments, Sites& sites,
                               const Clock& clock)
    : queue_(queue), appointments_(appointments), sites_(sites), clock_(clock) {}

Status DeskIndicators::May(const Agent& agent, date::sys_days from, date::sys_days to) const {
  if (auto allowed = AuthorizeAt(agent, Action::kViewReports, sites_.Current()->id); !allowed)
    return allowed;
  if (to < from || (to - from).count() + 1 > kMaxDays) {
    return Fail(ErrorKind::kInvalid, "invalid_period",
                "Une période va d'un jour à " + std::to_string(kMaxDays) + " jours, dans l'ordre.",
                "to");
  }
  return {};
}

Result<QueueWaits> DeskIndicators::Waits(const Agent& agent, date::sys_days from,
                                         date::sys_days to) {
  if (auto ok = May(agent, from, to); !ok) return tl::unexpected(ok.error());
  const std::string& site_id = sites_.Current()->id;
  std::vector<QueueTicket> tickets;
  for (date::sys_days day = from; day <= to; day += date::days{1}) {
    auto listed = queue_.ListDay(site_id, FormatDate(date::year_month_day{day}));
    if (!listed) return tl::unexpected(listed.error());
    tickets.insert(tickets.end(), listed->begin(), listed->end());
  }
  return SummarizeTickets(tickets);
}

Result<AppointmentAttendance> DeskIndicators::Attendance(const Agent& agent, date::sys_days from,
                                                         date::sys_days to) {
  if (auto ok = May(agent, from, to); !ok) return tl::unexpected(ok.error());
  const TimeZone& zone = sites_.CurrentHours()->zone();
  const UtcTime start = zone.ToInstant(date::local_seconds{from.time_since_epoch()});
  const UtcTime end = zone.ToInstant(date::local_seconds{(to + date::days{1}).time_since_epoch()});
  auto listed = appointments_.ListAppointments(sites_.Current()->id, start, end);
  if (!listed) return tl::unexpected(listed.error());
  return SummarizeAppointments(*listed, std::chrono::floor<std::chrono::seconds>(clock_.Now()));
}

WeeklyOpenHours DeskIndicators::OpenHours(date::sys_days from) const {
  WeeklyOpenHours open{};
  const auto hours = sites_.CurrentHours();
  const HoursWindow window =
      hours->Between(date::year_month_day{from}, date::year_month_day{from + date::days{27}});
  for (const Interval& interval : window.intervals) {
    const date::local_seconds start = hours->zone().ToLocal(interval.start);
    const date::local_seconds end = hours->zone().ToLocal(interval.end);
    for (auto hour = date::floor<std::chrono::hours>(start); hour < end;
         hour += std::chrono::hours{1}) {
      const auto day = date::floor<date::days>(hour);
      const unsigned iso = date::weekday{day}.iso_encoding();
      const auto in_day = std::chrono::duration_cast<std::chrono::hours>(hour - day).count();
      open[iso - 1][static_cast<std::size_t>(in_day)] = true;
    }
  }
  return open;
}

}  // namespace relais::app
