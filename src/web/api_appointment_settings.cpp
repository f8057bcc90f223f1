// The appointments' settings API (api/v1, admins): appointment types,
// mediators' weekly hours and types, absences. Handlers only translate:
// read the request, call app::AppointmentSettings, write the answer.
#include <string>
#include <vector>

#include "app/appointment_settings.h"
#include "web/errors.h"
#include "web/json.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

using nlohmann::json;

json MediatorJson(const app::MediatorSettings& mediator) {
  return {{"login", mediator.login},
          {"weekly_hours", mediator.weekly_hours},
          {"types", mediator.type_ids}};
}

Result<std::vector<std::string>> StringList(const json& object, const std::string& name) {
  std::vector<std::string> list;
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return list;
  const Error wrong{ErrorKind::kInvalid, "invalid_field",
                    "Le champ « " + name + " » doit être une liste de chaînes.", name};
  if (!it->is_array() || it->size() > 100) return tl::unexpected(wrong);
  for (const json& item : *it) {
    if (!item.is_string()) return tl::unexpected(wrong);
    list.push_back(item.get<std::string>());
  }
  return list;
}

// PUT /api/v1/appointment-types/{id}: the whole type, its defaults for what is left out.
Response SaveType(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  app::AppointmentType type;
  type.id = request.params.at("id");
  auto name = RequiredString(*body, "name");
  if (!name) return ErrorResponse(name.error());
  type.name = *name;
  const std::pair<const char*, std::string*> texts[] = {{"partner", &type.partner},
                                                        {"documents", &type.documents}};
  for (const auto& [field, out] : texts) {
    auto value = OptionalString(*body, field, field);
    if (!value) return ErrorResponse(value.error());
    *out = std::move(*value);
  }
  const struct {
    const char* field;
    int* out;
    int max;
  } numbers[] = {{"duration_minutes", &type.duration_minutes, 24 * 60},
                 {"min_notice_minutes", &type.min_notice_minutes, 60 * 24 * 366},
                 {"horizon_days", &type.horizon_days, 10000},
                 {"buffer_minutes", &type.buffer_minutes, 24 * 60},
                 {"position", &type.position, 100000}};
  for (const auto& number : numbers) {
    auto value = OptionalInt(*body, number.field, *number.out, 0, number.max);
    if (!value) return ErrorResponse(value.error());
    *number.out = *value;
  }
  auto online = OptionalBool(*body, "online", type.online);
  if (!online) return ErrorResponse(online.error());
  type.online = *online;
  if (auto saved = services.appointment_settings.SaveType(type, *agent); !saved) {
    return ErrorResponse(saved.error());
  }
  return JsonResponse(200, {{"id", type.id},
                            {"name", type.name},
                            {"duration_minutes", type.duration_minutes},
                            {"partner", type.partner.empty() ? json(nullptr) : json(type.partner)},
                            {"documents", type.documents},
                            {"online", type.online},
                            {"min_notice_minutes", type.min_notice_minutes},
                            {"horizon_days", type.horizon_days},
                            {"buffer_minutes", type.buffer_minutes},
                            {"position", type.position}});
}

Response ListMediators(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto mediators = services.appointment_settings.Mediators(*agent);
  if (!mediators) return ErrorResponse(mediators.error());
  json list = json::array();
  for (const app::MediatorSettings& mediator : *mediators) list.push_back(MediatorJson(mediator));
  return JsonResponse(200, list);
}

// PUT /api/v1/mediators/{login} with {"weekly_hours", "types"}.
Response SaveMediator(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto weekly = RequiredString(*body, "weekly_hours");
  if (!weekly) return ErrorResponse(weekly.error());
  auto types = StringList(*body, "types");
  if (!types) return ErrorResponse(types.error());
  auto saved = services.appointment_settings.SaveMediator(request.params.at("login"), *weekly,
                                                          *types, *agent);
  if (!saved) return ErrorResponse(saved.error());
  return JsonResponse(200, MediatorJson(*saved));
}

json AbsenceJson(const app::Absence& absence, const std::string& login, const app::TimeZone& zone) {
  return {{"id", absence.id},
          {"mediator", login},
          {"start", zone.FormatRfc3339(absence.span.start)},
          {"end", zone.FormatRfc3339(absence.span.end)},
          {"reason", absence.reason}};
}

Response ListAbsences(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto absences = services.appointment_settings.Absences(*agent);
  if (!absences) return ErrorResponse(absences.error());
  auto mediators = services.appointment_settings.Mediators(*agent);
  if (!mediators) return ErrorResponse(mediators.error());
  const auto hours = services.sites.CurrentHours();
  json list = json::array();
  for (const app::Absence& absence : *absences) {
    std::string login;
    for (const app::MediatorSettings& m : *mediators) {
      if (m.agent_id == absence.agent_id) login = m.login;
    }
    list.push_back(AbsenceJson(absence, login, hours->zone()));
  }
  return JsonResponse(200, list);
}

// POST /api/v1/absences with {"mediator", "start", "end", "reason"}.
Response AddAbsence(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto login = RequiredString(*body, "mediator");
  if (!login) return ErrorResponse(login.error());
  UtcInterval span;
  const std::pair<const char*, UtcTime*> bounds[] = {{"start", &span.start}, {"end", &span.end}};
  for (const auto& [field, out] : bounds) {
    auto text = RequiredString(*body, field);
    if (!text) return ErrorResponse(text.error());
    auto instant = app::ParseRfc3339(*text, field);
    if (!instant) return ErrorResponse(instant.error());
    *out = *instant;
  }
  auto reason = OptionalString(*body, "reason", "reason");
  if (!reason) return ErrorResponse(reason.error());
  auto added = services.appointment_settings.AddAbsence(*login, span, *reason, *agent);
  if (!added) return ErrorResponse(added.error());
  const auto hours = services.sites.CurrentHours();
  return JsonResponse(201, AbsenceJson(*added, *login, hours->zone()));
}

}  // namespace

void AddAppointmentSettingsRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Staff(app::Action::kEditSettings),
             {"PUT", "/api/v1/appointment-types/{id}",
              [s](const Request& r) { return SaveType(r, *s); }, true});
  router.Add(
      Access::Staff(app::Action::kManageAppointments),
      {"GET", "/api/v1/mediators", [s](const Request& r) { return ListMediators(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kEditSettings),
             {"PUT", "/api/v1/mediators/{login}",
              [s](const Request& r) { return SaveMediator(r, *s); }, true});
  router.Add(
      Access::Staff(app::Action::kManageAppointments),
      {"GET", "/api/v1/absences", [s](const Request& r) { return ListAbsences(r, *s); }, true});
  router.Add(
      Access::Staff(app::Action::kEditSettings),
      {"POST", "/api/v1/absences", [s](const Request& r) { return AddAbsence(r, *s); }, true});
}

}  // namespace relais::web
