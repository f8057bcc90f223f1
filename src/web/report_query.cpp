#include "web/report_query.h"

#include <charconv>

#include "app/site_hours.h"

namespace relais::web {

Result<int> ParseReportYear(const std::string& text, const std::string& field) {
  int year = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.empty() || text.size() > 4 || text[0] == '-' || text[0] == '+' || ec != std::errc() ||
      end != text.data() + text.size()) {
    return Fail(ErrorKind::kMalformed, "invalid_year", "Année attendue sur 4 chiffres (2024).",
                field);
  }
  if (auto ok = app::CheckReportYear(year); !ok) {
    Error error = ok.error();
    error.field = field;
    return tl::unexpected(error);
  }
  return year;
}

Result<app::ReportPeriod> RequestedPeriod(const Request& request, const app::Reports& reports,
                                          const PeriodParams& names) {
  const std::string year = request.Query(names.year);
  const std::string from = request.Query(names.from);
  const std::string to = request.Query(names.to);
  if (!year.empty()) {
    if (!from.empty() || !to.empty()) {
      return Fail(ErrorKind::kMalformed, "ambiguous_period",
                  "Donnez soit une année, soit deux dates, pas les deux.", names.year);
    }
    auto parsed = ParseReportYear(year, names.year);
    if (!parsed) return tl::unexpected(parsed.error());
    return app::ReportPeriod::Year(*parsed);
  }
  if (!from.empty() || !to.empty()) {
    if (from.empty() || to.empty()) {
      return Fail(ErrorKind::kMalformed, "missing_date",
                  "Une période se donne par son premier et son dernier jour.",
                  from.empty() ? names.from : names.to);
    }
    auto first = app::ParseDate(from, names.from);
    if (!first) return tl::unexpected(first.error());
    auto last = app::ParseDate(to, names.to);
    if (!last) return tl::unexpected(last.error());
    return app::ReportPeriod{date::sys_days{*first}, date::sys_days{*last}};
  }
  return app::ReportPeriod::Year(reports.CurrentYear());
}

std::string ApiPeriodQuery(const app::ReportPeriod& period) {
  const int year = static_cast<int>(date::year_month_day{period.from}.year());
  const app::ReportPeriod whole = app::ReportPeriod::Year(year);
  if (period.from == whole.from && period.to == whole.to) return "year=" + std::to_string(year);
  return "from=" + app::FormatDate(date::year_month_day{period.from}) +
         "&to=" + app::FormatDate(date::year_month_day{period.to});
}

}  // namespace relais::web
