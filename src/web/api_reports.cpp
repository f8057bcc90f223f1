// The reports' JSON API (api/v1): the activity report as JSON and CSV, the
// GIP funding split, and the GIP's members. Handlers only translate: read
// the request, call app::Reports, write the answer.
#include <algorithm>
#include <charconv>

#include "app/reports.h"
#include "web/errors.h"
#include "web/json.h"
#include "web/money.h"
#include "web/report_csv.h"
#include "web/report_json.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

using nlohmann::json;

Response JsonText(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

tl::unexpected<Error> Unavailable() {
  return Fail(ErrorKind::kNotFound, "not_found", "Les rapports ne sont pas servis ici.");
}

// "2024" → 2024; kMalformed "invalid_year" for anything but 1 to 4 digits,
// then the range of CheckReportYear.
Result<int> ParseYear(const std::string& text) {
  int year = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.empty() || text.size() > 4 || text[0] == '-' || ec != std::errc() ||
      end != text.data() + text.size()) {
    return Fail(ErrorKind::kMalformed, "invalid_year", "Année attendue sur 4 chiffres (2024).",
                "year");
  }
  if (auto ok = app::CheckReportYear(year); !ok) return tl::unexpected(ok.error());
  return year;
}

// `year`, or `from` and `to` (both), or else the current year.
Result<app::ReportPeriod> PeriodOf(const Request& request, const app::Reports& reports) {
  const std::string year = request.Query("year");
  const std::string from = request.Query("from");
  const std::string to = request.Query("to");
  if (!year.empty()) {
    if (!from.empty() || !to.empty()) {
      return Fail(ErrorKind::kMalformed, "ambiguous_period",
                  "Donnez soit « year », soit « from » et « to », pas les deux.", "year");
    }
    auto parsed = ParseYear(year);
    if (!parsed) return tl::unexpected(parsed.error());
    return app::ReportPeriod::Year(*parsed);
  }
  if (!from.empty() || !to.empty()) {
    if (from.empty() || to.empty()) {
      return Fail(ErrorKind::kMalformed, "missing_date",
                  "Une période se donne par ses deux jours, « from » et « to ».",
                  from.empty() ? "from" : "to");
    }
    return app::ReportPeriod::Between(from, to);
  }
  return app::ReportPeriod::Year(reports.CurrentYear());
}

Result<app::ActivityComparison> ActivityOf(const Request& request, Services& services,
                                           bool exported) {
  if (services.reports == nullptr) return Unavailable();
  auto agent = SignedInAgent(request, services);
  if (!agent) return tl::unexpected(agent.error());
  auto period = PeriodOf(request, *services.reports);
  if (!period) return tl::unexpected(period.error());
  return exported ? services.reports->Export(*agent, *period)
                  : services.reports->Activity(*agent, *period);
}

Response Activity(const Request& request, Services& services) {
  auto report = ActivityOf(request, services, false);
  if (!report) return ErrorResponse(report.error());
  return JsonText(200, ActivityJson(*report));
}

Response ActivityCsvFile(const Request& request, Services& services) {
  auto report = ActivityOf(request, services, true);
  if (!report) return ErrorResponse(report.error());
  Response response;
  response.content_type = "text/csv; charset=utf-8";
  response.body = ActivityCsv(*report);
  std::string disposition = "attachment; filename=\"rapport-activite-";
  disposition += app::FormatDate(report->current.from);
  disposition += '-';
  disposition += app::FormatDate(report->current.to);
  disposition += ".csv\"";
  response.headers.emplace_back("Content-Disposition", std::move(disposition));
  return response;
}

// GET /api/v1/networks/{id}/reports/activity: the network's report, by
// `year` or `from` and `to` as the site's.
Response NetworkActivity(const Request& request, Services& services) {
  if (services.reports == nullptr || services.networks == nullptr) {
    return ErrorResponse(Unavailable().value());
  }
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto period = PeriodOf(request, *services.reports);
  if (!period) return ErrorResponse(period.error());
  auto report = services.networks->Activity(*agent, request.params.at("id"), *period);
  if (!report) return ErrorResponse(report.error());
  return JsonText(200, NetworkActivityJson(*report));
}

Response Funding(const Request& request, Services& services) {
  if (services.reports == nullptr) return ErrorResponse(Unavailable().value());
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  int year = services.reports->CurrentYear();
  if (const std::string text = request.Query("year"); !text.empty()) {
    auto parsed = ParseYear(text);
    if (!parsed) return ErrorResponse(parsed.error());
    year = *parsed;
  }
  const std::string budget_text = request.Query("budget");
  if (budget_text.empty()) {
    return ErrorResponse(Error{ErrorKind::kMalformed, "missing_budget",
                               "Le budget de l'année (en euros) est obligatoire.", "budget"});
  }
  auto budget = ParseEuros(budget_text, "budget");
  if (!budget) return ErrorResponse(budget.error());
  auto split = services.reports->Funding(*agent, year, *budget);
  if (!split) return ErrorResponse(split.error());
  return JsonText(200, FundingJson(*split, year));
}

