// `relais hours` and `relais holidays`: the opening-hours engine from the
// command line. Each returns the process exit code (2 for bad input).
#pragma once

#include <string>

namespace relais::cli {

// Prints to stdout the JSON of GET /api/v1/opening-hours for `value` from
// `from` to `to` (YYYY-MM-DD, both included) in `timezone`:
// {"intervals":[{"start","end"}],"closed_days":[{"date","reason"}]}.
// Bad input: a French message on stderr and exit code 2.
int RunHours(const std::string& value, const std::string& from, const std::string& to,
             bool alsace_moselle, const std::string& timezone);

// The same for many requests: reads lines "VALUE<TAB>FROM<TAB>TO" from stdin
// and prints one JSON per line, or {"error":{"code","message","field"}} for a
// refused line. Exit code 0 once stdin is read through.
int RunHoursBatch(bool alsace_moselle, const std::string& timezone);

// Prints the French public holidays of the years from `from_year` to
// `to_year` as a JSON array [{"date":"YYYY-MM-DD","name":"…"}] in date order.
int RunHolidays(int from_year, int to_year, bool alsace_moselle);

}  // namespace relais::cli
