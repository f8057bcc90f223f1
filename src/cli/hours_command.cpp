#include "cli/hours_command.h"

#include <cstdio>
#include <iostream>
#include <string>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "app/zoned_time.h"
#include "domain/error.h"
#include "domain/holidays.h"
#include "domain/opening_hours.h"

namespace relais::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kOk = 0;
constexpr int kBadInput = 2;
constexpr int kMaxWindowDays = 3660;  // ten years

std::string FormatDate(date::year_month_day day) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

// A strict YYYY-MM-DD date.
Result<date::year_month_day> ParseDate(const std::string& text, const std::string& field) {
  const auto refuse = [&] {
    return Fail(ErrorKind::kInvalid, "invalid_date",
                "Date invalide pour --" + field + " : « " + text + " » (AAAA-MM-JJ attendu).",
                field);
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return refuse();
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (int j = starts[i]; j < starts[i] + lengths[i]; ++j) {
      if (text[j] < '0' || text[j] > '9') return refuse();
      parts[i] = parts[i] * 10 + (text[j] - '0');
    }
  }
  const date::year_month_day day = date::year{parts[0]} / date::month{static_cast<unsigned>(parts[1])} /
                                   date::day{static_cast<unsigned>(parts[2])};
  if (!day.ok()) return refuse();
  return day;
}

Result<Json> HoursJson(const std::string& value, const std::string& from_text,
                       const std::string& to_text, const HolidayCalendar& holidays,
                       const app::TimeZone& zone) {
  Result<date::year_month_day> from = ParseDate(from_text, "from");
  if (!from) return tl::unexpected(from.error());
  Result<date::year_month_day> to = ParseDate(to_text, "to");
  if (!to) return tl::unexpected(to.error());
  const auto days = (date::local_days{*to} - date::local_days{*from}).count();
  if (days < 0) {
    return Fail(ErrorKind::kInvalid, "invalid_window",
                "Le dernier jour (--to) précède le premier (--from).", "to");
  }
  if (days >= kMaxWindowDays) {
    return Fail(ErrorKind::kInvalid, "invalid_window",
                "Fenêtre trop longue : " + std::to_string(kMaxWindowDays) + " jours au plus.", "to");
  }
  Result<OpeningHours> hours = ParseOpeningHours(value);
  if (!hours) return tl::unexpected(hours.error());

  Json intervals = Json::array();
  for (const app::Interval& interval :
       zone.ToInstants(OpenIntervals(*hours, *from, *to, holidays))) {
    intervals.push_back(
        Json{{"start", zone.FormatRfc3339(interval.start)}, {"end", zone.FormatRfc3339(interval.end)}});
  }
  Json closed_days = Json::array();
  for (const ClosedDay& closed : HolidayClosures(*hours, *from, *to, holidays)) {
    closed_days.push_back(Json{{"date", FormatDate(closed.date)}, {"reason", closed.reason}});
  }
  return Json{{"intervals", std::move(intervals)}, {"closed_days", std::move(closed_days)}};
}

int ReportBadInput(const Error& error) {
  std::cerr << "relais : " << error.message << "\n";
  return kBadInput;
}

Json ErrorJson(const Error& error) {
  return Json{{"error", {{"code", error.code}, {"message", error.message}, {"field", error.field}}}};
}

}  // namespace

int RunHours(const std::string& value, const std::string& from, const std::string& to,
             bool alsace_moselle, const std::string& timezone) {
  Result<app::TimeZone> zone = app::TimeZone::Find(timezone.empty() ? "Europe/Paris" : timezone);
  if (!zone) return ReportBadInput(zone.error());
  Result<Json> json = HoursJson(value, from, to, HolidayCalendar(alsace_moselle), *zone);
  if (!json) return ReportBadInput(json.error());
  std::cout << json->dump() << '\n';
  return kOk;
}

int RunHoursBatch(bool alsace_moselle, const std::string& timezone) {
  Result<app::TimeZone> zone = app::TimeZone::Find(timezone.empty() ? "Europe/Paris" : timezone);
  if (!zone) return ReportBadInput(zone.error());
  const HolidayCalendar holidays(alsace_moselle);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first_tab = line.find('\t');
    const std::size_t second_tab =
        first_tab == std::string::npos ? std::string::npos : line.find('\t', first_tab + 1);
    Result<Json> json =
        second_tab == std::string::npos
            ? Result<Json>(Fail(ErrorKind::kMalformed, "malformed_line",
                                "Ligne illisible : VALEUR<tab>DU<tab>AU attendu."))
            : HoursJson(line.substr(0, first_tab),
                        line.substr(first_tab + 1, second_tab - first_tab - 1),
                        line.substr(second_tab + 1), holidays, *zone);
    std::cout << (json ? *json : ErrorJson(json.error())).dump() << '\n';
  }
  std::cout.flush();
  return kOk;
}

int RunHolidays(int from_year, int to_year, bool alsace_moselle) {
  if (from_year < 1583 || to_year > 9999 || to_year < from_year) {
    return ReportBadInput(Error{ErrorKind::kInvalid, "invalid_years",
                                "Années invalides : de 1583 à 9999, la première avant la dernière.",
                                "from_year"});
  }
  Json holidays = Json::array();
  for (int year = from_year; year <= to_year; ++year) {
    for (const Holiday& holiday : FrenchHolidays(year, alsace_moselle)) {
      holidays.push_back(Json{{"date", FormatDate(holiday.date)}, {"name", holiday.name}});
    }
  }
  std::cout << holidays.dump() << '\n';
  return kOk;
}

}  // namespace relais::cli
