// Dates and times written for a French reader in messages: "mardi 31 mars
// 2026", "9 h 30". Pure.
#pragma once

#include <string>

#include <date/date.h>

namespace relais::notify {

std::string FrenchDate(date::local_days day);       // "mardi 31 mars 2026", "1er"
std::string FrenchTime(date::local_seconds time);   // "9 h 30"
std::string FrenchShortDate(date::local_days day);  // "mar. 31/03"

}  // namespace relais::notify
