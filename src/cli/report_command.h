// `relais report`: a site's activity report of a year, printed in one of
// the formats below (stdout, or a file with --output). Add a format by
// appending to ReportFormats().
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "app/networks.h"
#include "app/reports.h"
#include "domain/error.h"

namespace relais::cli {

struct ReportFormat {
  std::string_view name;           // "json", "csv"
  bool needs_output_file = false;  // binary formats are never written to a terminal
  // Writes the report to `out` (stdout or the --output file, opened binary).
  std::function<Status(const app::ActivityComparison& report, std::ostream& out)> write;
};
const std::vector<ReportFormat>& ReportFormats();
// "json, csv": the names, for help and errors.
std::string ReportFormatNames();

struct ReportRequest {
  int year = 0;  // 0: the site's current year
  std::string format = "json";
  std::string output;  // empty: stdout
};

// Builds the served site's report (as an administrator of the site would)
// and writes it. Returns the process's exit status; errors on stderr.
int RunReport(app::Reports& reports, const std::string& site_id, const ReportRequest& request);

// Builds a network's consolidated report (as an administrator would) and
// writes it: JSON as GET /api/v1/networks/{id}/reports/activity (each
// site's figures beside the network's), CSV and XLSX as the files of that
// route (the network's report with its breakdown by site). REQUIRES: a
// site is loaded as served.
int RunNetworkReport(app::Networks& networks, const std::string& network_id,
                     const ReportRequest& request);

}  // namespace relais::cli
