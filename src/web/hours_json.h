// The JSON of GET /api/v1/opening-hours, shared by the API and the CLI:
// {"intervals":[{"start","end"}],"closed_days":[{"date","reason"}]}.
#pragma once

#include <string>

#include "app/site_hours.h"

namespace relais::web {

std::string HoursWindowJson(const app::HoursWindow& window, const app::TimeZone& zone);

}  // namespace relais::web
