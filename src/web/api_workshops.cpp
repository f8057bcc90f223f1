// The digital workshops' JSON API (api/v1): the public list and
// registration, cancelling with the manage token; for staff, the catalogue,
// the sessions, the registrations and waiting list, attendance,
// head-counts, self-assessments and the figures of a period. Handlers only
// translate: read the request, call app::Workshops, write the answer.
#include <optional>
#include <string>
#include <vector>

#include "app/workshops.h"
#include "web/errors.h"
#include "web/json.h"
#include "web/manage_holder.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

using nlohmann::json;

const app::TimeZone& Zone(Services& services) {
  return services.sites.CurrentHours()->zone();
}

json WorkshopJson(const app::Workshop& w) {
  const auto theme = FindWorkshopTheme(w.theme);
  return {{"id", w.id},
          {"title", w.title},
          {"description", w.description},
          {"level", LevelName(w.level)},
          {"level_label", LevelLabel(w.level)},
          {"theme", w.theme},
          {"theme_label", theme ? std::string(theme->label) : w.theme},
          {"position", w.position}};
}

json SessionJson(const app::WorkshopSession& s, const app::TimeZone& zone, bool staff) {
  json body = {{"id", s.id},
               {"workshop", s.workshop_id},
               {"start", zone.FormatRfc3339(s.start)},
               {"end", zone.FormatRfc3339(s.end)},
               {"room", s.room},
               {"capacity", s.capacity},
               {"registered", s.registered},
               {"waitlisted", s.waitlisted},
               {"seats_left", std::max(0, s.capacity - s.registered)}};
  if (staff) {
    body["mediator"] = {{"id", s.agent_id}, {"login", s.agent_login}};
    body["present"] = s.present;
    body["absent"] = s.absent;
    body["walk_ins"] = s.walk_ins;
  }
  return body;
}

json PositionJson(const app::Registration& r) {
  return r.status == RegistrationStatus::kWaitlisted ? json(r.waitlist_position) : json(nullptr);
}

json RegistrationJson(const app::Registration& r, bool staff) {
  json body = {{"id", r.id},
               {"session", r.session_id},
               {"status", RegistrationStatusName(r.status)},
               {"waitlist_position", PositionJson(r)}};
  if (staff) {
    body["arrival"] = r.arrival;
    body["seat"] = r.seat > 0 ? json(r.seat) : json(nullptr);
    body["attendance"] = r.attendance == Attendance::kUnmarked
                             ? json(nullptr)
                             : json(std::string(AttendanceName(r.attendance)));
    body["booked_online"] = r.booked_by.empty();
    body["person"] = {{"first_name", r.person.first_name},
                      {"last_name", r.person.last_name},
                      {"phone", r.person.phone},
                      {"email", r.person.email},
                      {"commune_insee", r.person.commune_insee}};
  }
  return body;
}

json AssessmentJson(const app::Assessment& a) {
  json statements = json::array();
  for (const AssessmentStatement& s : AssessmentStatements()) {
    statements.push_back({{"code", s.code}, {"label", s.label}});
  }
  const auto scores = [](const std::vector<int>& values) {
    return values.empty() ? json(nullptr) : json(values);
  };
  return {{"statements", statements}, {"before", scores(a.before)}, {"after", scores(a.after)}};
}

json ActivityJson(const WorkshopActivity& a) {
  return {{"sessions", a.sessions},     {"seats", a.seats},
          {"registered", a.registered}, {"waitlisted", a.waitlisted},
          {"present", a.present},       {"absent", a.absent},
          {"walk_ins", a.walk_ins},     {"participants", a.participants},
          {"fill_rate", a.fill_rate},   {"attendance_rate", a.attendance_rate}};
}

// --- Public --------------------------------------------------------------------

Response ListWorkshops(Services& services, app::Workshops& workshops) {
  auto coming = workshops.Coming();
  if (!coming) return ErrorResponse(coming.error());
  const app::TimeZone& zone = Zone(services);
  json list = json::array();
  for (const app::WorkshopListing& listing : *coming) {
    json item = WorkshopJson(listing.workshop);
    json sessions = json::array();
    for (const app::WorkshopSession& s : listing.sessions) {
      sessions.push_back(SessionJson(s, zone, false));
    }
    item["sessions"] = std::move(sessions);
    list.push_back(std::move(item));
  }
  return JsonResponse(200, list);
}

