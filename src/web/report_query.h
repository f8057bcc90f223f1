// Which period a report request asks for: a year, or two dates, or by
// default the served site's current year. Shared by the report pages
// (?annee=, ?du=&au=) and the XLSX export (?year=, ?from=&to=).
#pragma once

#include <string>

#include "app/reports.h"
#include "domain/error.h"
#include "web/http.h"

namespace relais::web {

// The query parameters' names.
struct PeriodParams {
  std::string year;
  std::string from;
  std::string to;
};
inline const PeriodParams kApiPeriod{"year", "from", "to"};
inline const PeriodParams kPagePeriod{"annee", "du", "au"};

// "2024" → 2024: kMalformed "invalid_year" (field `field`) for anything
// but 1 to 4 digits, then kInvalid as app::CheckReportYear says.
Result<int> ParseReportYear(const std::string& text, const std::string& field);

// The year, or both dates (kMalformed "missing_date" when one is missing,
// "ambiguous_period" with a year too), or the current year. Empty values
// count as absent (a GET form sends its empty fields).
Result<app::ReportPeriod> RequestedPeriod(const Request& request, const app::Reports& reports,
                                          const PeriodParams& names);

// "year=2024" or "from=2024-01-01&to=2024-03-31" with the API's names: the
// same period for a link to an export.
std::string ApiPeriodQuery(const app::ReportPeriod& period);

}  // namespace relais::web
