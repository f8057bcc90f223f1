// OpeningHours (horaires d'ouverture): a parsed OpenStreetMap opening_hours
// value, evaluated on local dates and wall-clock minutes. Pure: no clock, no
// time-zone database. Immutable once parsed, so safe to share between threads.
//
// Supported subset (anything else is refused with the position and token):
//   weekdays and lists       Mo-Fr   Mo,We,Th   Fr-Mo   PH   Mo-Fr,PH   PH Mo-Fr
//   times                    09:30-13:00,14:00-17:00   22:00-02:00 (spills into
//                            the next day)   00:00-24:00   24/7
//   months and dates         Aug   Nov-Feb   Jan 01   Aug 15,20   Jan 26-31
//                            Dec 24-Jan 01   2025 Aug 04   2025 Aug 04-22
//                            2025 Aug 04-2025 Aug 22
//   weeks (ISO 8601)         week 01-10   week 1-53/2   week 05,07
//   states and comments      open   off   closed   off "Fermeture annuelle"
//   rule separators          ";" (a rule replaces what earlier rules said of the
//                            days it names) and "," (an additional rule, which
//                            adds to them), exactly as the npm opening_hours
//                            library reads them.
// Selectors come in the order of the specification: dates, weeks, weekdays,
// times, state, comment. A value is at most 255 characters (OpenStreetMap's
// limit). PH is French public holidays (HolidayCalendar).
//
// Known differences from the npm library, where it is wrong and relais is not:
// "Feb 01-28" matches February (the library never matches a February day
// range ending on the 28th or 29th); "Feb 01-Mar 01"-style ranges ending on
// "Feb 29" stop on 28 February in common years (the library runs on to
// 1 March); "Mar 02-Mar 01" is the whole year (the library: never).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "domain/error.h"
#include "domain/holidays.h"

namespace relais {

// Minutes after local midnight, the half-open range [start, end) with
// 0 <= start < end <= 1440.
struct MinuteRange {
  int start = 0;
  int end = 0;

  friend bool operator==(const MinuteRange&, const MinuteRange&) = default;
};

// A local wall-clock interval [start, end).
struct LocalInterval {
  date::local_seconds start;
  date::local_seconds end;

  friend bool operator==(const LocalInterval&, const LocalInterval&) = default;
};

// A public holiday on which the hours close a day they would otherwise open.
struct ClosedDay {
  date::year_month_day date;
  std::string reason;  // the holiday's French name, e.g. "Noël"

  friend bool operator==(const ClosedDay&, const ClosedDay&) = default;
};

class OpeningHours {
 public:
  OpeningHours();  // closed at all times; the result of parsing "off"

  // The open ranges of `day`, sorted, disjoint and merged, including what a
  // range past midnight of the day before brings into it.
  std::vector<MinuteRange> OpenRanges(date::local_days day, const HolidayCalendar& holidays) const;

  // The value as it was parsed.
  const std::string& value() const;

  // Whether the value says anything of public holidays (PH).
  bool UsesPublicHolidays() const;

  struct Compiled;  // the rules, precompiled for evaluation day by day

 private:
  friend Result<OpeningHours> ParseOpeningHours(std::string_view value);
  friend std::vector<LocalInterval> OpenIntervals(const OpeningHours&, date::year_month_day,
                                                  date::year_month_day, const HolidayCalendar&);
  friend std::vector<ClosedDay> HolidayClosures(const OpeningHours&, date::year_month_day,
                                                date::year_month_day, const HolidayCalendar&);
  explicit OpeningHours(std::shared_ptr<const Compiled> compiled);

  std::shared_ptr<const Compiled> compiled_;
};

// Parses `value`. Refuses anything outside the subset above with
// ErrorKind::kInvalid, code "invalid_opening_hours", field "opening_hours" and
// a French message naming the 1-based character position and the token.
Result<OpeningHours> ParseOpeningHours(std::string_view value);

// The open intervals from `from` 00:00 to the end of `to_inclusive`, sorted
// and merged; a range past midnight continues into the next day; intervals are
// clipped to the window, as getOpenIntervals of the npm library does.
// Empty when to_inclusive < from.
std::vector<LocalInterval> OpenIntervals(const OpeningHours& hours, date::year_month_day from,
                                         date::year_month_day to_inclusive,
                                         const HolidayCalendar& holidays);

// The public holidays from `from` to `to_inclusive` that the hours close: on
// which nothing is open, while the same day would open were it not a holiday.
std::vector<ClosedDay> HolidayClosures(const OpeningHours& hours, date::year_month_day from,
                                       date::year_month_day to_inclusive,
                                       const HolidayCalendar& holidays);

}  // namespace relais