Response ShowSession(const Request& request, Services& services, app::Workshops& workshops) {
  const auto agent = AgentIfAny(request, services);
  auto session = workshops.Session(request.params.at("id"));
  if (!session) return ErrorResponse(session.error());
  const bool staff = agent && app::MayRunWorkshops(*agent, services.sites.Current()->id);
  return JsonResponse(200, SessionJson(*session, Zone(services), staff));
}

Result<app::PersonDetails> PersonOf(const json& body) {
  app::PersonDetails person;
  auto found = body.find("person");
  if (found == body.end() || found->is_null()) return person;
  if (!found->is_object()) {
    return Fail(ErrorKind::kInvalid, "invalid_field", "Le champ « person » doit être un objet.",
                "person");
  }
  const std::pair<const char*, std::string*> fields[] = {{"first_name", &person.first_name},
                                                         {"last_name", &person.last_name},
                                                         {"phone", &person.phone},
                                                         {"email", &person.email},
                                                         {"commune_insee", &person.commune_insee}};
  for (const auto& [name, out] : fields) {
    auto value = OptionalString(*found, name, std::string("person.") + name);
    if (!value) return tl::unexpected(value.error());
    *out = std::move(*value);
  }
  return person;
}

Response Register(const Request& request, Services& services, app::Workshops& workshops) {
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto agent = AgentIfSignedIn(request, services);
  if (!agent) return ErrorResponse(agent.error());
  // An agent who may not register people here registers as the public does.
  if (*agent && !app::MayRunWorkshops(**agent, services.sites.Current()->id)) agent->reset();
  app::RegistrationRequest registration;
  auto person = PersonOf(*body);
  if (!person) return ErrorResponse(person.error());
  registration.person = std::move(*person);
  auto consent = body->find("consent");
  registration.consent = consent != body->end() && consent->is_boolean() && consent->get<bool>();
  if (!*agent) {
    auto admitted = AdmitPublic(services.public_limits, PublicWrite::kRegistration, request);
    if (!admitted) return ErrorResponse(admitted.error());
  }
  auto enrolled = workshops.Register(request.params.at("id"), registration, AgentPtr(*agent));
  if (!enrolled) return ErrorResponse(enrolled.error());
  const app::Registration& r = enrolled->registration;
  return JsonResponse(201, {{"id", r.id},
                            {"status", RegistrationStatusName(r.status)},
                            {"waitlist_position", PositionJson(r)},
                            {"manage_token", enrolled->manage_token}});
}

Response Cancel(const Request& request, Services& services, app::Workshops& workshops) {
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto holder = HolderOf(request, *body, services);
  if (!holder) return ErrorResponse(holder.error());
  auto cancelled =
      workshops.Cancel(request.params.at("id"), holder->token, AgentPtr(holder->staff));
  if (!cancelled) return ErrorResponse(cancelled.error());
  return JsonResponse(200, {{"status", RegistrationStatusName(cancelled->status)}});
}

Response FindRegistration(const Request& request, Services& services, app::Workshops& workshops) {
  const std::string token = request.Query("token");
  std::optional<app::Agent> staff;
  if (token.empty()) {
    auto agent = SignedInAgent(request, services);
    if (!agent) return ErrorResponse(agent.error());
    staff = std::move(*agent);
  }
  auto found = workshops.Find(request.params.at("id"), token, AgentPtr(staff));
  if (!found) return ErrorResponse(found.error());
  json body = RegistrationJson(*found, staff.has_value());
  if (auto session = workshops.Session(found->session_id)) {
    body["session"] = SessionJson(*session, Zone(services), false);
    if (auto catalogue = workshops.Catalogue()) {
      for (const app::Workshop& w : *catalogue) {
        if (w.id == session->workshop_id) body["workshop"] = {{"id", w.id}, {"title", w.title}};
      }
    }
  }
  return JsonResponse(200, body);
}

// --- Staff ---------------------------------------------------------------------