Response ListMembers(const Request& request, Services& services) {
  if (services.reports == nullptr) return ErrorResponse(Unavailable().value());
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto members = services.reports->Members(*agent);
  if (!members) return ErrorResponse(members.error());
  return JsonText(200, MembersJson(*members));
}

// The body of PUT /api/v1/members/{id}: {"name","kind","commune_insee",
// "key","fixed_amount","position"}; unknown members are refused.
Result<Member> MemberFromJson(const std::string& id, const json& body) {
  static const char* const kKnown[] = {"id",  "name",         "kind",    "commune_insee",
                                       "key", "fixed_amount", "position"};
  for (const auto& [key, value] : body.items()) {
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      return Fail(ErrorKind::kInvalid, "unknown_field", "Champ inconnu pour un membre du GIP.",
                  key);
    }
  }
  if (auto it = body.find("id"); it != body.end() && (!it->is_string() || *it != id)) {
    return Fail(ErrorKind::kInvalid, "id_mismatch",
                "L'identifiant du corps diffère de celui de l'adresse.", "id");
  }
  Member member;
  member.id = id;
  auto name = RequiredString(body, "name");
  if (!name) return tl::unexpected(name.error());
  member.name = *name;
  auto kind_text = RequiredString(body, "kind");
  if (!kind_text) return tl::unexpected(kind_text.error());
  auto kind = ParseMemberKind(*kind_text);
  if (!kind) {
    return Fail(ErrorKind::kInvalid, "invalid_kind",
                "Genre attendu : commune, department, state, ccas, social_landlord ou other.",
                "kind");
  }
  member.kind = *kind;
  auto commune = OptionalString(body, "commune_insee", "commune_insee");
  if (!commune) return tl::unexpected(commune.error());
  if (!commune->empty()) member.commune_insee = *commune;
  auto key_text = OptionalString(body, "key", "key");
  if (!key_text) return tl::unexpected(key_text.error());
  auto key = ParseFundingKey(key_text->empty() ? "fixed" : *key_text);
  if (!key) {
    return Fail(ErrorKind::kInvalid, "invalid_key", "Clé attendue : fixed ou usage.", "key");
  }
  member.key = *key;
  if (auto amount = body.find("fixed_amount"); amount != body.end() && !amount->is_null()) {
    if (!amount->is_number() && !amount->is_string()) {
      return Fail(ErrorKind::kInvalid, "invalid_amount",
                  "« fixed_amount » est un montant en euros (1500.50).", "fixed_amount");
    }
    // A JSON number is read through its shortest text (1500.5 → "1500.5").
    const std::string text = amount->is_string() ? amount->get<std::string>() : amount->dump();
    auto cents = ParseEuros(text, "fixed_amount");
    if (!cents) {
      Error error = cents.error();
      error.kind = ErrorKind::kInvalid;
      return tl::unexpected(error);
    }
    member.fixed_cents = *cents;
  }
  auto position = OptionalInt(body, "position", 0, 0, 1'000'000);
  if (!position) return tl::unexpected(position.error());
  member.position = *position;
  return member;
}

Response SaveMember(const Request& request, Services& services) {
  if (services.reports == nullptr) return ErrorResponse(Unavailable().value());
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto draft = MemberFromJson(request.params.at("id"), *body);
  if (!draft) return ErrorResponse(draft.error());
  auto saved = services.reports->SaveMember(*agent, *draft);
  if (!saved) return ErrorResponse(saved.error());
  return JsonText(200, MemberJson(*saved));
}

Response DeleteMember(const Request& request, Services& services) {
  if (services.reports == nullptr) return ErrorResponse(Unavailable().value());
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto deleted = services.reports->DeleteMember(*agent, request.params.at("id"));
  if (!deleted) return ErrorResponse(deleted.error());
  return JsonResponse(200, {{"status", "deleted"}});
}

}  // namespace

void AddReportRoutes(Router& router, Services& services) {
  Services* s = &services;
  const auto route = [&](Access access, const char* method, const char* pattern,
                         Response (*handler)(const Request&, Services&)) {
    router.Add(access,
               {method, pattern, [s, handler](const Request& r) { return handler(r, *s); }, true});
  };
  route(Access::Staff(app::Action::kViewReports), "GET", "/api/v1/reports/activity", Activity);
  route(Access::Staff(app::Action::kExportReports), "GET", "/api/v1/reports/activity.csv",
        ActivityCsvFile);
  route(Access::Staff(app::Action::kViewFunding), "GET", "/api/v1/reports/funding", Funding);
  // Also refused to an agent who does not work at every site of the network.
  route(Access::Staff(app::Action::kViewReports), "GET", "/api/v1/networks/{id}/reports/activity",
        NetworkActivity);
  route(Access::Staff(app::Action::kManageMembers), "GET", "/api/v1/members", ListMembers);
  route(Access::Staff(app::Action::kManageMembers), "PUT", "/api/v1/members/{id}", SaveMember);
  route(Access::Staff(app::Action::kManageMembers), "DELETE", "/api/v1/members/{id}", DeleteMember);
}

}  // namespace relais::web
