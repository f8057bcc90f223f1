// Exceptional closures and openings of a site, layered on its weekly
// opening hours: on a dated exception's day, the exception's hours replace
// the weekly ones (none for a closure). Pure.
#pragma once

#include <string>
#include <vector>

#include <date/date.h>

#include "domain/opening_hours.h"

namespace relais {

struct HoursException {
  date::year_month_day date;
  OpeningHours hours;  // "off" for a closure; e.g. "10:00-12:00" for an opening
  std::string reason;  // shown to the public, e.g. "Inventaire annuel"
  bool closed() const { return hours.value() == "off"; }
};

// A site's hours: the weekly rule, the holiday calendar, the exceptions.
struct SiteHoursRules {
  OpeningHours weekly;
  HolidayCalendar holidays{false};
  std::vector<HoursException> exceptions;  // at most one per date
};

// The open intervals (local time) from `from` to `to_inclusive`, exceptions
// applied; sorted and merged.
std::vector<LocalInterval> SiteOpenIntervals(const SiteHoursRules& rules, date::year_month_day from,
                                             date::year_month_day to_inclusive);

// Days of the window that are closed although the weekly rule would open
// them: public holidays (unless an exception opens them) and exceptional
// closures, with their reason, in date order.
std::vector<ClosedDay> SiteClosedDays(const SiteHoursRules& rules, date::year_month_day from,
                                      date::year_month_day to_inclusive);

}  // namespace relais