Response SaveWorkshop(const Request& request, Services& services, app::Workshops& workshops) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  app::Workshop w;
  for (const auto& [name, out] : {std::pair<const char*, std::string*>{"id", &w.id},
                                  {"title", &w.title},
                                  {"theme", &w.theme}}) {
    auto value = RequiredString(*body, name);
    if (!value) return ErrorResponse(value.error());
    *out = std::move(*value);
  }
  auto description = OptionalString(*body, "description", "description");
  if (!description) return ErrorResponse(description.error());
  w.description = std::move(*description);
  auto level_name = OptionalString(*body, "level", "level");
  if (!level_name) return ErrorResponse(level_name.error());
  const auto level = ParseLevel(level_name->empty() ? "beginner" : *level_name);
  if (!level) {
    return ErrorResponse(Error{ErrorKind::kInvalid, "invalid_workshop",
                               "Niveau attendu : beginner, intermediate ou advanced.", "level"});
  }
  w.level = *level;
  auto position = OptionalInt(*body, "position", 0, -1000000, 1000000);
  if (!position) return ErrorResponse(position.error());
  w.position = *position;
  auto saved = workshops.SaveWorkshop(*agent, w);
  if (!saved) return ErrorResponse(saved.error());
  return JsonResponse(201, WorkshopJson(*saved));
}

Result<app::SessionRequest> SessionRequestOf(const json& body) {
  app::SessionRequest request;
  for (const auto& [name, out] :
       {std::pair<const char*, std::string*>{"workshop", &request.workshop_id},
        {"start", &request.start},
        {"end", &request.end},
        {"room", &request.room}}) {
    auto value = RequiredString(body, name);
    if (!value) return tl::unexpected(value.error());
    *out = std::move(*value);
  }
  auto capacity = OptionalInt(body, "capacity", 12, 1, kMaxCapacity);
  if (!capacity) {
    return Fail(ErrorKind::kInvalid, "invalid_capacity",
                "Le nombre de places va de 1 à " + std::to_string(kMaxCapacity) + ".", "capacity");
  }
  request.capacity = *capacity;
  auto mediator = OptionalString(body, "mediator", "mediator");
  if (!mediator) return tl::unexpected(mediator.error());
  request.agent_id = std::move(*mediator);
  return request;
}

Response CreateSession(const Request& request, Services& services, app::Workshops& workshops) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto asked = SessionRequestOf(*body);
  if (!asked) return ErrorResponse(asked.error());
  auto created = workshops.CreateSession(*agent, *asked);
  if (!created) return ErrorResponse(created.error());
  return JsonResponse(201, SessionJson(*created, Zone(services), true));
}

Response UpdateSession(const Request& request, Services& services, app::Workshops& workshops) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto asked = SessionRequestOf(*body);
  if (!asked) return ErrorResponse(asked.error());
  auto updated = workshops.UpdateSession(*agent, request.params.at("id"), *asked);
  if (!updated) return ErrorResponse(updated.error());
  return JsonResponse(200, SessionJson(*updated, Zone(services), true));
}

Response ListSessions(const Request& request, Services& services, app::Workshops& workshops) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto sessions = workshops.Sessions(*agent, request.Query("from"), request.Query("to"));
  if (!sessions) return ErrorResponse(sessions.error());
  json list = json::array();
  for (const app::WorkshopSession& s : *sessions)
    list.push_back(SessionJson(s, Zone(services), true));
  return JsonResponse(200, {{"sessions", std::move(list)}});
}

Response ListRegistrations(const Request& request, Services& services, app::Workshops& workshops) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto registrations = workshops.Registrations(*agent, request.params.at("id"));
  if (!registrations) return ErrorResponse(registrations.error());
  json list = json::array();
  for (const app::Registration& r : *registrations) list.push_back(RegistrationJson(r, true));
  return JsonResponse(200, {{"registrations", std::move(list)}});
}

Response SetHeadCount(const Request& request, Services& services, app::Workshops& workshops) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto count = body->find("count");
  if (count == body->end() || !count->is_number_integer()) {
    return ErrorResponse(Error{ErrorKind::kInvalid, "invalid_head_count",
                               "Le champ « count » (un nombre entier) est obligatoire.", "count"});
  }
  const auto value = count->get<std::int64_t>();
  const int bounded =
      value < -1 ? -1 : (value > kMaxHeadCount ? kMaxHeadCount + 1 : static_cast<int>(value));
  auto session = workshops.SetHeadCount(*agent, request.params.at("id"), bounded);
  if (!session) return ErrorResponse(session.error());
  return JsonResponse(200, SessionJson(*session, Zone(services), true));
}

Response SetAttendance(const Request& request, Services& services, app::Workshops& workshops) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto attendance = RequiredString(*body, "attendance");
  if (!attendance) return ErrorResponse(attendance.error());
  auto marked = workshops.SetAttendance(*agent, request.params.at("id"), *attendance);
  if (!marked) return ErrorResponse(marked.error());
  return JsonResponse(200, RegistrationJson(*marked, true));
}

