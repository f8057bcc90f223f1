#include "web/french.h"

#include <array>

namespace relais::web {
namespace {

constexpr std::array<const char*, 7> kWeekdays = {"dimanche", "lundi",    "mardi", "mercredi",
                                                  "jeudi",    "vendredi", "samedi"};
constexpr std::array<const char*, 12> kMonths = {"janvier",   "février", "mars",     "avril",
                                                 "mai",       "juin",    "juillet",  "août",
                                                 "septembre", "octobre", "novembre", "décembre"};

}  // namespace

std::string FrenchWeekday(date::weekday day) {
  return kWeekdays[day.c_encoding()];
}

std::string FrenchDay(date::year_month_day day) {
  const unsigned number = static_cast<unsigned>(day.day());
  return FrenchWeekday(date::weekday{date::sys_days{day}}) + " " +
         (number == 1 ? std::string("1er") : std::to_string(number)) + " " +
         kMonths[static_cast<unsigned>(day.month()) - 1];
}

std::string FrenchDate(date::year_month_day day) {
  return FrenchDay(day) + " " + std::to_string(static_cast<int>(day.year()));
}

std::string FrenchTime(date::local_seconds time) {
  const auto since_midnight = time - date::floor<date::days>(time);
  const auto hours = date::floor<std::chrono::hours>(since_midnight);
  const auto minutes = date::floor<std::chrono::minutes>(since_midnight - hours);
  const std::string mm = std::to_string(minutes.count());
  return std::to_string(hours.count()) + " h " + (mm.size() == 1 ? "0" + mm : mm);
}

std::string FrenchDateTime(date::local_seconds time) {
  return FrenchDate(date::year_month_day{date::floor<date::days>(time)}) + " à " + FrenchTime(time);
}

std::string FrenchDuration(int minutes) {
  if (minutes < 60) return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
  const int hours = minutes / 60;
  const int rest = minutes % 60;
  if (rest == 0) return std::to_string(hours) + (hours == 1 ? " heure" : " heures");
  return std::to_string(hours) + " h " + (rest < 10 ? "0" : "") + std::to_string(rest);
}

std::string FrenchPhone(const std::string& national) {
  if (national.size() != 10) return national;
  std::string out;
  for (std::size_t i = 0; i < national.size(); i += 2) {
    if (!out.empty()) out += ' ';
    out += national.substr(i, 2);
  }
  return out;
}

std::string FrenchFileEvent(const std::string& event) {
  if (event == "person.read") return "a consulté le dossier";
  if (event == "person.create") return "a créé le dossier";
  if (event == "person.change") return "a modifié le dossier (note, démarche ou orientation)";
  if (event == "person.export") return "a exporté les données du dossier";
  if (event == "person.erase") return "a effacé le dossier";
  return event;
}

}  // namespace relais::web
