// The appointments' JSON API (api/v1): types, free slots, booking,
// cancelling, moving, statuses and the day's list. Handlers only translate:
// read the request, call app::Appointments, write the answer.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/appointments.h"
#include "web/errors.h"
#include "web/json.h"
#include "web/manage_holder.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

using nlohmann::json;

json TypeJson(const app::AppointmentType& type, bool staff) {
  json body = {{"id", type.id},
               {"name", type.name},
               {"duration_minutes", type.duration_minutes},
               {"partner", type.partner.empty() ? json(nullptr) : json(type.partner)},
               {"documents", type.documents}};
  if (staff) body["online"] = type.online;
  return body;
}

// An appointment as its holder (the manage token) or the staff sees it.
json AppointmentJson(const app::Appointment& a, const app::TimeZone& zone,
                     const std::string& type_name, bool staff) {
  json body = {{"id", a.id},
               {"type", a.type_id},
               {"type_name", type_name},
               {"start", zone.FormatRfc3339(a.start)},
               {"end", zone.FormatRfc3339(a.end)},
               {"status", app::StatusName(a.status)}};
  if (staff) {
    body["mediator"] = {{"id", a.agent_id}, {"login", a.agent_login}};
    body["booked_online"] = a.booked_by.empty();
    body["person"] = {{"first_name", a.person.first_name},
                      {"last_name", a.person.last_name},
                      {"phone", a.person.phone},
                      {"email", a.person.email},
                      {"commune_insee", a.person.commune_insee}};
  }
  return body;
}

std::string TypeName(Services& services, const std::string& type_id) {
  auto type = services.appointments.Type(type_id);
  return type ? type->name : std::string();
}

Response ListTypes(const Request& request, Services& services) {
  const auto agent = AgentIfAny(request, services);
  auto types = services.appointments.Types(AgentPtr(agent));
  if (!types) return ErrorResponse(types.error());
  const bool staff = agent && app::MayManageAppointments(*agent, services.sites.Current()->id);
  json body = json::array();
  for (const app::AppointmentType& type : *types) body.push_back(TypeJson(type, staff));
  return JsonResponse(200, body);
}

// The public's answers to /api/v1/slots, kept while the schedule's
// generation and the clock's minute stay the same: the booking pages and
// widgets ask for the same weeks again and again.
class SlotAnswers {
 public:
  std::optional<std::string> Find(const std::string& key, std::uint64_t generation,
                                  std::int64_t minute) {
    std::lock_guard lock(mutex_);
    auto it = answers_.find(key);
    if (it == answers_.end() || it->second.generation != generation ||
        it->second.minute != minute) {
      return std::nullopt;
    }
    return it->second.body;
  }

  void Keep(const std::string& key, std::uint64_t generation, std::int64_t minute,
            const std::string& body) {
    std::lock_guard lock(mutex_);
    if (answers_.size() >= kMaxAnswers && !answers_.contains(key)) answers_.clear();
    answers_[key] = {generation, minute, body};
  }

