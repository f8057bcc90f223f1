// GET /api/v1/reports/activity.xlsx?year=Y (or ?from=D&to=D): the activity
// report as an XLSX workbook, for agents allowed to export reports.
#include "app/reports.h"
#include "web/errors.h"
#include "web/report_query.h"
#include "web/report_xlsx.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// `attachment; filename="rapport-activite-2024.xlsx"`, or with both days
// of another period.
std::string Disposition(const app::ReportPeriod& period) {
  std::string name = ApiPeriodQuery(period);
  if (name.rfind("year=", 0) == 0) {
    name.erase(0, 5);
  } else {
    name = app::FormatDate(date::year_month_day{period.from});
    name.append("-").append(app::FormatDate(date::year_month_day{period.to}));
  }
  std::string value = "attachment; filename=\"rapport-activite-";
  value.append(name).append(".xlsx\"");
  return value;
}

Response ActivityXlsxFile(const Request& request, Services& services) {
  if (services.reports == nullptr) {
    return ErrorResponse(
        Error{ErrorKind::kNotFound, "not_found", "Les rapports ne sont pas servis ici.", ""});
  }
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto period = RequestedPeriod(request, *services.reports, kApiPeriod);
  if (!period) return ErrorResponse(period.error());
  auto report = services.reports->Export(*agent, *period);
  if (!report) return ErrorResponse(report.error());
  auto bytes = ActivityXlsx(*report);
  if (!bytes) return ErrorResponse(bytes.error());
  Response response;
  response.content_type = kXlsxType;
  response.body = std::move(*bytes);
  // Built in place: GCC 12 warns falsely (-Warray-bounds) on Header()'s moves here.
  response.headers = {{"Content-Disposition", Disposition(*period)}, {"Cache-Control", "no-store"}};
  return response;
}

}  // namespace

void AddReportXlsxRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Staff(app::Action::kExportReports),
             {"GET", "/api/v1/reports/activity.xlsx",
              [s](const Request& r) { return ActivityXlsxFile(r, *s); }, true});
}

}  // namespace relais::web
