// The coordinator's dashboard (/tableau-de-bord): this month against the
// same days a year before, visits per day over the last 30 days, then for
// a chosen period (?periode=mois|annee|12mois) the demand by weekday and
// hour against the opening hours, the breakdowns, the outcomes, the queue's
// waits and the appointments' no-shows. Every chart is drawn by
// web/static/tableau-de-bord.js from its table; without JavaScript the
// tables are the dashboard. Aggregates only.
#include "app/desk_indicators.h"
#include "app/policy.h"
#include "app/reports.h"
#include "app/surveys.h"
#include "app/workshops.h"
#include "web/errors.h"
#include "web/french.h"
#include "web/page_common.h"
#include "web/report_tables.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

using date::days;
using date::sys_days;

// "12 min 30 s", "45 s", "1 h 05 min".
std::string WaitText(std::chrono::seconds wait) {
  const auto total = wait.count();
  const auto hours = total / 3600;
  const auto minutes = (total % 3600) / 60;
  const auto seconds = total % 60;
  if (hours > 0) {
    return std::to_string(hours) + " h " + (minutes < 10 ? "0" : "") + std::to_string(minutes) +
           " min";
  }
  if (minutes > 0) return std::to_string(minutes) + " min " + std::to_string(seconds) + " s";
  return std::to_string(seconds) + " s";
}

struct DashboardPeriod {
  std::string code;   // "mois", "annee", "12mois"
  std::string label;  // "ce mois-ci"
  app::ReportPeriod period;
};

std::vector<DashboardPeriod> Periods(sys_days today) {
  const date::year_month_day ymd{today};
  const sys_days month_start{ymd.year() / ymd.month() / 1};
  const sys_days year_start{ymd.year() / 1 / 1};
  return {{"mois", "Ce mois-ci", {month_start, today}},
          {"annee", "Depuis le 1er janvier", {year_start, today}},
          {"12mois", "Les douze derniers mois", {today - days{364}, today}}};
}

PageData QueueData(const app::QueueWaits& waits) {
  PageData data;
  data.set("tickets", FrenchCount(waits.tickets));
  data.set("called", FrenchCount(waits.called));
  data.set("not_served", FrenchCount(waits.not_served));
  data.set("mean", WaitText(*waits.mean_wait));
  data.set("median", WaitText(*waits.median_wait));
  data.set("p90", WaitText(*waits.p90_wait));
  return data;
}

PageData AttendanceData(const app::AppointmentAttendance& a) {
  PageData data;
  data.set("appointments", FrenchCount(a.appointments));
  data.set("seen", FrenchCount(a.seen));
  data.set("no_show", FrenchCount(a.no_show));
  data.set("excused", FrenchCount(a.excused));
  data.set("cancelled", FrenchCount(a.cancelled));
  data.set("unmarked", FrenchCount(a.unmarked));
  data.set("rate", FrenchPercent(*a.no_show_rate));
  return data;
}

PageData WorkshopData(const WorkshopActivity& w) {
  PageData data;
  data.set("sessions", FrenchCount(w.sessions));
  data.set("seats", FrenchCount(w.seats));
  data.set("registered", FrenchCount(w.registered));
  data.set("waitlisted", FrenchCount(w.waitlisted));
  data.set("present", FrenchCount(w.present));
  data.set("absent", FrenchCount(w.absent));
  data.set("walk_ins", FrenchCount(w.walk_ins));
  data.set("participants", FrenchCount(w.participants));
  data.set("fill_rate", FrenchPercent(w.fill_rate));
  data.set("attendance_rate", FrenchPercent(w.attendance_rate));
  return data;
}

// "4,3" (one decimal, a decimal comma).
std::string Score(double score) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", score);
  std::string out = text;
  for (char& c : out) {
    if (c == '.') c = ',';
  }
  return out;
}

