#include "domain/holidays.h"

#include <algorithm>
#include <array>

namespace relais {
namespace {

// A holiday's rule: a fixed day of the year, or a number of days after
// Easter Sunday. Listed in the order of @socialgouv/jours-feries.
struct HolidayRule {
  std::string_view name;
  unsigned month;     // 0 for an Easter-based holiday
  unsigned day;
  int easter_offset;  // days after Easter Sunday, when month == 0
  bool alsace_moselle_only;
};

constexpr std::array<HolidayRule, 13> kRules{{
    {"Jour de l'an", 1, 1, 0, false},
    {"Fête du travail", 5, 1, 0, false},
    {"Victoire des alliés", 5, 8, 0, false},
    {"Fête Nationale", 7, 14, 0, false},
    {"Assomption", 8, 15, 0, false},
    {"Toussaint", 11, 1, 0, false},
    {"Armistice", 11, 11, 0, false},
    {"Noël", 12, 25, 0, false},
    {"Lundi de Pâques", 0, 0, 1, false},
    {"Ascension", 0, 0, 39, false},
    {"Lundi de Pentecôte", 0, 0, 50, false},
    {"Vendredi Saint", 0, 0, -2, true},
    {"Saint Étienne", 12, 26, 0, true},
}};

bool Applies(const HolidayRule& rule, bool alsace_moselle) {
  return alsace_moselle || !rule.alsace_moselle_only;
}

// Calls `on_match` with each rule falling on `day`, in kRules order.
template <typename OnMatch>
void ForEachHolidayOn(date::year_month_day day, bool alsace_moselle, OnMatch on_match) {
  const unsigned month = static_cast<unsigned>(day.month());
  const unsigned day_of_month = static_cast<unsigned>(day.day());
  // Easter-based holidays fall between 20 March and 14 June.
  const bool may_be_easter_based = month >= 3 && month <= 6;
  date::local_days easter{};
  if (may_be_easter_based) easter = date::local_days{EasterSunday(static_cast<int>(day.year()))};
  const date::local_days local{day};
  for (const HolidayRule& rule : kRules) {
    if (!Applies(rule, alsace_moselle)) continue;
    if (rule.month != 0) {
      if (rule.month == month && rule.day == day_of_month) on_match(rule);
    } else if (may_be_easter_based && easter + date::days{rule.easter_offset} == local) {
      on_match(rule);
    }
  }
}

}  // namespace

date::year_month_day EasterSunday(int year) {
  // The anonymous Gregorian algorithm (Meeus, Jones, Butcher).
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return date::year{year} / date::month{static_cast<unsigned>(month)} /
         date::day{static_cast<unsigned>(day)};
}

std::vector<Holiday> FrenchHolidays(int year, bool alsace_moselle) {
  const date::local_days easter{EasterSunday(year)};
  std::vector<Holiday> holidays;
  holidays.reserve(kRules.size());
  for (const HolidayRule& rule : kRules) {
    if (!Applies(rule, alsace_moselle)) continue;
    const date::year_month_day day =
        rule.month != 0
            ? date::year{year} / date::month{rule.month} / date::day{rule.day}
            : date::year_month_day{easter + date::days{rule.easter_offset}};
    holidays.push_back(Holiday{day, std::string(rule.name)});
  }
  // Stable: two holidays on one day keep the order of kRules.
  std::stable_sort(holidays.begin(), holidays.end(),
                   [](const Holiday& x, const Holiday& y) { return x.date < y.date; });
  return holidays;
}

std::string HolidayCalendar::Name(date::year_month_day day) const {
  std::string name;
  ForEachHolidayOn(day, alsace_moselle_, [&name](const HolidayRule& rule) {
    if (!name.empty()) name += " et ";
    name += rule.name;
  });
  return name;
}

bool HolidayCalendar::IsHoliday(date::year_month_day day) const {
  bool found = false;
  ForEachHolidayOn(day, alsace_moselle_, [&found](const HolidayRule&) { found = true; });
  return found;
}

}  // namespace relais
