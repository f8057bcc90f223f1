#include "web/report_csv.h"

#include <cstdio>
#include <utility>
#include <vector>

#include "app/site_hours.h"

namespace relais::web {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kEol = "\r\n";

std::string DateText(date::sys_days day) {
  return app::FormatDate(date::year_month_day{day});
}

void Line(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ';';
    out += fields[i];
  }
  out += kEol;
}

void Section(std::string& out, std::string_view title, const std::vector<Count>& counts) {
  out += kEol;
  Line(out, {CsvText(title)});
  Line(out, {"Libellé", "Code", "Passages", "Part (%)"});
  for (const Count& count : counts) {
    Line(out, {CsvText(count.label), CsvText(count.key), std::to_string(count.visits),
               CsvPercent(count.share)});
  }
}

}  // namespace

std::string CsvText(std::string_view text) {
  std::string value;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r')) {
    value = "'";
  }
  value += text;
  const bool quote = value.find_first_of(";\"\r\n") != std::string::npos ||
                     (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string CsvPercent(double share) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", share * 100.0);
  std::string text = buffer;
  for (char& c : text) {
    if (c == '.') c = ',';
  }
  return text;
}

std::string ActivityCsv(const app::ActivityComparison& report) {
  const ActivityReport& now = report.current;
  const ActivityReport& before = report.previous;
  std::string out(kBom);
  Line(out, {"Rapport d'activité", CsvText(report.site_name)});
  Line(out, {"Période", DateText(now.from), DateText(now.to)});
  Line(out, {"Un an plus tôt", DateText(before.from), DateText(before.to)});

  out += kEol;
  Line(out, {"Chiffres clés"});
  Line(out, {"Indicateur", "Période", "Un an plus tôt"});
  Line(out, {"Passages", std::to_string(now.visits), std::to_string(before.visits)});
  Line(out, {"Personnes", std::to_string(now.people), std::to_string(before.people)});
  Line(out, {"Résolus sur place (%)", CsvPercent(now.resolved_share),
             CsvPercent(before.resolved_share)});
  Line(out, {"Habitants d'un QPV (% des réponses connues)", CsvPercent(now.qpv_share),
             CsvPercent(before.qpv_share)});
  Line(out,
       {"Réponses QPV connues", std::to_string(now.qpv_known), std::to_string(before.qpv_known)});

  const std::pair<std::string_view, const std::vector<Count>*> sections[] = {
      {"Passages par mois", &now.by_month},
      {"Passages par commune", &now.by_commune},
      {"Passages par département", &now.by_department},
      {"Passages par partenaire", &now.by_partner},
      {"Passages par thématique", &now.by_theme},
      {"Issue des passages", &now.by_outcome},
      {"Canal", &now.by_channel},
      {"Passages par jour de la semaine", &now.by_weekday},
      {"Passages par jour de la semaine et heure", &now.by_weekday_hour},
      {"Passages par jour", &now.by_day},
  };
  for (const auto& [title, counts] : sections) Section(out, title, *counts);
  if (!now.by_site.empty()) Section(out, "Passages par lieu du réseau", now.by_site);
  return out;
}

}  // namespace relais::web
