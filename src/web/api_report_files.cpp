// The activity report as files, for agents allowed to export reports:
// GET /api/v1/reports/activity.{csv,xlsx} (the served site's) and
// GET /api/v1/networks/{id}/reports/activity.{csv,xlsx} (a network's,
// consolidated, with a breakdown by site), each by ?year=Y or ?from=D&to=D.
#include "app/networks.h"
#include "app/reports.h"
#include "web/errors.h"
#include "web/report_csv.h"
#include "web/report_query.h"
#include "web/report_xlsx.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

enum class FileFormat { kCsv, kXlsx };

// `attachment; filename="rapport-activite-2024.xlsx"`, or with both days
// of another period; `stem` names the report.
std::string Disposition(const std::string& stem, const app::ReportPeriod& period,
                        FileFormat format) {
  std::string name = ApiPeriodQuery(period);
  if (name.rfind("year=", 0) == 0) {
    name.erase(0, 5);
  } else {
    name = app::FormatDate(date::year_month_day{period.from});
    name.append("-").append(app::FormatDate(date::year_month_day{period.to}));
  }
  std::string value = "attachment; filename=\"" + stem + "-";
  value.append(name).append(format == FileFormat::kCsv ? ".csv\"" : ".xlsx\"");
  return value;
}

// The report written as `format`, or the refusal.
Response ReportFile(const Result<app::ActivityComparison>& report, const std::string& stem,
                    const app::ReportPeriod& period, FileFormat format) {
  if (!report) return ErrorResponse(report.error());
  Response response;
  if (format == FileFormat::kCsv) {
    response.content_type = "text/csv; charset=utf-8";
    response.body = ActivityCsv(*report);
  } else {
    auto bytes = ActivityXlsx(*report);
    if (!bytes) return ErrorResponse(bytes.error());
    response.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    response.body = std::move(*bytes);
  }
  // Built in place: GCC 12 warns falsely (-Warray-bounds) on Header()'s moves here.
  response.headers = {{"Content-Disposition", Disposition(stem, period, format)},
                      {"Cache-Control", "no-store"}};
  return response;
}

Response NotServed() {
  return ErrorResponse(
      Error{ErrorKind::kNotFound, "not_found", "Les rapports ne sont pas servis ici.", ""});
}

Response SiteFile(const Request& request, Services& services, FileFormat format) {
  if (services.reports == nullptr) return NotServed();
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto period = RequestedPeriod(request, *services.reports, kApiPeriod);
  if (!period) return ErrorResponse(period.error());
  return ReportFile(services.reports->Export(*agent, *period), "rapport-activite", *period, format);
}

Response NetworkFile(const Request& request, Services& services, FileFormat format) {
  if (services.reports == nullptr || services.networks == nullptr) return NotServed();
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto period = RequestedPeriod(request, *services.reports, kApiPeriod);
  if (!period) return ErrorResponse(period.error());
  const std::string& id = request.params.at("id");
  // The id is checked by the store's lookup before it names the file.
  return ReportFile(services.networks->Export(*agent, id, *period), "rapport-reseau-" + id, *period,
                    format);
}

}  // namespace

void AddReportFileRoutes(Router& router, Services& services) {
  Services* s = &services;
  const app::Action kExport = app::Action::kExportReports;
  for (const auto& [extension, format] :
       {std::pair{".csv", FileFormat::kCsv}, std::pair{".xlsx", FileFormat::kXlsx}}) {
    const FileFormat f = format;
    router.Add(Access::Staff(kExport),
               {"GET", std::string("/api/v1/reports/activity") + extension,
                [s, f](const Request& r) { return SiteFile(r, *s, f); }, true});
    // Also refused to an agent who does not work at every site of the network.
    router.Add(Access::Staff(kExport),
               {"GET", std::string("/api/v1/networks/{id}/reports/activity") + extension,
                [s, f](const Request& r) { return NetworkFile(r, *s, f); }, true});
  }
}

}  // namespace relais::web
