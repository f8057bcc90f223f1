#include "cli/hours_command.h"

#include <cstdio>
#include <iostream>
#include <string>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "app/site_hours.h"
#include "app/zoned_time.h"
#include "web/hours_json.h"
#include "domain/error.h"
#include "domain/holidays.h"
#include "domain/opening_hours.h"

namespace relais::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kOk = 0;
constexpr int kBadInput = 2;
constexpr int kMaxWindowDays = 3660;  // ten years

// The open intervals of `value` in the window, as the API's JSON: the same
// code path as GET /api/v1/opening-hours, for a site made of the value.
Result<std::string> HoursJson(const std::string& value, const std::string& from_text,
                              const std::string& to_text, bool alsace_moselle, const std::string& timezone) {
  auto window = app::ParseWindow(from_text, to_text, kMaxWindowDays);
  if (!window) return tl::unexpected(window.error());
  Site site{"cli", "cli", "", timezone, value, alsace_moselle};
  auto hours = app::SiteHours::Build(site, {});
  if (!hours) return tl::unexpected(hours.error());
  return web::HoursWindowJson(hours->Between(window->from, window->to), hours->zone());
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
  Result<std::string> json = HoursJson(value, from, to, alsace_moselle, timezone);
  if (!json) return ReportBadInput(json.error());
  std::cout << *json << '\n';
  return kOk;
}

int RunHoursBatch(bool alsace_moselle, const std::string& timezone) {
  if (auto zone = app::TimeZone::Find(timezone); !zone) return ReportBadInput(zone.error());
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first_tab = line.find('\t');
    const std::size_t second_tab =
        first_tab == std::string::npos ? std::string::npos : line.find('\t', first_tab + 1);
    Result<std::string> json =
        second_tab == std::string::npos
            ? Result<std::string>(Fail(ErrorKind::kMalformed, "malformed_line",
                                       "Ligne illisible : VALEUR<tab>DU<tab>AU attendu."))
            : HoursJson(line.substr(0, first_tab),
                        line.substr(first_tab + 1, second_tab - first_tab - 1),
                        line.substr(second_tab + 1), alsace_moselle, timezone);
    std::cout << (json ? *json : ErrorJson(json.error()).dump()) << '\n';
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
      holidays.push_back(Json{{"date", app::FormatDate(holiday.date)}, {"name", holiday.name}});
    }
  }
  std::cout << holidays.dump() << '\n';
  return kOk;
}

}  // namespace relais::cli
