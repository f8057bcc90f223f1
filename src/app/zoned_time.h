// TimeZone: where the domain's local dates and wall-clock times meet real
// instants, through the tz database (Europe/Paris by default). Thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <date/date.h>

#include "domain/error.h"
#include "domain/opening_hours.h"

namespace date {
class time_zone;
}

namespace relais::app {

// An instant interval [start, end), in UTC.
struct Interval {
  date::sys_seconds start;
  date::sys_seconds end;

  friend bool operator==(const Interval&, const Interval&) = default;
};

class TimeZone {
 public:
  // The zone named `name` ("Europe/Paris"). Fails with kInvalid
  // "invalid_timezone" (field "timezone") when the tz database has no such zone.
  static Result<TimeZone> Find(const std::string& name);

  const std::string& name() const;

  // The instant of a wall-clock time. A time skipped when clocks go forward
  // (02:30 on the last Sunday of March in Paris) is the instant they jump
  // (03:00+02:00), so an interval [a, b) keeps exactly the instants whose
  // wall-clock time lies in it. A time that occurs twice when clocks go back
  // is taken at its first occurrence, so the repeated hour continues the state
  // its first pass ended with (as the npm opening_hours library reads it).
  date::sys_seconds ToInstant(date::local_seconds local) const;

  // The wall-clock time of an instant.
  date::local_seconds ToLocal(date::sys_seconds instant) const;

  // Local intervals as instants (each end as ToInstant says), sorted and
  // merged. An interval wholly inside the hour that clocks skip (02:15-02:45
  // on the last Sunday of March in Paris) is dropped: the wall clock never
  // shows those times.
  std::vector<Interval> ToInstants(const std::vector<LocalInterval>& intervals) const;

  // RFC 3339 with the zone's offset at that instant: "2025-03-31T09:30:00+02:00".
  std::string FormatRfc3339(date::sys_seconds instant) const;
  // The same, appended to `out` (25 characters; no allocation beyond `out`'s).
  void AppendRfc3339(std::string& out, date::sys_seconds instant) const;
  // A span of time with one offset from UTC.
  struct OffsetPeriod {
    date::sys_seconds begin{};
    date::sys_seconds end{};  // excluded
    std::chrono::seconds offset{};
  };
  // The same for a run of instants: `period` is the offset period last used
  // (start with a default one), looked up again only when `instant` leaves it.
  void AppendRfc3339(std::string& out, date::sys_seconds instant, OffsetPeriod& period) const;

 private:
  explicit TimeZone(const date::time_zone* zone) : zone_(zone) {}

  const date::time_zone* zone_;  // owned by the tz database, lives forever
};

}  // namespace relais::app
