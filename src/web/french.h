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
std::string FrenchDateTime(date::local_seconds time);  // "mardi 3 mars 2026 à 14 h 30"
std::string FrenchDuration(int minutes);               // "45 minutes", "1 heure", "1 h 30"
std::string FrenchPhone(const std::string& national);  // "0612345678" → "06 12 34 56 78"
// What a journaled event on a person's file did: "person.read" → "a
// consulté le dossier"; an event without a label is given as is.
std::string FrenchFileEvent(const std::string& event);

}  // namespace relais::web
