// The steering pages: the printable activity report (/rapport?annee=Y, or
// ?du=D&au=D) with every breakdown as a table beside the year before, and
// the GIP funding split (/financement?annee=Y&budget=EUROS) with a
// printable "Appel de contribution" per member (/financement/{id}).
// A network's sites and consolidated report (/reseaux, /reseaux/{id}).
// Aggregates only: no page names a person. No JavaScript needed; the A4
// print stylesheet is web/static/rapport.css.
#include <algorithm>
#include <cstdio>

#include "app/policy.h"
#include "app/reports.h"
#include "web/errors.h"
#include "web/french.h"
#include "web/money.h"
#include "web/page_common.h"
#include "web/report_query.h"
#include "web/report_tables.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

// The signed-in agent allowed `action`, or the response to send instead
// (the login page, 403, or 404 when reports are not served).
Result<app::Agent> SteeringAgent(const Request& request, Services& services, app::Action action,
                                 Response& refusal) {
  if (services.reports == nullptr) {
    Error error{ErrorKind::kNotFound, "not_found", "Les rapports ne sont pas servis ici.", ""};
    refusal = ErrorResponseFor(request, error);
    return tl::unexpected(error);
  }
  auto agent = SignedInAgent(request, services);
  if (!agent) {
    refusal = SignInRedirect(agent.error());
    return tl::unexpected(agent.error());
  }
  if (auto allowed = app::Authorize(*agent, action); !allowed) {
    refusal = ErrorResponseFor(request, allowed.error());
    return tl::unexpected(allowed.error());
  }
  return agent;
}

