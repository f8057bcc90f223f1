// French public holidays (jours fériés), computed: the fixed ones, the
// Easter-based ones, and the two more of Alsace-Moselle. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

namespace relais {

// One public holiday, with its French name as @socialgouv/jours-feries
// spells it ("Jour de l'an", "Lundi de Pâques", "Saint Étienne"...).
struct Holiday {
  date::year_month_day date;
  std::string name;

  friend bool operator==(const Holiday&, const Holiday&) = default;
};

// Easter Sunday of `year` in the Gregorian calendar. REQUIRES: 1583 <= year.
date::year_month_day EasterSunday(int year);

// The public holidays of `year` in date order: 1 Jan, Lundi de Pâques,
// 1 May, 8 May, Ascension, Lundi de Pentecôte, 14 Jul, 15 Aug, 1 Nov,
// 11 Nov, 25 Dec; with `alsace_moselle`, also Vendredi Saint and 26 Dec.
// Two holidays on one day (Ascension on 1 or 8 May) are both listed.
std::vector<Holiday> FrenchHolidays(int year, bool alsace_moselle);

// The holidays of one site: national, or with those of Alsace-Moselle.
// A small value; asking costs a few integer operations, no allocation.
class HolidayCalendar {
 public:
  explicit HolidayCalendar(bool alsace_moselle = false) : alsace_moselle_(alsace_moselle) {}

  bool alsace_moselle() const { return alsace_moselle_; }

  // The name of the holiday on `day`, or "" when it is a working day. When
  // two coincide, their names joined by " et " ("Fête du travail et Ascension").
  std::string Name(date::year_month_day day) const;

  bool IsHoliday(date::year_month_day day) const;
  bool IsHoliday(date::local_days day) const { return IsHoliday(date::year_month_day{day}); }

 private:
  bool alsace_moselle_;
};

}  // namespace relais
