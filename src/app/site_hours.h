// A site's opening hours ready for use: its weekly rule, holidays and
// dated exceptions compiled once, in the site's time zone. Immutable and
// thread-safe; rebuilt when the site's hours change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/zoned_time.h"
#include "domain/error.h"
#include "domain/hours_exceptions.h"
#include "domain/site.h"

namespace relais::app {

// A dated exception as stored: the day, its opening_hours value ("off" for a
// closure) and the reason shown to the public.
struct HoursExceptionRecord {
  std::string date;    // YYYY-MM-DD
  std::string hours;   // "off", "10:00-12:00"...
  std::string reason;
};

// Whether the site is open at an instant, and the next change.
struct OpenState {
  bool open = false;
  std::optional<date::sys_seconds> closes_at;     // when open
  std::optional<date::sys_seconds> next_opening;  // when closed, within a year
};

struct HoursWindow {
  std::vector<Interval> intervals;       // UTC, sorted
  std::vector<ClosedDay> closed_days;    // holidays and closures, with reasons
};

// Parses a YYYY-MM-DD date; kMalformed naming `field` otherwise.
Result<date::year_month_day> ParseDate(const std::string& text, const std::string& field);
std::string FormatDate(date::year_month_day day);

// A window of days, both included.
struct DateWindow {
  date::year_month_day from;
  date::year_month_day to;
};

// Parses a from/to pair of YYYY-MM-DD dates: kMalformed for a bad date,
// kInvalid when `to` precedes `from` or the window spans over `max_days`.
Result<DateWindow> ParseWindow(const std::string& from, const std::string& to, int max_days);

class SiteHours {
 public:
  // Fails with kInvalid (field "opening_hours", "timezone" or "exceptions")
  // when a value does not parse.
  static Result<SiteHours> Build(const Site& site, const std::vector<HoursExceptionRecord>& exceptions);

  // The open intervals and closed days from `from` to `to_inclusive`.
  HoursWindow Between(date::year_month_day from, date::year_month_day to_inclusive) const;

  OpenState At(date::sys_seconds now) const;

  // The site's local date at `instant`.
  date::year_month_day LocalDate(date::sys_seconds instant) const;

  const TimeZone& zone() const { return zone_; }
  const SiteHoursRules& rules() const { return rules_; }

 private:
  SiteHours(SiteHoursRules rules, TimeZone zone) : rules_(std::move(rules)), zone_(zone) {}
  SiteHoursRules rules_;
  TimeZone zone_;
};

}  // namespace relais::app
