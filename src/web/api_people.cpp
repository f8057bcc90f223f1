// The person files' JSON API (api/v1): people, their notes, procedures
// (démarches) and referrals (orientations). Handlers only translate: read
// the request, call app::People, write the answer. Nothing here logs.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "app/people.h"
#include "web/errors.h"
#include "web/french.h"
#include "web/json.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

using nlohmann::json;

tl::unexpected<Error> WrongType(const std::string& field, const std::string& expected) {
  return Fail(ErrorKind::kInvalid, "invalid_field",
              "Le champ « " + field + " » doit être " + expected + ".", field);
}

// Refuses members not in `known`, naming the first one.
Status OnlyKnown(const json& body, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return Fail(ErrorKind::kInvalid, "unknown_field", "Champ inconnu : « " + key + " ».", key);
    }
  }
  return {};
}

// Member `name` as an optional string: absent or null is nothing.
Result<std::optional<std::string>> OptionalText(const json& object, const std::string& name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return WrongType(name, "une chaîne ou null");
  return std::optional<std::string>{it->get<std::string>()};
}

// Member `name` as an optional integer, clamped to int (the application
// checks the range).
Result<std::optional<int>> OptionalInteger(const json& object, const std::string& name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::optional<int>{};
  constexpr auto kMax = std::numeric_limits<int>::max();
  constexpr auto kMin = std::numeric_limits<int>::min();
  if (it->is_number_unsigned()) {
    return std::optional<int>{
        static_cast<int>(std::min<std::uint64_t>(it->get<std::uint64_t>(), kMax))};
  }
  if (it->is_number_integer()) {
    return std::optional<int>{
        static_cast<int>(std::clamp<std::int64_t>(it->get<std::int64_t>(), kMin, kMax))};
  }
  return WrongType(name, "un nombre entier ou null");
}

Result<bool> Flag(const json& object, const std::string& name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return false;
  if (!it->is_boolean()) return WrongType(name, "true ou false");
  return it->get<bool>();
}

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

struct Writer {
  const app::TimeZone& zone;
  const app::Communes* communes;

  json Person(const app::Person& p) const {
    json commune_name = nullptr;
    if (p.commune_insee && communes) {
      if (auto commune = communes->Find(*p.commune_insee))
        commune_name = std::string(commune->name);
    }
    return {{"id", p.id},
            {"first_name", p.first_name},
            {"last_name", p.last_name},
            {"birth_year", OrNull(p.birth_year)},
            {"phone", OrNull(p.phone)},
            {"email", OrNull(p.email)},
            {"commune_insee", OrNull(p.commune_insee)},
            {"commune_name", commune_name},
            {"household_size", OrNull(p.household_size)},
            {"consent_at", zone.FormatRfc3339(p.consent_at)},
            {"consent_version", p.consent_version},
            {"created_at", zone.FormatRfc3339(p.created_at)},
            {"updated_at", zone.FormatRfc3339(p.updated_at)}};
  }

  json Note(const app::PersonNote& n) const {
    return {{"id", n.id},
            {"author", n.author},
            {"private", n.is_private},
            {"text", n.text},
            {"at", zone.FormatRfc3339(n.written_at)}};
  }

  json Procedure(const app::Procedure& p) const {
    json documents = json::array();
    for (const auto& d : p.documents) documents.push_back({{"label", d.label}, {"done", d.done}});
    json steps = json::array();
    for (const auto& s : p.steps) {
      steps.push_back({{"at", zone.FormatRfc3339(s.at)},
                       {"agent", s.agent},
                       {"from", s.from ? json(ProcedureStatusName(*s.from)) : json(nullptr)},
                       {"to", ProcedureStatusName(s.to)},
                       {"comment", OrNull(s.comment)}});
    }
    json next = json::array();
    for (ProcedureStatus status : NextProcedureStatuses(p.status))
      next.push_back(ProcedureStatusName(status));
    auto kind = FindProcedureKind(p.kind);
    return {{"id", p.id},
            {"person_id", p.person_id},
            {"kind", p.kind},
            {"kind_name", kind ? json(kind->label) : json(p.kind)},
            {"partner", OrNull(p.partner)},
            {"status", ProcedureStatusName(p.status)},
            {"status_label", ProcedureStatusLabel(p.status)},
            {"next_statuses", next},
            {"next_action", OrNull(p.next_action)},
            {"next_action_on", OrNull(p.next_action_on)},
            {"assigned_to", p.assigned_to},
            {"created_at", zone.FormatRfc3339(p.created_at)},
            {"updated_at", zone.FormatRfc3339(p.updated_at)},
            {"documents", documents},
            {"steps", steps}};
  }