Response ShowAssessment(const Request& request, Services& services, app::Workshops& workshops) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto assessment = workshops.FindAssessment(*agent, request.params.at("id"));
  if (!assessment) return ErrorResponse(assessment.error());
  return JsonResponse(200, AssessmentJson(*assessment));
}

Response SaveAssessment(const Request& request, Services& services, app::Workshops& workshops) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto phase = RequiredString(*body, "phase");
  if (!phase) return ErrorResponse(phase.error());
  auto found = body->find("scores");
  std::vector<int> scores;
  const Error bad{ErrorKind::kInvalid, "invalid_assessment",
                  "Le champ « scores » est une liste de notes de 1 à 4, une par affirmation.",
                  "scores"};
  if (found == body->end() || !found->is_array()) return ErrorResponse(bad);
  for (const json& score : *found) {
    if (!score.is_number_integer()) return ErrorResponse(bad);
    const auto value = score.get<std::int64_t>();
    scores.push_back(value < 0 || value > 100 ? 0 : static_cast<int>(value));
  }
  auto saved = workshops.SaveAssessment(*agent, request.params.at("id"), *phase, scores);
  if (!saved) return ErrorResponse(saved.error());
  auto assessment = workshops.FindAssessment(*agent, request.params.at("id"));
  if (!assessment) return ErrorResponse(assessment.error());
  return JsonResponse(200, AssessmentJson(*assessment));
}

Response ShowActivity(const Request& request, Services& services, app::Workshops& workshops) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto from = app::ParseDate(request.Query("from"), "from");
  if (!from) return ErrorResponse(from.error());
  auto to = app::ParseDate(request.Query("to"), "to");
  if (!to) return ErrorResponse(to.error());
  auto activity = workshops.Activity(*agent, date::sys_days{*from}, date::sys_days{*to});
  if (!activity) return ErrorResponse(activity.error());
  json body = ActivityJson(*activity);
  body["from"] = request.Query("from");
  body["to"] = request.Query("to");
  return JsonResponse(200, body);
}

}  // namespace

void AddWorkshopRoutes(Router& router, Services& services) {
  if (services.workshops == nullptr) return;
  Services* s = &services;
  app::Workshops* w = services.workshops;
  const auto route = [&](Access access, const char* method, const char* pattern,
                         Response (*handler)(const Request&, Services&, app::Workshops&)) {
    router.Add(access, {method, pattern,
                        [s, w, handler](const Request& r) { return handler(r, *s, *w); }, true});
  };
  router.Add(Access::Public(), {"GET", "/api/v1/workshops",
                                [s, w](const Request&) { return ListWorkshops(*s, *w); }, true});
  route(Access::Staff(app::Action::kManageWorkshops), "POST", "/api/v1/workshops", SaveWorkshop);
  route(Access::Staff(app::Action::kRunWorkshops), "GET", "/api/v1/workshop-sessions",
        ListSessions);
  route(Access::Staff(app::Action::kManageWorkshops), "POST", "/api/v1/workshop-sessions",
        CreateSession);
  route(Access::Public(), "GET", "/api/v1/workshop-sessions/{id}", ShowSession);
  route(Access::Staff(app::Action::kManageWorkshops), "POST", "/api/v1/workshop-sessions/{id}",
        UpdateSession);
  route(Access::Staff(app::Action::kRunWorkshops), "GET",
        "/api/v1/workshop-sessions/{id}/registrations", ListRegistrations);
  route(Access::Public(), "POST", "/api/v1/workshop-sessions/{id}/registrations", Register);
  route(Access::Staff(app::Action::kRunWorkshops), "POST",
        "/api/v1/workshop-sessions/{id}/head-count", SetHeadCount);
  route(Access::PublicOr(app::Action::kRunWorkshops), "GET", "/api/v1/registrations/{id}",
        FindRegistration);
  route(Access::PublicOr(app::Action::kRunWorkshops), "POST", "/api/v1/registrations/{id}/cancel",
        Cancel);
  route(Access::Staff(app::Action::kRunWorkshops), "POST", "/api/v1/registrations/{id}/attendance",
        SetAttendance);
  route(Access::Staff(app::Action::kRunWorkshops), "GET", "/api/v1/registrations/{id}/assessment",
        ShowAssessment);
  route(Access::Staff(app::Action::kRunWorkshops), "POST", "/api/v1/registrations/{id}/assessment",
        SaveAssessment);
  route(Access::Staff(app::Action::kViewReports), "GET", "/api/v1/workshop-activity", ShowActivity);
}

}  // namespace relais::web