// The year's satisfaction per kind of service and for all: answers, the
// mean score of each criterion, the share who would recommend the desk.
// None without an answer.
std::optional<PageData> SatisfactionData(const SurveySummary& summary) {
  if (summary.count == 0) return std::nullopt;
  SurveyTally all;
  PageData rows = PageData::type::list;
  const auto row = [&](const std::string& label, const SurveyTally& t) {
    PageData item;
    item.set("label", label);
    item.set("count", std::to_string(t.count));
    item.set("count_text", FrenchCount(t.count));
    for (const SurveyCriterion& c : kSurveyCriteria) {
      const double mean = t.Average(c.name);
      item.set(std::string(c.name), std::to_string(mean));
      item.set(std::string(c.name) + "_text", Score(mean) + " / 5");
    }
    const auto recommend = t.RecommendShare();
    item.set("recommend", recommend ? FrenchPercent(*recommend) : std::string("—"));
    rows.push_back(item);
  };
  for (const SurveyTally& t : summary.totals) {
    all.count += t.count;
    all.professionalism_sum += t.professionalism_sum;
    all.efficiency_sum += t.efficiency_sum;
    all.listening_sum += t.listening_sum;
    all.recommend_answers += t.recommend_answers;
    all.recommend_yes += t.recommend_yes;
    if (t.count > 0) row(std::string(SurveyKindLabel(t.kind)), t);
  }
  row("Tous les services", all);
  PageData data;
  data.set("year", std::to_string(summary.year));
  data.set("count", FrenchCount(summary.count));
  data.set("rows", rows);
  return data;
}