  json Referral(const app::Referral& r) const {
    return {{"id", r.id},
            {"person_id", OrNull(r.person_id)},
            {"partner", OrNull(r.partner)},
            {"service", OrNull(r.service)},
            {"reason", r.reason},
            {"referred_at", zone.FormatRfc3339(r.referred_at)},
            {"outcome", ReferralOutcomeName(r.outcome)},
            {"outcome_at", r.outcome_at ? json(zone.FormatRfc3339(*r.outcome_at)) : json(nullptr)}};
  }
};

Writer WriterOf(Services& services) {
  return {services.sites.CurrentHours()->zone(), &services.visits.communes()};
}

// Signs the agent in and parses the JSON body; `handle` gets both.
template <typename F>
Response WithBody(const Request& request, Services& services, F handle) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  return handle(*agent, *body);
}

Response CreatePerson(const Request& request, Services& services) {
  return WithBody(request, services, [&](const app::Agent& agent, const json& body) {
    if (auto ok = OnlyKnown(body, {"consent", "first_name", "last_name", "birth_year", "phone",
                                   "email", "commune_insee", "household_size"});
        !ok) {
      return ErrorResponse(ok.error());
    }
    app::PersonDraft draft;
    auto consent = body.find("consent");
    if (consent != body.end() && !consent->is_boolean() && !consent->is_null()) {
      return ErrorResponse(WrongType("consent", "true ou false").value());
    }
    draft.consent = consent != body.end() && consent->is_boolean() && consent->get<bool>();
    for (auto [name, target] :
         {std::pair{"first_name", &draft.first_name}, std::pair{"last_name", &draft.last_name}}) {
      auto text = OptionalText(body, name);
      if (!text) return ErrorResponse(text.error());
      *target = text->value_or("");
    }
    for (auto [name, target] : {std::pair{"phone", &draft.phone}, std::pair{"email", &draft.email},
                                std::pair{"commune_insee", &draft.commune_insee}}) {
      auto text = OptionalText(body, name);
      if (!text) return ErrorResponse(text.error());
      *target = *text;
    }
    for (auto [name, target] : {std::pair{"birth_year", &draft.birth_year},
                                std::pair{"household_size", &draft.household_size}}) {
      auto number = OptionalInteger(body, name);
      if (!number) return ErrorResponse(number.error());
      *target = *number;
    }
    auto created = services.people.CreatePerson(agent, draft);
    if (!created) return ErrorResponse(created.error());
    const Writer writer = WriterOf(services);
    json answer = writer.Person(created->person);
    json duplicates = json::array();
    for (const app::Person& other : created->possible_duplicates)
      duplicates.push_back(writer.Person(other));
    answer["possible_duplicates"] = duplicates;
    Response response = JsonResponse(201, answer);
    response.Header("Location", "/api/v1/people/" + created->person.id);
    return response;
  });
}

Response SearchPeople(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto found = services.people.SearchPeople(*agent, request.Query("q"));
  if (!found) return ErrorResponse(found.error());
  const Writer writer = WriterOf(services);
  json list = json::array();
  for (const app::Person& person : *found) list.push_back(writer.Person(person));
  return JsonResponse(200, list);
}

// The file as an agent sees it: the person, their notes (private ones of
// others left out), procedures with documents and steps, referrals.
Result<json> FileJson(const Request& request, Services& services, bool for_export) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return tl::unexpected(agent.error());
  const std::string& id = request.params.at("id");
  auto file = for_export ? services.people.ExportPerson(*agent, id)
                         : services.people.FindPerson(*agent, id);
  if (!file) return tl::unexpected(file.error());
  const Writer writer = WriterOf(services);
  json answer = writer.Person(file->person);
  answer["notes"] = json::array();
  for (const auto& note : file->notes) answer["notes"].push_back(writer.Note(note));
  answer["procedures"] = json::array();
  for (const auto& p : file->procedures) answer["procedures"].push_back(writer.Procedure(p));
  answer["referrals"] = json::array();
  for (const auto& r : file->referrals) answer["referrals"].push_back(writer.Referral(r));
  return answer;
}

Response GetPerson(const Request& request, Services& services) {
  auto answer = FileJson(request, services, false);
  if (!answer) return ErrorResponse(answer.error());
  return JsonResponse(200, *answer);
}

// GET /api/v1/people/{id}/history: who opened, created, changed or
// exported the file, and when, newest first (admins and coordinators).
Response FileHistory(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto history = services.people.AccessHistory(*agent, request.params.at("id"));
  if (!history) return ErrorResponse(history.error());
  const app::TimeZone& zone = services.sites.CurrentHours()->zone();
  json list = json::array();
  for (const app::AuditAccess& access : *history) {
    list.push_back(
        {{"at", zone.FormatRfc3339(std::chrono::sys_seconds{std::chrono::seconds{access.at}})},
         {"agent", access.agent_login},
         {"event", access.event},
         {"label", FrenchFileEvent(access.event)}});
  }
  return JsonResponse(200, list);
}

