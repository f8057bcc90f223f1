// Dates and times written for a French reader: "lundi 31 mars 2025",
// "9 h 30". Pure.
#pragma once

#include <string>

#include <date/date.h>

namespace relais::web {

std::string FrenchWeekday(date::weekday day);          // "lundi"
std::string FrenchDay(date::year_month_day day);       // "lundi 31 mars"
std::string FrenchDate(date::year_month_day day);      // "lundi 31 mars 2025"
std::string FrenchTime(date::local_seconds time);      // "9 h 30"

}  // namespace relais::web