 private:
  static constexpr std::size_t kMaxAnswers = 256;
  struct Answer {
    std::uint64_t generation;
    std::int64_t minute;
    std::string body;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Answer> answers_;  // GUARDED_BY(mutex_)
};

// The slots as JSON, written directly: the answer holds only times and
// counts, and serialising it is most of the request's cost.
std::string SlotsBody(const std::vector<app::FreeSlot>& slots, const app::TimeZone& zone,
                      bool staff) {
  std::string out;
  out.reserve(16 + slots.size() * (staff ? 88 : 66));
  out += "{\"slots\":[";
  app::TimeZone::OffsetPeriod period;
  for (const app::FreeSlot& slot : slots) {
    if (out.back() != '[') out += ',';
    out += "{\"start\":\"";
    zone.AppendRfc3339(out, slot.start, period);
    out += "\",\"end\":\"";
    zone.AppendRfc3339(out, slot.end, period);
    out += '"';
    if (staff) {
      out += ",\"free_mediators\":";
      out += std::to_string(slot.free_mediators);
    }
    out += '}';
  }
  out += "]}";
  return out;
}

Response ListSlots(const Request& request, Services& services, SlotAnswers& answers) {
  const auto agent = AgentIfAny(request, services);
  // Only the public's answers are kept: staff see counts, and their rules.
  const bool cacheable = !agent && services.appointments.IsFresh();
  const std::string key =
      request.Query("type") + '\n' + request.Query("from") + '\n' + request.Query("to");
  const std::uint64_t generation = services.appointments.Generation();
  const std::int64_t minute =
      std::chrono::floor<std::chrono::minutes>(services.clock.Now()).time_since_epoch().count();
  Response response;
  response.status = 200;
  if (cacheable) {
    if (auto body = answers.Find(key, generation, minute)) {
      response.body = std::move(*body);
      return response;
    }
  }
  auto slots = services.appointments.Slots(request.Query("type"), request.Query("from"),
                                           request.Query("to"), AgentPtr(agent));
  if (!slots) return ErrorResponse(slots.error());
  const bool staff = agent && app::MayManageAppointments(*agent, services.sites.Current()->id);
  response.body = SlotsBody(*slots, services.sites.CurrentHours()->zone(), staff);
  if (cacheable) answers.Keep(key, generation, minute, response.body);
  return response;
}

Response Book(const Request& request, Services& services) {
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto agent = AgentIfSignedIn(request, services);
  if (!agent) return ErrorResponse(agent.error());
  app::BookingRequest booking;
  auto type = RequiredString(*body, "type");
  if (!type) return ErrorResponse(type.error());
  booking.type_id = *type;
  auto start = RequiredString(*body, "start");
  if (!start) return ErrorResponse(start.error());
  booking.start = *start;
  auto person = body->find("person");
  if (person != body->end() && !person->is_null()) {
    if (!person->is_object()) {
      return ErrorResponse(Error{ErrorKind::kInvalid, "invalid_field",
                                 "Le champ « person » doit être un objet.", "person"});
    }
    const std::pair<const char*, std::string*> fields[] = {
        {"first_name", &booking.person.first_name},
        {"last_name", &booking.person.last_name},
        {"phone", &booking.person.phone},
        {"email", &booking.person.email},
        {"commune_insee", &booking.person.commune_insee}};
    for (const auto& [name, out] : fields) {
      auto value = OptionalString(*person, name, std::string("person.") + name);
      if (!value) return ErrorResponse(value.error());
      *out = std::move(*value);
    }
  }
  auto consent = body->find("consent");
  booking.consent = consent != body->end() && consent->is_boolean() && consent->get<bool>();
  auto agent_id = OptionalString(*body, "agent_id", "agent_id");
  if (!agent_id) return ErrorResponse(agent_id.error());
  booking.agent_id = *agent_id;
  if (!*agent) {
    auto admitted = AdmitPublic(services.public_limits, PublicWrite::kBooking, request);
    if (!admitted) return ErrorResponse(admitted.error());
  }

  auto booked = services.appointments.Book(booking, AgentPtr(*agent));
  if (!booked) return ErrorResponse(booked.error());
  const auto hours = services.sites.CurrentHours();
  const app::Appointment& a = booked->appointment;
  return JsonResponse(201, {{"id", a.id},
                            {"start", hours->zone().FormatRfc3339(a.start)},
                            {"end", hours->zone().FormatRfc3339(a.end)},
                            {"status", app::StatusName(a.status)},
                            {"manage_token", booked->manage_token}});
}

Response Cancel(const Request& request, Services& services) {
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto holder = HolderOf(request, *body, services);
  if (!holder) return ErrorResponse(holder.error());
  auto cancelled =
      services.appointments.Cancel(request.params.at("id"), holder->token, AgentPtr(holder->staff));
  if (!cancelled) return ErrorResponse(cancelled.error());
  return JsonResponse(200, {{"status", app::StatusName(cancelled->status)}});
}

Response Move(const Request& request, Services& services) {
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto holder = HolderOf(request, *body, services);
  if (!holder) return ErrorResponse(holder.error());
  auto start =
      OptionalString(*body, "start", "start");  // the use case checks it, once it authorises
  if (!start) return ErrorResponse(start.error());
  auto agent_id = OptionalString(*body, "agent_id", "agent_id");
  if (!agent_id) return ErrorResponse(agent_id.error());
  auto moved = services.appointments.Move(request.params.at("id"), *start, holder->token, *agent_id,
                                          AgentPtr(holder->staff));
  if (!moved) return ErrorResponse(moved.error());
  const auto hours = services.sites.CurrentHours();
  return JsonResponse(200,
                      AppointmentJson(*moved, hours->zone(), TypeName(services, moved->type_id),
                                      holder->staff.has_value()));
}

Response SetStatus(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto status = RequiredString(*body, "status");
  if (!status) return ErrorResponse(status.error());
  auto changed = services.appointments.SetStatus(request.params.at("id"), *status, *agent);
  if (!changed) return ErrorResponse(changed.error());
  const auto hours = services.sites.CurrentHours();
  return JsonResponse(
      200, AppointmentJson(*changed, hours->zone(), TypeName(services, changed->type_id), true));
}

Response FindOne(const Request& request, Services& services) {
  const std::string token = request.Query("token");
  std::optional<app::Agent> staff;
  if (token.empty()) {
    auto agent = SignedInAgent(request, services);
    if (!agent) return ErrorResponse(agent.error());
    staff = std::move(*agent);
  }
  auto found = services.appointments.Find(request.params.at("id"), token, AgentPtr(staff));
  if (!found) return ErrorResponse(found.error());
  const auto hours = services.sites.CurrentHours();
  json body =
      AppointmentJson(*found, hours->zone(), TypeName(services, found->type_id), staff.has_value());
  if (auto type = services.appointments.Type(found->type_id)) body["documents"] = type->documents;
  return JsonResponse(200, body);
}

Response ListDay(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  const std::string date = request.Query("date");
  auto day = services.appointments.Day(date, *agent);
  if (!day) return ErrorResponse(day.error());
  auto types = services.appointments.Types(&*agent);
  if (!types) return ErrorResponse(types.error());
  std::unordered_map<std::string, std::string> names;
  for (const app::AppointmentType& type : *types) names[type.id] = type.name;
  const auto hours = services.sites.CurrentHours();
  json list = json::array();
  for (const app::Appointment& a : *day) {
    list.push_back(AppointmentJson(a, hours->zone(), names[a.type_id], true));
  }
  return JsonResponse(200, {{"date", date}, {"appointments", std::move(list)}});
}

}  // namespace

void AddAppointmentRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Public(), {"GET", "/api/v1/appointment-types",
                                [s](const Request& r) { return ListTypes(r, *s); }, true});
  // Asked for far more often than anything else: the public's answer comes
  // from memory on the I/O thread while the schedule is fresh.
  auto answers = std::make_shared<SlotAnswers>();
  router.Add(Access::Public(),
             {.method = "GET",
              .pattern = "/api/v1/slots",
              .handler = [s, answers](const Request& r) { return ListSlots(r, *s, *answers); },
              .fast = [s, answers](const Request& r) -> std::optional<Response> {
                if (!r.Cookie(kSessionCookie).empty() || !s->appointments.IsFresh()) {
                  return std::nullopt;
                }
                return ListSlots(r, *s, *answers);
              }});
  router.Add(
      Access::Staff(app::Action::kViewAgenda),
      {"GET", "/api/v1/appointments", [s](const Request& r) { return ListDay(r, *s); }, true});
  router.Add(Access::Public(),
             {"POST", "/api/v1/appointments", [s](const Request& r) { return Book(r, *s); }, true});
  router.Add(
      Access::PublicOr(app::Action::kManageAppointments),
      {"GET", "/api/v1/appointments/{id}", [s](const Request& r) { return FindOne(r, *s); }, true});
  router.Add(Access::PublicOr(app::Action::kManageAppointments),
             {"POST", "/api/v1/appointments/{id}/cancel",
              [s](const Request& r) { return Cancel(r, *s); }, true});
  router.Add(Access::PublicOr(app::Action::kManageAppointments),
             {"POST", "/api/v1/appointments/{id}/move",
              [s](const Request& r) { return Move(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kManageAppointments),
             {"POST", "/api/v1/appointments/{id}/status",
              [s](const Request& r) { return SetStatus(r, *s); }, true});
}

}  // namespace relais::web