Response Dashboard(const Request& request, Services& services) {
  if (services.reports == nullptr) {
    return ErrorResponseFor(request, Error{ErrorKind::kNotFound, "not_found",
                                           "Les rapports ne sont pas servis ici.", ""});
  }
  auto agent = SignedInAgent(request, services);
  if (!agent) return SignInRedirect(agent.error());
  if (auto allowed = app::Authorize(*agent, app::Action::kViewReports); !allowed) {
    return ErrorResponseFor(request, allowed.error());
  }
  const auto instant = date::floor<std::chrono::seconds>(services.clock.Now());
  const sys_days today{services.sites.CurrentHours()->LocalDate(instant)};
  const std::vector<DashboardPeriod> periods = Periods(today);
  const std::string asked = request.Query("periode");
  const DashboardPeriod* chosen = &periods[0];
  for (const DashboardPeriod& p : periods) {
    if (p.code == asked) chosen = &p;
  }
  if (!asked.empty() && chosen->code != asked) {
    return ErrorResponseFor(request, Error{ErrorKind::kMalformed, "invalid_period",
                                           "Période attendue : mois, annee ou 12mois.", "periode"});
  }

  auto month = services.reports->Activity(*agent, periods[0].period);
  if (!month) return ErrorResponseFor(request, month.error());
  auto last30 = services.reports->Activity(*agent, {today - days{29}, today});
  if (!last30) return ErrorResponseFor(request, last30.error());
  auto chosen_report =
      chosen == &periods[0] ? month : services.reports->Activity(*agent, chosen->period);
  if (!chosen_report) return ErrorResponseFor(request, chosen_report.error());

  Response cookies;
  PageData data;
  data.set("csrf", CsrfToken(request, cookies));
  data.set("agent", AgentData(*agent));
  data.set("site_name", month->site_name);
  data.set("month_label", PeriodLabel(month->current.from, month->current.to));
  data.set("month_before", PeriodLabel(month->previous.from, month->previous.to));
  data.set("month_figures",
           KeyFiguresTable("t-mois", "Ce mois-ci et les mêmes jours un an avant", month->current,
                           month->previous, {"ce mois-ci", "un an avant"}));
  {
    // Without the year before: the same date fell on another weekday.
    TableSpec spec{"t-30jours", "Visites par jour, les 30 derniers jours", "Jour", "line", false,
                   false};
    data.set("days_table",
             BreakdownTable(spec, CompareByDay(last30->current.by_day, last30->previous.by_day),
                            {"", "un an avant"}));
  }

  PageData choices = PageData::type::list;
  for (const DashboardPeriod& p : periods) {
    PageData choice;
    choice.set("code", p.code);
    choice.set("label", p.label);
    choice.set("selected", &p == chosen);
    choices.push_back(choice);
  }
  data.set("periods", choices);
  const ActivityReport& now = chosen_report->current;
  const ActivityReport& before = chosen_report->previous;
  const PeriodColumns columns{"", "un an avant"};
  data.set("period_label", PeriodLabel(now.from, now.to));

  std::optional<app::WeeklyOpenHours> open;
  if (services.desk_indicators != nullptr) {
    const date::weekday weekday{today};
    open = services.desk_indicators->OpenHours(today - days{(weekday.iso_encoding() + 6) % 7});
  }
  data.set("heatmap",
           WeekdayHourTable("t-heures", "Visites par jour et heure d'arrivée", now, open));
  data.set("has_open_hours", open.has_value());

  const auto table = [&](const char* id, const std::string& caption, const char* row_header,
                         const char* chart, const std::vector<ComparedCount>& lines) {
    TableSpec spec{id, caption, row_header, chart, true, false};
    return BreakdownTable(spec, lines, columns);
  };
  data.set(
      "communes",
      table("t-communes", "Visites par commune de résidence (les 10 premières)", "Commune", "hbar",
            TopLines(CompareByKey(now.by_commune, before.by_commune), 10, "Autres communes")));
  data.set("departments", table("t-departements", "Visites par département de résidence",
                                "Département", "doughnut",
                                TopLines(CompareByKey(now.by_department, before.by_department), 6,
                                         "Autres départements")));
  data.set("qpv", table("t-qpv", "Visites selon le quartier prioritaire (QPV)", "Lieu de vie",
                        "doughnut", QpvLines(now, before)));
  data.set("qpv_share", FrenchPercent(now.qpv_share));
  data.set("partners", table("t-partenaires", "Visites par opérateur partenaire", "Partenaire",
                             "hbar", CompareByKey(now.by_partner, before.by_partner)));
  data.set(
      "themes",
      table("t-themes", "Visites par thème (une visite compte pour chacun de ses thèmes)", "Thème",
            "hbar", TopLines(CompareByKey(now.by_theme, before.by_theme), 12, "Autres thèmes")));
  data.set("outcomes", table("t-resultats", "Résultat des visites", "Résultat", "doughnut",
                             CompareByKey(now.by_outcome, before.by_outcome)));
  data.set("resolved_share", FrenchPercent(now.resolved_share));
  data.set("resolved_before", FrenchPercent(before.resolved_share));

  if (services.desk_indicators != nullptr) {
    auto waits = services.desk_indicators->Waits(*agent, now.from, now.to);
    if (!waits) return ErrorResponseFor(request, waits.error());
    if (waits->mean_wait) data.set("queue", QueueData(*waits));
    auto attendance = services.desk_indicators->Attendance(*agent, now.from, now.to);
    if (!attendance) return ErrorResponseFor(request, attendance.error());
    if (attendance->no_show_rate) data.set("attendance", AttendanceData(*attendance));
  }

  if (services.workshops != nullptr) {
    auto workshops = services.workshops->Activity(*agent, now.from, now.to);
    if (!workshops) return ErrorResponseFor(request, workshops.error());
    if (workshops->sessions > 0) data.set("workshops", WorkshopData(*workshops));
  }
  if (services.surveys != nullptr) {
    auto results =
        services.surveys->Results(*agent, static_cast<int>(date::year_month_day{today}.year()));
    if (!results) return ErrorResponseFor(request, results.error());
    if (auto satisfaction = SatisfactionData(results->summary)) {
      data.set("satisfaction", *satisfaction);
    }
  }

  Response page = RenderPage("dashboard", "Tableau de bord", std::move(data));
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

}  // namespace

void AddDashboardRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Staff(app::Action::kViewReports),
             {"GET", "/tableau-de-bord", [s](const Request& r) { return Dashboard(r, *s); }, true});
}

}  // namespace relais::web
