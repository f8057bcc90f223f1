#include "domain/hours_exceptions.h"

#include <algorithm>

namespace relais {
namespace {

const HoursException* ExceptionOn(const SiteHoursRules& rules, date::year_month_day day) {
  for (const HoursException& exception : rules.exceptions) {
    if (exception.date == day) return &exception;
  }
  return nullptr;
}

void Merge(std::vector<LocalInterval>& intervals) {
  std::sort(intervals.begin(), intervals.end(),
            [](const LocalInterval& a, const LocalInterval& b) { return a.start < b.start; });
  std::vector<LocalInterval> merged;
  for (const LocalInterval& interval : intervals) {
    if (!merged.empty() && interval.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, interval.end);
    } else {
      merged.push_back(interval);
    }
  }
  intervals = std::move(merged);
}

}  // namespace

std::vector<LocalInterval> SiteOpenIntervals(const SiteHoursRules& rules, date::year_month_day from,
                                             date::year_month_day to_inclusive) {
  std::vector<LocalInterval> intervals = OpenIntervals(rules.weekly, from, to_inclusive, rules.holidays);
  const date::local_days first{from};
  const date::local_days last{to_inclusive};
  for (const HoursException& exception : rules.exceptions) {
    const date::local_days day{exception.date};
    if (day < first || day > last) continue;
    // Cut the day out of the weekly intervals...
    const date::local_seconds day_start{day};
    const date::local_seconds day_end{day + date::days{1}};
    std::vector<LocalInterval> kept;
    for (const LocalInterval& interval : intervals) {
      if (interval.end <= day_start || interval.start >= day_end) {
        kept.push_back(interval);
        continue;
      }
      if (interval.start < day_start) kept.push_back({interval.start, day_start});
      if (interval.end > day_end) kept.push_back({day_end, interval.end});
    }
    intervals = std::move(kept);
    // ...and put the exception's own hours for that day in its place.
    for (const LocalInterval& open : OpenIntervals(exception.hours, exception.date, exception.date, rules.holidays)) {
      intervals.push_back({std::max(open.start, day_start), std::min(open.end, day_end)});
    }
  }
  Merge(intervals);
  return intervals;
}

std::vector<ClosedDay> SiteClosedDays(const SiteHoursRules& rules, date::year_month_day from,
                                      date::year_month_day to_inclusive) {
  std::vector<ClosedDay> closed;
  for (ClosedDay& holiday : HolidayClosures(rules.weekly, from, to_inclusive, rules.holidays)) {
    if (ExceptionOn(rules, holiday.date) == nullptr) closed.push_back(std::move(holiday));
  }
  const date::local_days first{from};
  const date::local_days last{to_inclusive};
  for (const HoursException& exception : rules.exceptions) {
    const date::local_days day{exception.date};
    if (day < first || day > last || !exception.closed()) continue;
    closed.push_back(ClosedDay{exception.date, exception.reason});
  }
  std::sort(closed.begin(), closed.end(),
            [](const ClosedDay& a, const ClosedDay& b) { return date::local_days{a.date} < date::local_days{b.date}; });
  return closed;
}

}  // namespace relais