// Right of access: everything the site holds about the person, as a file
// to hand over. Appointments and workshop registrations are not linked to
// a file (docs/decisions/008-retention-and-purge.md).
Response ExportPerson(const Request& request, Services& services) {
  auto file = FileJson(request, services, true);
  if (!file) return ErrorResponse(file.error());
  const auto site = services.sites.Current();
  const json answer = {
      {"exported_at", services.sites.CurrentHours()->zone().FormatRfc3339(
                          std::chrono::floor<std::chrono::seconds>(services.clock.Now()))},
      {"site", {{"name", site->name}, {"address", site->address}}},
      {"person", *file}};
  Response response = JsonResponse(200, answer);
  response.Header("Content-Disposition",
                  "attachment; filename=\"donnees-" + request.params.at("id") + ".json\"");
  response.Header("Cache-Control", "no-store");
  return response;
}

Response ErasePerson(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto erased = services.people.ErasePerson(*agent, request.params.at("id"));
  if (!erased) return ErrorResponse(erased.error());
  return JsonResponse(200, {{"status", "erased"}});
}

Response AddNote(const Request& request, Services& services) {
  return WithBody(request, services, [&](const app::Agent& agent, const json& body) {
    if (auto ok = OnlyKnown(body, {"text", "private"}); !ok) return ErrorResponse(ok.error());
    auto text = RequiredString(body, "text");
    if (!text) return ErrorResponse(text.error());
    auto is_private = Flag(body, "private");
    if (!is_private) return ErrorResponse(is_private.error());
    auto note = services.people.AddNote(agent, request.params.at("id"), *text, *is_private);
    if (!note) return ErrorResponse(note.error());
    return JsonResponse(201, WriterOf(services).Note(*note));
  });
}

Response OpenProcedure(const Request& request, Services& services) {
  return WithBody(request, services, [&](const app::Agent& agent, const json& body) {
    if (auto ok =
            OnlyKnown(body, {"kind", "partner", "next_action", "next_action_on", "documents"});
        !ok) {
      return ErrorResponse(ok.error());
    }
    app::ProcedureDraft draft;
    auto kind = RequiredString(body, "kind");
    if (!kind) return ErrorResponse(kind.error());
    draft.kind = *kind;
    for (auto [name, target] :
         {std::pair{"partner", &draft.partner}, std::pair{"next_action", &draft.next_action},
          std::pair{"next_action_on", &draft.next_action_on}}) {
      auto text = OptionalText(body, name);
      if (!text) return ErrorResponse(text.error());
      *target = *text;
    }
    if (auto documents = body.find("documents"); documents != body.end() && !documents->is_null()) {
      if (!documents->is_array()) {
        return ErrorResponse(WrongType("documents", "une liste de chaînes").value());
      }
      for (const json& label : *documents) {
        if (!label.is_string()) {
          return ErrorResponse(WrongType("documents", "une liste de chaînes").value());
        }
        draft.documents.push_back(label.get<std::string>());
      }
    }
    auto procedure = services.people.OpenProcedure(agent, request.params.at("id"), draft);
    if (!procedure) return ErrorResponse(procedure.error());
    return JsonResponse(201, WriterOf(services).Procedure(*procedure));
  });
}

Response ChangeStatus(const Request& request, Services& services) {
  return WithBody(request, services, [&](const app::Agent& agent, const json& body) {
    if (auto ok = OnlyKnown(body, {"status", "comment"}); !ok) return ErrorResponse(ok.error());
    auto status = RequiredString(body, "status");
    if (!status) return ErrorResponse(status.error());
    auto comment = OptionalText(body, "comment");
    if (!comment) return ErrorResponse(comment.error());
    auto procedure =
        services.people.ChangeStatus(agent, request.params.at("id"), *status, *comment);
    if (!procedure) return ErrorResponse(procedure.error());
    return JsonResponse(200, WriterOf(services).Procedure(*procedure));
  });
}

Response SetNextAction(const Request& request, Services& services) {
  return WithBody(request, services, [&](const app::Agent& agent, const json& body) {
    if (auto ok = OnlyKnown(body, {"next_action", "next_action_on"}); !ok) {
      return ErrorResponse(ok.error());
    }
    auto next_action = OptionalText(body, "next_action");
    if (!next_action) return ErrorResponse(next_action.error());
    auto next_action_on = OptionalText(body, "next_action_on");
    if (!next_action_on) return ErrorResponse(next_action_on.error());
    auto procedure = services.people.SetNextAction(agent, request.params.at("id"), *next_action,
                                                   *next_action_on);
    if (!procedure) return ErrorResponse(procedure.error());
    return JsonResponse(200, WriterOf(services).Procedure(*procedure));
  });
}

