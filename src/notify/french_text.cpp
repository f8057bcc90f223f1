#include "notify/french_text.h"

#include <array>
#include <cstdio>

namespace relais::notify {
namespace {

constexpr std::array<const char*, 7> kWeekdays = {"dimanche", "lundi",    "mardi", "mercredi",
                                                  "jeudi",    "vendredi", "samedi"};
constexpr std::array<const char*, 7> kShortWeekdays = {"dim.", "lun.", "mar.", "mer.",
                                                       "jeu.", "ven.", "sam."};
constexpr std::array<const char*, 12> kMonths = {"janvier",   "février", "mars",     "avril",
                                                 "mai",       "juin",    "juillet",  "août",
                                                 "septembre", "octobre", "novembre", "décembre"};

}  // namespace

std::string FrenchDate(date::local_days day) {
  const date::year_month_day ymd{day};
  const unsigned number = static_cast<unsigned>(ymd.day());
  return std::string(kWeekdays[date::weekday{day}.c_encoding()]) + " " +
         (number == 1 ? std::string("1er") : std::to_string(number)) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

std::string FrenchTime(date::local_seconds time) {
  const auto since_midnight = time - date::floor<date::days>(time);
  const auto hours = date::floor<std::chrono::hours>(since_midnight);
  const auto minutes = date::floor<std::chrono::minutes>(since_midnight - hours);
  char text[16];
  std::snprintf(text, sizeof text, "%d h %02d", static_cast<int>(hours.count()),
                static_cast<int>(minutes.count()));
  return text;
}

std::string FrenchShortDate(date::local_days day) {
  const date::year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%02u/%02u", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()));
  return std::string(kShortWeekdays[date::weekday{day}.c_encoding()]) + " " + text;
}

}  // namespace relais::notify