Response Page(const std::string& name, const std::string& title, PageData data, Response& cookies,
              int status) {
  Response page = RenderPage(name, title, std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

// 1234567 cents → "12 345,67 €".
std::string FrenchEuros(std::int64_t cents) {
  const std::int64_t euros = cents / 100;
  const std::int64_t rest = cents % 100;
  char decimals[4];
  std::snprintf(decimals, sizeof decimals, "%02d", static_cast<int>(rest < 0 ? -rest : rest));
  return FrenchCount(euros) + "," + decimals + "\u00a0€";
}

// 0.12345 → "12,35 %" (funding shares carry two decimals).
std::string FundingPercent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", share * 100);
  std::string out = text;
  std::replace(out.begin(), out.end(), '.', ',');
  return out + "\u00a0%";
}

std::string TodayText(Services& services) {
  const auto now = date::floor<std::chrono::seconds>(services.clock.Now());
  const auto day = services.sites.CurrentHours()->LocalDate(now);
  const std::string text = FrenchDate(day);
  return text.substr(text.find(' ') + 1);  // without the weekday
}

// --- The activity report ------------------------------------------------------

struct Section {
  std::string id;
  std::string title;
  std::string table;
  bool folded = false;  // in a <details>: long lists
};

std::vector<Section> ReportSections(const app::ActivityComparison& report,
                                    const PeriodColumns& columns) {
  const ActivityReport& now = report.current;
  const ActivityReport& before = report.previous;
  std::vector<Section> sections;
  const auto add = [&](const std::string& id, const std::string& title,
                       const std::string& row_header, const std::vector<ComparedCount>& lines,
                       bool folded = false) {
    TableSpec spec;
    spec.id = "t-" + id;
    spec.caption = title + " (" + columns.current + " et " + columns.previous + ")";
    spec.row_header = row_header;
    sections.push_back({"s-" + id, title, BreakdownTable(spec, lines, columns), folded});
  };
  add("mois", "Visites par mois", "Mois", CompareByPosition(now.by_month, before.by_month));
  add("semaine", "Visites par jour de la semaine", "Jour",
      CompareByKey(now.by_weekday, before.by_weekday));
  sections.push_back(
      {"s-heures", "Visites par jour et heure d'arrivée",
       WeekdayHourTable("t-heures", "Visites par jour et heure d'arrivée (" + columns.current + ")",
                        now, std::nullopt),
       false});
  add("communes", "Visites par commune de résidence", "Commune",
      CompareByKey(now.by_commune, before.by_commune));
  add("departements", "Visites par département de résidence", "Département",
      CompareByKey(now.by_department, before.by_department));
  add("qpv", "Visites selon le quartier prioritaire (QPV)", "Lieu de vie", QpvLines(now, before));
  add("partenaires", "Visites par opérateur partenaire", "Partenaire",
      CompareByKey(now.by_partner, before.by_partner));
  add("themes", "Visites par thème (une visite compte pour chacun de ses thèmes)", "Thème",
      CompareByKey(now.by_theme, before.by_theme));
  add("resultats", "Résultat des visites", "Résultat",
      CompareByKey(now.by_outcome, before.by_outcome));
  add("canaux", "Canal des visites", "Canal", CompareByKey(now.by_channel, before.by_channel));
  add("jours", "Visites jour par jour", "Jour", CompareByDay(now.by_day, before.by_day), true);
  return sections;
}

// The sections as the report's and the network's templates list them.
PageData SectionsData(const app::ActivityComparison& report, const PeriodColumns& columns) {
  PageData list = PageData::type::list;
  for (const Section& section : ReportSections(report, columns)) {
    PageData item;
    item.set("id", section.id);
    item.set("title", section.title);
    item.set("table", section.table);
    item.set("folded", section.folded);
    list.push_back(item);
  }
  return list;
}

Response ReportPage(const Request& request, Services& services) {
  Response refusal;
  auto agent = SteeringAgent(request, services, app::Action::kViewReports, refusal);
  if (!agent) return refusal;
  Response cookies;
  PageData data;
  data.set("csrf", CsrfToken(request, cookies));
  data.set("agent", AgentData(*agent));
  data.set("year_value", request.Query("annee"));
  data.set("from_value", request.Query("du"));
  data.set("to_value", request.Query("au"));
  data.set("can_export", app::Allowed(agent->role, app::Action::kExportReports));

  const auto refuse = [&](const Error& error) {
    data.set("error", error.message);
    if (error.field == "annee") data.set("year_error", true);
    if (error.field == "du") data.set("from_error", true);
    if (error.field == "au" || error.field == "to") data.set("to_error", true);
    data.set("period", std::string("—"));
    return Page("report", "Rapport d'activité", std::move(data), cookies, HttpStatus(error.kind));
  };
  auto period = RequestedPeriod(request, *services.reports, kPagePeriod);
  if (!period) return refuse(period.error());
  auto report = services.reports->Activity(*agent, *period);
  if (!report) {
    if (report.error().kind == ErrorKind::kForbidden)
      return ErrorResponseFor(request, report.error());
    return refuse(report.error());
  }
  const PeriodColumns columns = ColumnsOf(report->current, report->previous);
  const std::string label = PeriodLabel(report->current.from, report->current.to);
  data.set("period", label);
  data.set("site_name", report->site_name);
  data.set("previous", PeriodLabel(report->previous.from, report->previous.to));
  data.set("query", ApiPeriodQuery(*period));
  data.set("has_report", true);
  data.set("key_figures",
           KeyFiguresTable("t-chiffres",
                           "Chiffres clés (" + columns.current + " et " + columns.previous + ")",
                           report->current, report->previous, columns));
  data.set("sections", SectionsData(*report, columns));
  const std::string title =
      "Rapport d'activité " + (label.size() == 4 ? label : std::string("(") + label + ")");
  return Page("report", title, std::move(data), cookies, 200);
}

// --- A network's report ---------------------------------------------------------

// /reseaux: the networks whose report the agent may see.
Response NetworksPage(const Request& request, Services& services) {
  Response refusal;
  auto agent = SteeringAgent(request, services, app::Action::kViewReports, refusal);
  if (!agent) return refusal;
  if (services.networks == nullptr) {
    return ErrorResponseFor(request, Error{ErrorKind::kNotFound, "not_found",
                                           "Les réseaux ne sont pas servis ici.", ""});
  }
  auto networks = services.networks->Visible(*agent);
  if (!networks) return ErrorResponseFor(request, networks.error());
  Response cookies;
  PageData data;
  data.set("csrf", CsrfToken(request, cookies));
  data.set("agent", AgentData(*agent));
  PageData list = PageData::type::list;
  for (const app::Network& network : *networks) {
    PageData item;
    item.set("id", network.id);
    item.set("name", network.name);
    item.set("site_count", FrenchCount(static_cast<std::int64_t>(network.site_ids.size())));
    item.set("one_site", network.site_ids.size() == 1);
    list.push_back(item);
  }
  data.set("networks", list);
  data.set("has_networks", !networks->empty());
  return Page("networks", "Réseaux", std::move(data), cookies, 200);
}

// /reseaux/{id}?annee=Y (or ?du=D&au=D): the network's sites with their
// figures, then its consolidated report as the site report lays it out.
Response NetworkPage(const Request& request, Services& services) {
  Response refusal;
  auto agent = SteeringAgent(request, services, app::Action::kViewReports, refusal);
  if (!agent) return refusal;
  if (services.networks == nullptr) {
    return ErrorResponseFor(request, Error{ErrorKind::kNotFound, "not_found",
                                           "Les réseaux ne sont pas servis ici.", ""});
  }
  const std::string network_id = request.params.at("id");
  Response cookies;
  PageData data;
  data.set("csrf", CsrfToken(request, cookies));
  data.set("agent", AgentData(*agent));
  data.set("network_id", network_id);
  data.set("year_value", request.Query("annee"));
  auto period = RequestedPeriod(request, *services.reports, kPagePeriod);
  auto report = period ? services.networks->Activity(*agent, network_id, *period)
                       : Result<app::NetworkActivity>(tl::unexpected(period.error()));
  if (!report) {
    const Error& error = report.error();
    if (error.kind == ErrorKind::kForbidden || error.kind == ErrorKind::kNotFound) {
      return ErrorResponseFor(request, error);
    }
    data.set("error", error.message);
    data.set("year_error", true);
    data.set("network_name", std::string("—"));
    return Page("network", "Rapport d'un réseau", std::move(data), cookies, HttpStatus(error.kind));
  }
  const app::NetworkActivity& network = *report;
  const ActivityReport& now = network.current.total;
  const ActivityReport& before = network.previous.total;
  const PeriodColumns columns = ColumnsOf(now, before);
  const std::string label = PeriodLabel(now.from, now.to);
  data.set("has_report", true);
  data.set("network_name", network.network.name);
  data.set("can_export", app::Allowed(agent->role, app::Action::kExportReports));
  data.set("query", ApiPeriodQuery(*period));
  data.set("period", label);
  data.set("previous", PeriodLabel(before.from, before.to));
  data.set("column_current", columns.current);
  data.set("column_previous", columns.previous);
  data.set("site_count", FrenchCount(static_cast<std::int64_t>(network.current.sites.size())));
  PageData sites = PageData::type::list;
  for (std::size_t i = 0; i < network.current.sites.size(); ++i) {
    const SiteReport& site = network.current.sites[i];
    const ActivityReport* earlier =
        i < network.previous.sites.size() ? &network.previous.sites[i].report : nullptr;
    PageData item;
    item.set("name", site.site_name);
    item.set("visits", FrenchCount(site.report.visits));
    item.set("visits_value", std::to_string(site.report.visits));
    item.set("people", FrenchCount(site.report.people));
    item.set("resolved", FrenchPercent(site.report.resolved_share));
    item.set("qpv",
             site.report.qpv_known == 0 ? std::string("—") : FrenchPercent(site.report.qpv_share));
    item.set("previous_visits", earlier ? FrenchCount(earlier->visits) : std::string("—"));
    sites.push_back(item);
  }
  data.set("sites", sites);
  data.set("total_visits", FrenchCount(now.visits));
  data.set("total_people", FrenchCount(now.people));
  data.set("total_resolved", FrenchPercent(now.resolved_share));
  data.set("total_qpv", now.qpv_known == 0 ? std::string("—") : FrenchPercent(now.qpv_share));
  data.set("total_previous_visits", FrenchCount(before.visits));
  data.set("key_figures", KeyFiguresTable("t-chiffres",
                                          "Chiffres clés du réseau (" + columns.current + " et " +
                                              columns.previous + ")",
                                          now, before, columns));
  data.set("sections", SectionsData({network.network.name, now, before}, columns));
  return Page("network", "Réseau " + network.network.name + " — " + label, std::move(data), cookies,
              200);
}

// --- The funding split --------------------------------------------------------

std::string KeyLabel(FundingKey key) {
  return key == FundingKey::kUsage ? "Selon l'usage des habitants" : "Forfait";
}

// The year and budget of a funding page: `annee` (default: the current
// year) and `budget` (euros; none when absent).
struct FundingQuery {
  int year = 0;
  std::optional<std::int64_t> budget_cents;
};

Result<FundingQuery> FundingQueryOf(const Request& request, const app::Reports& reports) {
  FundingQuery query;
  query.year = reports.CurrentYear();
  if (const std::string text = request.Query("annee"); !text.empty()) {
    auto year = ParseReportYear(text, "annee");
    if (!year) return tl::unexpected(year.error());
    query.year = *year;
  }
  if (const std::string text = request.Query("budget"); !text.empty()) {
    auto cents = ParseEuros(text, "budget");
    if (!cents) return tl::unexpected(cents.error());
    query.budget_cents = *cents;
  }
  return query;
}

// "annee=2024&budget=150000.00": the link to a statement and back.
std::string FundingLinkQuery(const FundingQuery& query) {
  char budget[40];
  std::snprintf(budget, sizeof budget, "%lld.%02lld",
                static_cast<long long>(*query.budget_cents / 100),
                static_cast<long long>(*query.budget_cents % 100));
  return "annee=" + std::to_string(query.year) + "&budget=" + budget;
}

PageData FundingFormData(const Request& request, const app::Agent& agent, const std::string& csrf) {
  PageData data;
  data.set("csrf", csrf);
  data.set("agent", AgentData(agent));
  data.set("year_value", request.Query("annee"));
  data.set("budget_value", request.Query("budget"));
  return data;
}

Response FundingPage(const Request& request, Services& services) {
  Response refusal;
  auto agent = SteeringAgent(request, services, app::Action::kViewFunding, refusal);
  if (!agent) return refusal;
  Response cookies;
  PageData data = FundingFormData(request, *agent, CsrfToken(request, cookies));
  const auto refuse = [&](const Error& error) {
    data.set("error", error.message);
    if (error.field == "annee" || error.field == "year") data.set("year_error", true);
    if (error.field == "budget") data.set("budget_error", true);
    return Page("funding", "Financement du GIP", std::move(data), cookies, HttpStatus(error.kind));
  };
  auto query = FundingQueryOf(request, *services.reports);
  if (!query) return refuse(query.error());
  data.set("year", std::to_string(query->year));
  if (request.Query("annee").empty()) data.set("year_value", std::to_string(query->year));
  const std::string title = "Financement du GIP en " + std::to_string(query->year);
  if (!query->budget_cents) {
    data.set("ask_budget", true);
    return Page("funding", title, std::move(data), cookies, 200);
  }
  auto split = services.reports->Funding(*agent, query->year, *query->budget_cents);
  if (!split) {
    if (split.error().kind == ErrorKind::kForbidden)
      return ErrorResponseFor(request, split.error());
    return refuse(split.error());
  }
  const std::string link = FundingLinkQuery(*query);
  data.set("has_split", true);
  data.set("budget", FrenchEuros(split->budget_cents));
  data.set("fixed", FrenchEuros(split->fixed_cents));
  data.set("usage", FrenchEuros(split->usage_cents));
  PageData members = PageData::type::list;
  for (const MemberShare& m : split->members) {
    PageData item;
    item.set("id", m.id);
    item.set("link", link);
    item.set("name", m.name);
    item.set("kind", std::string(MemberKindLabel(m.kind)));
    item.set("key", KeyLabel(m.key));
    item.set("share", FundingPercent(m.share));
    item.set("amount", FrenchEuros(m.amount_cents));
    item.set("amount_cents", std::to_string(m.amount_cents));
    members.push_back(item);
  }
  data.set("members", members);
  data.set("has_members", !split->members.empty());
  PageData communes = PageData::type::list;
  std::int64_t usage_visits = 0;
  for (const CommuneUsage& c : split->communes) {
    PageData item;
    item.set("insee", c.insee);
    item.set("name", c.name);
    item.set("visits", FrenchCount(c.visits));
    item.set("share", FundingPercent(c.share));
    communes.push_back(item);
    usage_visits += c.visits;
  }
  data.set("communes", communes);
  data.set("has_communes", !split->communes.empty());
  data.set("usage_visits", FrenchCount(usage_visits));
  return Page("funding", title, std::move(data), cookies, 200);
}

Response StatementPage(const Request& request, Services& services) {
  Response refusal;
  auto agent = SteeringAgent(request, services, app::Action::kViewFunding, refusal);
  if (!agent) return refusal;
  Response cookies;
  PageData data = FundingFormData(request, *agent, CsrfToken(request, cookies));
  auto query = FundingQueryOf(request, *services.reports);
  if (!query) return ErrorResponseFor(request, query.error());
  if (!query->budget_cents) {
    return ErrorResponseFor(request,
                            Error{ErrorKind::kMalformed, "missing_budget",
                                  "Le budget de l'année (en euros) est obligatoire.", "budget"});
  }
  auto split = services.reports->Funding(*agent, query->year, *query->budget_cents);
  if (!split) return ErrorResponseFor(request, split.error());
  const std::string& id = request.params.at("member_id");
  auto member = std::find_if(split->members.begin(), split->members.end(),
                             [&](const MemberShare& m) { return m.id == id; });
  if (member == split->members.end()) {
    return ErrorResponseFor(request, Error{ErrorKind::kNotFound, "unknown_member",
                                           "Ce membre du GIP n'existe pas.", ""});
  }
  const auto site = services.sites.Current();
  data.set("link", FundingLinkQuery(*query));
  data.set("site_name", site->name);
  data.set("site_address", site->address);
  data.set("year", std::to_string(query->year));
  data.set("today", TodayText(services));
  data.set("name", member->name);
  data.set("kind", std::string(MemberKindLabel(member->kind)));
  data.set("amount", FrenchEuros(member->amount_cents));
  data.set("share", FundingPercent(member->share));
  data.set("budget", FrenchEuros(split->budget_cents));
  if (member->key == FundingKey::kFixed) {
    data.set("fixed", true);
  } else {
    PageData usage;
    std::int64_t total = 0;
    std::int64_t visits = 0;
    double share = 0;
    for (const CommuneUsage& c : split->communes) {
      total += c.visits;
      if (member->commune_insee && c.insee == *member->commune_insee) {
        visits = c.visits;
        share = c.share;
      }
    }
    usage.set("fixed_total", FrenchEuros(split->fixed_cents));
    usage.set("usage_total", FrenchEuros(split->usage_cents));
    usage.set("visits", FrenchCount(visits));
    usage.set("all_visits", FrenchCount(total));
    usage.set("visit_share", FundingPercent(share));
    usage.set("no_visits", visits == 0);
    usage.set("insee", member->commune_insee.value_or(""));
    data.set("usage", usage);
  }
  return Page("funding_statement",
              "Appel de contribution " + std::to_string(query->year) + " — " + member->name,
              std::move(data), cookies, 200);
}

}  // namespace

void AddReportPageRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Staff(app::Action::kViewReports),
             {"GET", "/rapport", [s](const Request& r) { return ReportPage(r, *s); }, true});
  // A network's pages also refuse an agent who does not work at every site
  // of the network.
  router.Add(Access::Staff(app::Action::kViewReports),
             {"GET", "/reseaux", [s](const Request& r) { return NetworksPage(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kViewReports),
             {"GET", "/reseaux/{id}", [s](const Request& r) { return NetworkPage(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kViewFunding),
             {"GET", "/financement", [s](const Request& r) { return FundingPage(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kViewFunding),
             {"GET", "/financement/{member_id}",
              [s](const Request& r) { return StatementPage(r, *s); }, true});
}

}  // namespace relais::web
