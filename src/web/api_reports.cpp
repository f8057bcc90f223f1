// The reports' JSON API (api/v1): the activity report of the site and of a
// network (their files: api_report_files.cpp), the GIP funding split, and
// the GIP's members. Handlers only translate: read
// the request, call app::Reports, write the answer.
#include <algorithm>

#include "app/reports.h"
#include "web/errors.h"
#include "web/json.h"
#include "web/money.h"
#include "web/report_json.h"
#include "web/report_query.h"
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

Response Activity(const Request& request, Services& services) {
  if (services.reports == nullptr) return ErrorResponse(Unavailable().value());
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto period = RequestedPeriod(request, *services.reports, kApiPeriod);
  if (!period) return ErrorResponse(period.error());
  auto report = services.reports->Activity(*agent, *period);
  if (!report) return ErrorResponse(report.error());
  return JsonText(200, ActivityJson(*report));
}

// GET /api/v1/networks/{id}/reports/activity: the network's report, by
// `year` or `from` and `to` as the site's.
Response NetworkActivity(const Request& request, Services& services) {
  if (services.reports == nullptr || services.networks == nullptr) {
    return ErrorResponse(Unavailable().value());
  }
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto period = RequestedPeriod(request, *services.reports, kApiPeriod);
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
    auto parsed = ParseReportYear(text, "year");
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
  route(Access::Staff(app::Action::kViewFunding), "GET", "/api/v1/reports/funding", Funding);
  // Also refused to an agent who does not work at every site of the network.
  route(Access::Staff(app::Action::kViewReports), "GET", "/api/v1/networks/{id}/reports/activity",
        NetworkActivity);
  route(Access::Staff(app::Action::kManageMembers), "GET", "/api/v1/members", ListMembers);
  route(Access::Staff(app::Action::kManageMembers), "PUT", "/api/v1/members/{id}", SaveMember);
  route(Access::Staff(app::Action::kManageMembers), "DELETE", "/api/v1/members/{id}", DeleteMember);
}

}  // namespace relais::web
