#include "app/site_hours.h"

#include <cstdio>

namespace relais::app {

Result<date::year_month_day> ParseDate(const std::string& text, const std::string& field) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &year, &month, &day, &tail) != 3 ||
      text[4] != '-' || text[7] != '-') {
    return Fail(ErrorKind::kMalformed, "invalid_date", "Date attendue au format AAAA-MM-JJ.", field);
  }
  date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
  if (!ymd.ok() || year < 1900 || year > 2200) {
    return Fail(ErrorKind::kMalformed, "invalid_date", "Cette date n'existe pas : " + text + ".", field);
  }
  return ymd;
}

std::string FormatDate(date::year_month_day day) { return date::format("%F", date::sys_days{day}); }

Result<DateWindow> ParseWindow(const std::string& from_text, const std::string& to_text, int max_days) {
  auto from = ParseDate(from_text, "from");
  if (!from) return tl::unexpected(from.error());
  auto to = ParseDate(to_text, "to");
  if (!to) return tl::unexpected(to.error());
  const auto days = (date::sys_days{*to} - date::sys_days{*from}).count() + 1;
  if (days < 1) {
    return Fail(ErrorKind::kInvalid, "invalid_window", "Le dernier jour précède le premier.", "to");
  }
  if (days > max_days) {
    return Fail(ErrorKind::kInvalid, "window_too_long",
                "Fenêtre trop longue : " + std::to_string(max_days) + " jours au plus.", "to");
  }
  return DateWindow{*from, *to};
}

Result<SiteHours> SiteHours::Build(const Site& site, const std::vector<HoursExceptionRecord>& exceptions) {
  auto weekly = ParseOpeningHours(site.opening_hours);
  if (!weekly) return tl::unexpected(weekly.error());
  auto zone = TimeZone::Find(site.timezone);
  if (!zone) return tl::unexpected(zone.error());
  SiteHoursRules rules{*weekly, HolidayCalendar(site.alsace_moselle), {}};
  for (const HoursExceptionRecord& record : exceptions) {
    auto day = ParseDate(record.date, "exceptions");
    if (!day) return tl::unexpected(day.error());
    auto hours = ParseOpeningHours(record.hours);
    if (!hours) return tl::unexpected(hours.error());
    rules.exceptions.push_back({*day, *hours, record.reason});
  }
  return SiteHours(std::move(rules), *zone);
}

HoursWindow SiteHours::Between(date::year_month_day from, date::year_month_day to_inclusive) const {
  return {zone_.ToInstants(SiteOpenIntervals(rules_, from, to_inclusive)),
          SiteClosedDays(rules_, from, to_inclusive)};
}

date::year_month_day SiteHours::LocalDate(date::sys_seconds instant) const {
  return date::year_month_day{date::floor<date::days>(zone_.ToLocal(instant))};
}

OpenState SiteHours::At(date::sys_seconds now) const {
  // From yesterday (a range past midnight) to a year ahead: about 40 µs for
  // the seed's hours, and only pages showing "open now" ask.
  const date::local_days today{LocalDate(now)};
  OpenState state;
  const auto intervals = zone_.ToInstants(SiteOpenIntervals(
      rules_, date::year_month_day{today - date::days{1}}, date::year_month_day{today + date::days{370}}));
  for (const Interval& interval : intervals) {
    if (interval.end <= now) continue;
    if (interval.start <= now) {
      state.open = true;
      state.closes_at = interval.end;
    } else {
      state.next_opening = interval.start;
    }
    return state;
  }
  return state;
}

}  // namespace relais::app
