#include "web/hours_json.h"

#include <nlohmann/json.hpp>

namespace relais::web {

std::string HoursWindowJson(const app::HoursWindow& window, const app::TimeZone& zone) {
  using Json = nlohmann::ordered_json;
  Json intervals = Json::array();
  for (const app::Interval& interval : window.intervals) {
    intervals.push_back(Json{{"start", zone.FormatRfc3339(interval.start)}, {"end", zone.FormatRfc3339(interval.end)}});
  }
  Json closed_days = Json::array();
  for (const ClosedDay& closed : window.closed_days) {
    closed_days.push_back(Json{{"date", app::FormatDate(closed.date)}, {"reason", closed.reason}});
  }
  return Json{{"intervals", std::move(intervals)}, {"closed_days", std::move(closed_days)}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace relais::web
