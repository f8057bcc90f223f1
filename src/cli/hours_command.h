// `relais hours`: prints the open intervals of an opening_hours value as
// the JSON of GET /api/v1/opening-hours. Returns the process exit code.
#pragma once

#include <string>

namespace relais::cli {

int RunHours(const std::string& value, const std::string& from, const std::string& to,
             bool alsace_moselle, const std::string& timezone);

}  // namespace relais::cli
