// The visits' JSON API (api/v1): log a visit, the day's visits, the commune
// search and the themes. Handlers only translate: read the request, call
// app::Visits, write the answer.
#include <algorithm>
#include <charconv>
#include <limits>

#include "app/visits.h"
#include "web/errors.h"
#include "web/json.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

using nlohmann::json;

constexpr std::size_t kDefaultCommuneLimit = 10;
constexpr std::size_t kMaxCommuneLimit = 100;

tl::unexpected<Error> WrongType(const std::string& field, const std::string& expected) {
  return Fail(ErrorKind::kInvalid, "invalid_field",
              "Le champ « " + field + " » doit être " + expected + ".", field);
}

// Member `name` as an optional string: absent or null is nothing.
Result<std::optional<std::string>> OptionalText(const json& object, const std::string& name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return WrongType(name, "une chaîne ou null");
  return std::optional<std::string>{it->get<std::string>()};
}

Result<std::optional<bool>> OptionalFlag(const json& object, const std::string& name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::optional<bool>{};
  if (!it->is_boolean()) return WrongType(name, "true, false ou null");
  return std::optional<bool>{it->get<bool>()};
}

// The body of POST /api/v1/visits as a draft; wrong JSON types and unknown
// members are refused naming the field (nothing may carry a name in).
Result<app::VisitDraft> DraftFromJson(const json& body) {
  static const char* const kKnown[] = {
      "at",      "commune_insee",    "qpv",     "partner",    "themes",
      "outcome", "duration_minutes", "channel", "first_visit"};
  for (const auto& [key, value] : body.items()) {
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      return Fail(ErrorKind::kInvalid, "unknown_field",
                  "Champ inconnu : un passage est anonyme et ne prend que les champs documentés.",
                  key);
    }
  }
  app::VisitDraft draft;
  auto at = OptionalText(body, "at");
  if (!at) return tl::unexpected(at.error());
  draft.at = *at;
  auto commune = OptionalText(body, "commune_insee");
  if (!commune) return tl::unexpected(commune.error());
  draft.commune_insee = *commune;
  auto qpv = OptionalFlag(body, "qpv");
  if (!qpv) return tl::unexpected(qpv.error());
  draft.qpv = *qpv;
  auto partner = OptionalText(body, "partner");
  if (!partner) return tl::unexpected(partner.error());
  draft.partner = *partner;
  if (auto themes = body.find("themes"); themes != body.end() && !themes->is_null()) {
    if (!themes->is_array()) return WrongType("themes", "une liste de codes de thématiques");
    for (const json& theme : *themes) {
      if (!theme.is_string()) return WrongType("themes", "une liste de codes de thématiques");
      draft.themes.push_back(theme.get<std::string>());
    }
  }
  auto outcome = body.find("outcome");
  if (outcome == body.end() || !outcome->is_string()) {
    return WrongType("outcome", "l'une des chaînes resolved, appointment, referred ou pending");
  }
  draft.outcome = outcome->get<std::string>();
  if (auto duration = body.find("duration_minutes");
      duration != body.end() && !duration->is_null()) {
    if (duration->is_number_unsigned()) {
      draft.duration_minutes = static_cast<std::int64_t>(std::min<std::uint64_t>(
          duration->get<std::uint64_t>(), std::numeric_limits<std::int32_t>::max()));
    } else if (duration->is_number_integer()) {
      draft.duration_minutes = duration->get<std::int64_t>();
    } else {
      return WrongType("duration_minutes", "un nombre entier de minutes ou null");
    }
  }
  auto channel = OptionalText(body, "channel");
  if (!channel) return tl::unexpected(channel.error());
  draft.channel = *channel;
  auto first_visit = OptionalFlag(body, "first_visit");
  if (!first_visit) return tl::unexpected(first_visit.error());
  draft.first_visit = *first_visit;
  return draft;
}

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json VisitJson(const app::Visit& visit, const app::TimeZone& zone, const app::Communes& communes) {
  json commune_name = nullptr;
  if (visit.commune_insee) {
    if (auto commune = communes.Find(*visit.commune_insee))
      commune_name = std::string(commune->name);
  }
  return {{"id", visit.id},
          {"at", zone.FormatRfc3339(visit.at)},
          {"commune_insee", OrNull(visit.commune_insee)},
          {"commune_name", commune_name},
          {"qpv", OrNull(visit.qpv)},
          {"partner", OrNull(visit.partner)},
          {"themes", visit.themes},
          {"outcome", app::OutcomeName(visit.outcome)},
          {"duration_minutes", OrNull(visit.duration_minutes)},
          {"channel", app::ChannelName(visit.channel)},
          {"first_visit", OrNull(visit.first_visit)}};
}

Response LogVisit(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto draft = DraftFromJson(*body);
  if (!draft) return ErrorResponse(draft.error());
  auto visit = services.visits.Log(*agent, *draft);
  if (!visit) return ErrorResponse(visit.error());
  Response response = JsonResponse(
      201, VisitJson(*visit, services.sites.CurrentHours()->zone(), services.visits.communes()));
  response.Header("Location", "/api/v1/visits?date=" + services.visits.Today());
  return response;
}

Response ListVisits(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  const std::string date =
      request.Query("date").empty() ? services.visits.Today() : request.Query("date");
  auto visits = services.visits.Day(*agent, date);
  if (!visits) return ErrorResponse(visits.error());
  const auto hours = services.sites.CurrentHours();
  json list = json::array();
  for (const app::Visit& visit : *visits)
    list.push_back(VisitJson(visit, hours->zone(), services.visits.communes()));
  return JsonResponse(200, list);
}

Response SearchCommunes(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  std::size_t limit = kDefaultCommuneLimit;
  if (const std::string text = request.Query("limit"); !text.empty()) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return ErrorResponse(Error{ErrorKind::kMalformed, "invalid_limit",
                                 "« limit » doit être un nombre entier.", "limit"});
    }
    if (limit < 1 || limit > kMaxCommuneLimit) {
      return ErrorResponse(Error{ErrorKind::kInvalid, "invalid_limit",
                                 "« limit » va de 1 à " + std::to_string(kMaxCommuneLimit) + ".",
                                 "limit"});
    }
  }
  const std::string& site_id = services.sites.Current()->id;
  const std::string query = request.Query("q");
  const app::Communes& communes = services.visits.communes();
  const auto found = query.empty() ? communes.MostFrequent(site_id, limit)
                                   : communes.Search(site_id, query, limit);
  json list = json::array();
  for (const Commune& commune : found) {
    list.push_back(
        {{"insee", commune.insee}, {"name", commune.name}, {"department", commune.department}});
  }
  return JsonResponse(200, list);
}

Response ListThemes() {
  json list = json::array();
  for (const app::Theme& theme : app::Themes())
    list.push_back({{"code", theme.code}, {"name", theme.label}});
  return JsonResponse(200, list);
}

}  // namespace

void AddVisitRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Staff(app::Action::kLogVisit),
             {"POST", "/api/v1/visits", [s](const Request& r) { return LogVisit(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kLogVisit),
             {"GET", "/api/v1/visits", [s](const Request& r) { return ListVisits(r, *s); }, true});
  router.Add(Access::SignedIn(), {"GET", "/api/v1/communes",
                                  [s](const Request& r) { return SearchCommunes(r, *s); }, true});
  router.Add(Access::Public(),
             {"GET", "/api/v1/themes", [](const Request&) { return ListThemes(); }, false});
}

}  // namespace relais::web