Response SetDocument(const Request& request, Services& services) {
  return WithBody(request, services, [&](const app::Agent& agent, const json& body) {
    if (auto ok = OnlyKnown(body, {"label", "done"}); !ok) return ErrorResponse(ok.error());
    auto label = RequiredString(body, "label");
    if (!label) return ErrorResponse(label.error());
    auto done = Flag(body, "done");
    if (!done) return ErrorResponse(done.error());
    auto procedure = services.people.SetDocument(agent, request.params.at("id"), *label, *done);
    if (!procedure) return ErrorResponse(procedure.error());
    return JsonResponse(200, WriterOf(services).Procedure(*procedure));
  });
}

Response FollowUps(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto due = services.people.FollowUpsDue(*agent, request.Query("date"));
  if (!due) return ErrorResponse(due.error());
  const Writer writer = WriterOf(services);
  json list = json::array();
  for (const app::FollowUp& f : *due) {
    json item = writer.Procedure(f.procedure);
    item["person"] = {
        {"id", f.procedure.person_id}, {"first_name", f.first_name}, {"last_name", f.last_name}};
    list.push_back(item);
  }
  return JsonResponse(200, list);
}

Response Refer(const Request& request, Services& services) {
  return WithBody(request, services, [&](const app::Agent& agent, const json& body) {
    if (auto ok = OnlyKnown(body, {"person_id", "partner", "service", "reason"}); !ok) {
      return ErrorResponse(ok.error());
    }
    app::ReferralDraft draft;
    for (auto [name, target] :
         {std::pair{"person_id", &draft.person_id}, std::pair{"partner", &draft.partner},
          std::pair{"service", &draft.service}}) {
      auto text = OptionalText(body, name);
      if (!text) return ErrorResponse(text.error());
      *target = *text;
    }
    auto reason = RequiredString(body, "reason");
    if (!reason) return ErrorResponse(reason.error());
    draft.reason = *reason;
    auto referral = services.people.Refer(agent, draft);
    if (!referral) return ErrorResponse(referral.error());
    return JsonResponse(201, WriterOf(services).Referral(*referral));
  });
}

Response RecordOutcome(const Request& request, Services& services) {
  return WithBody(request, services, [&](const app::Agent& agent, const json& body) {
    if (auto ok = OnlyKnown(body, {"outcome"}); !ok) return ErrorResponse(ok.error());
    auto outcome = RequiredString(body, "outcome");
    if (!outcome) return ErrorResponse(outcome.error());
    auto referral = services.people.RecordOutcome(agent, request.params.at("id"), *outcome);
    if (!referral) return ErrorResponse(referral.error());
    return JsonResponse(200, WriterOf(services).Referral(*referral));
  });
}

Response ListKinds() {
  json list = json::array();
  for (const ProcedureKind& kind : ProcedureKinds())
    list.push_back({{"code", kind.code}, {"name", kind.label}});
  return JsonResponse(200, list);
}

}  // namespace

void AddPeopleRoutes(Router& router, Services& services) {
  Services* s = &services;
  const auto route = [&](Access access, const char* method, const char* pattern,
                         Response (*handler)(const Request&, Services&)) {
    router.Add(access,
               {method, pattern, [s, handler](const Request& r) { return handler(r, *s); }, true});
  };
  const Access files = Access::Staff(app::Action::kViewPersonFiles);
  route(files, "POST", "/api/v1/people", CreatePerson);
  route(files, "GET", "/api/v1/people", SearchPeople);
  route(files, "GET", "/api/v1/people/{id}", GetPerson);
  route(files, "DELETE", "/api/v1/people/{id}", ErasePerson);
  route(files, "GET", "/api/v1/people/{id}/export", ExportPerson);
  route(Access::Staff(app::Action::kReadAuditJournal), "GET", "/api/v1/people/{id}/history",
        FileHistory);
  route(files, "POST", "/api/v1/people/{id}/notes", AddNote);
  route(files, "POST", "/api/v1/people/{id}/procedures", OpenProcedure);
  route(files, "GET", "/api/v1/procedures/follow-ups", FollowUps);
  route(files, "POST", "/api/v1/procedures/{id}/status", ChangeStatus);
  route(files, "PUT", "/api/v1/procedures/{id}/next-action", SetNextAction);
  route(files, "POST", "/api/v1/procedures/{id}/documents", SetDocument);
  route(files, "POST", "/api/v1/referrals", Refer);
  route(files, "POST", "/api/v1/referrals/{id}/outcome", RecordOutcome);
  router.Add(Access::Public(),
             {"GET", "/api/v1/procedure-kinds", [](const Request&) { return ListKinds(); }, false});
}

}  // namespace relais::web
