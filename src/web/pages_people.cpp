// The person files' pages: the search and the "Nouveau dossier" form
// (/personnes), a person's file (/personnes/{id}: identity, the possible
// duplicates after a creation, notes, procedures with their status buttons,
// checklist and history, referrals) and the agent's follow-ups due
// (/suivis). Forms with CSRF, no
// JavaScript needed; every change redirects back (303) to the file.
#include <algorithm>
#include <iterator>
#include <string_view>

#include "app/people.h"
#include "app/policy.h"
#include "web/errors.h"
#include "web/french.h"
#include "web/page_common.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

// The signed-in agent who may see person files, or the response to send
// instead (the login page, or 403).
Result<app::Agent> FileAgent(const Request& request, Services& services, Response& refusal) {
  auto agent = SignedInAgent(request, services);
  if (!agent) {
    refusal = SignInRedirect(agent.error());
    return tl::unexpected(agent.error());
  }
  if (auto allowed = app::Authorize(*agent, app::Action::kViewPersonFiles); !allowed) {
    refusal = ErrorResponseFor(request, allowed.error());
    return tl::unexpected(allowed.error());
  }
  return agent;
}

std::string DateText(const std::optional<std::string>& day) {
  if (!day) return "";
  auto parsed = app::ParseDate(*day, "date");
  return parsed ? FrenchDate(*parsed) : *day;
}

std::optional<std::string> NonEmpty(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

PageData PartnerList(Services& services, const std::optional<std::string>& selected) {
  PageData list = PageData::type::list;
  if (auto partners = services.sites.Partners()) {
    for (const Partner& p : *partners) {
      PageData item;
      item.set("code", p.code);
      item.set("name", p.name);
      item.set("selected", selected && *selected == p.code);
      list.push_back(item);
    }
  }
  return list;
}

std::string PartnerName(Services& services, const std::optional<std::string>& code) {
  if (!code) return "";
  if (auto partners = services.sites.Partners()) {
    for (const Partner& p : *partners) {
      if (p.code == *code) return p.name;
    }
  }
  return *code;
}

PageData ProcedureData(Services& services, const app::Procedure& p, const std::string& csrf) {
  const auto& zone = services.sites.CurrentHours()->zone();
  PageData item;
  item.set("id", p.id);
  item.set("csrf", csrf);
  auto kind = FindProcedureKind(p.kind);
  item.set("kind", kind ? std::string(kind->label) : p.kind);
  // Optional texts are set only when present: mustache shows an empty string's section.
  if (p.partner) item.set("partner", PartnerName(services, p.partner));
  item.set("status", std::string(ProcedureStatusLabel(p.status)));
  item.set("next_action", p.next_action.value_or(""));
  item.set("next_action_on", p.next_action_on.value_or(""));
  if (p.next_action_on) item.set("next_action_date", DateText(p.next_action_on));
  item.set("has_next_action", p.next_action.has_value() || p.next_action_on.has_value());
  PageData next = PageData::type::list;
  for (ProcedureStatus status : NextProcedureStatuses(p.status)) {
    PageData button;
    button.set("id", p.id);
    button.set("csrf", csrf);
    button.set("value", std::string(ProcedureStatusName(status)));
    button.set("label", std::string(ProcedureStatusLabel(status)));
    next.push_back(button);
  }
  item.set("next_statuses", next);
  item.set("has_next_statuses", !NextProcedureStatuses(p.status).empty());
  PageData documents = PageData::type::list;
  for (const auto& d : p.documents) {
    PageData doc;
    doc.set("id", p.id);
    doc.set("csrf", csrf);
    doc.set("label", d.label);
    doc.set("done", d.done);
    doc.set("toggle", d.done ? std::string("") : std::string("1"));
    documents.push_back(doc);
  }
  item.set("documents", documents);
  PageData steps = PageData::type::list;
  for (const auto& s : p.steps) {
    PageData step;
    step.set("at", FrenchDateTime(zone.ToLocal(s.at)));
    if (s.from) step.set("from", std::string(ProcedureStatusLabel(*s.from)));
    step.set("to", std::string(ProcedureStatusLabel(s.to)));
    if (s.comment) step.set("comment", *s.comment);
    steps.push_back(step);
  }
  item.set("steps", steps);
  return item;
}

// The files that may be the same person as the one shown, from the
// comma-separated ids `duplicates` (?doublons=, after a creation); unknown
// ids are left out.
PageData DuplicateList(Services& services, const app::Agent& agent, const std::string& duplicates) {
  PageData list = PageData::type::list;
  std::size_t start = 0;
  while (start < duplicates.size()) {
    std::size_t end = duplicates.find(',', start);
    if (end == std::string::npos) end = duplicates.size();
    if (auto file = services.people.FindPerson(agent, duplicates.substr(start, end - start))) {
      PageData item;
      item.set("id", file->person.id);
      item.set("name", file->person.first_name + " " + file->person.last_name);
      item.set("phone", file->person.phone.value_or(""));
      item.set("email", file->person.email.value_or(""));
      list.push_back(item);
    }
    start = end + 1;
  }
  return list;
}

Response FilePage(const Request& request, Services& services, const app::Agent& agent,
                  const std::string& person_id, const std::string& error, int status,
                  const std::string& duplicates = {}) {
  auto file = services.people.FindPerson(agent, person_id);
  if (!file) return ErrorResponseFor(request, file.error());
  const auto& zone = services.sites.CurrentHours()->zone();
  Response cookies;
  const std::string csrf = CsrfToken(request, cookies);
  const app::Person& p = file->person;
  PageData data;
  data.set("csrf", csrf);
  data.set("agent", AgentData(agent));
  if (!error.empty()) data.set("error", error);
  data.set("person_id", p.id);
  data.set("name", p.first_name + " " + p.last_name);
  data.set("first_name", p.first_name);
  data.set("last_name", p.last_name);
  data.set("birth_year", p.birth_year ? std::to_string(*p.birth_year) : std::string("—"));
  data.set("phone", p.phone.value_or("—"));
  data.set("email", p.email.value_or("—"));
  std::string commune = "—";
  if (p.commune_insee) {
    auto found = services.visits.communes().Find(*p.commune_insee);
    commune = found ? std::string(found->name) + " (" + *p.commune_insee + ")" : *p.commune_insee;
  }
  data.set("commune", commune);
  data.set("household_size",
           p.household_size ? std::to_string(*p.household_size) : std::string("—"));
  data.set("consent_at", FrenchDateTime(zone.ToLocal(p.consent_at)));
  PageData twins = DuplicateList(services, agent, duplicates);
  data.set("has_duplicates", !twins.is_empty_list());
  data.set("duplicates", twins);

  PageData notes = PageData::type::list;
  for (const auto& n : file->notes) {
    PageData note;
    note.set("text", n.text);
    note.set("at", FrenchDateTime(zone.ToLocal(n.written_at)));
    note.set("private", n.is_private);
    notes.push_back(note);
  }
  data.set("notes", notes);
  data.set("has_notes", !file->notes.empty());

  PageData procedures = PageData::type::list;
  for (const auto& procedure : file->procedures)
    procedures.push_back(ProcedureData(services, procedure, csrf));
  data.set("procedures", procedures);
  data.set("has_procedures", !file->procedures.empty());
  PageData kinds = PageData::type::list;
  for (const ProcedureKind& kind : ProcedureKinds()) {
    PageData item;
    item.set("code", std::string(kind.code));
    item.set("name", std::string(kind.label));
    kinds.push_back(item);
  }
  data.set("kinds", kinds);
  data.set("partners", PartnerList(services, std::nullopt));

  PageData referrals = PageData::type::list;
  for (const auto& r : file->referrals) {
    PageData item;
    item.set("id", r.id);
    item.set("csrf", csrf);
    item.set("to", r.partner ? PartnerName(services, r.partner) : r.service.value_or(""));
    item.set("reason", r.reason);
    item.set("at", FrenchDateTime(zone.ToLocal(r.referred_at)));
    item.set("outcome", std::string(ReferralOutcomeLabel(r.outcome)));
    item.set("unknown", r.outcome == ReferralOutcome::kUnknown);
    referrals.push_back(item);
  }
  data.set("referrals", referrals);
  data.set("has_referrals", !file->referrals.empty());

  if (app::Allowed(agent.role, app::Action::kReadAuditJournal)) {
    auto history = services.people.AccessHistory(agent, person_id);
    if (!history) return ErrorResponseFor(request, history.error());
    PageData events = PageData::type::list;
    for (const app::AuditAccess& access : *history) {
      PageData item;
      item.set("at", FrenchDateTime(
                         zone.ToLocal(std::chrono::sys_seconds{std::chrono::seconds{access.at}})));
      item.set("who", access.agent_login.empty() ? std::string("—") : access.agent_login);
      item.set("what", FrenchFileEvent(access.event));
      events.push_back(item);
    }
    data.set("show_history", true);
    data.set("history", events);
    data.set("history_length", std::to_string(app::People::kHistoryLength));
  }

  Response page =
      RenderPage("person_file", "Dossier de " + p.first_name + " " + p.last_name, std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

Response ShowFile(const Request& request, Services& services) {
  Response refusal;
  auto agent = FileAgent(request, services, refusal);
  if (!agent) return refusal;
  return FilePage(request, services, *agent, request.params.at("id"), "", 200,
                  request.Query("doublons"));
}

// Runs `action` for a form posted from a file: the CSRF token checked,
// then a redirect (303) to the file whose id `action` returns, or the file
// `person_of(form)` shown again with the error.
template <typename Action>
Response Submit(const Request& request, Services& services, Action action) {
  Response refusal;
  auto agent = FileAgent(request, services, refusal);
  if (!agent) return refusal;
  auto form = CheckedForm(request);
  if (!form) return ErrorResponseFor(request, form.error());
  Result<std::string> person_id = action(*agent, *form);
  if (!person_id) {
    const std::string back = (*form)["person"];
    if (back.empty() || person_id.error().kind == ErrorKind::kNotFound) {
      return ErrorResponseFor(request, person_id.error());
    }
    return FilePage(request, services, *agent, back, person_id.error().message,
                    HttpStatus(person_id.error().kind));
  }
  return Redirect("/personnes/" + *person_id);
}

Response AddNote(const Request& request, Services& services) {
  return Submit(request, services,
                [&](const app::Agent& agent, Fields& form) -> Result<std::string> {
                  form["person"] = request.params.at("id");
                  auto note = services.people.AddNote(agent, request.params.at("id"), form["text"],
                                                      form["private"] == "1");
                  if (!note) return tl::unexpected(note.error());
                  return note->person_id;
                });
}

// Right to erasure, from the file's page: only with the box ticked, then
// back to the list of files.
Response ErasePerson(const Request& request, Services& services) {
  Response refusal;
  auto agent = FileAgent(request, services, refusal);
  if (!agent) return refusal;
  auto form = CheckedForm(request);
  if (!form) return ErrorResponseFor(request, form.error());
  const std::string& person_id = request.params.at("id");
  if ((*form)["confirm"] != "1") {
    return FilePage(request, services, *agent, person_id,
                    "Cochez la case pour confirmer l'effacement du dossier.", 422);
  }
  auto erased = services.people.ErasePerson(*agent, person_id);
  if (!erased) return ErrorResponseFor(request, erased.error());
  return Redirect("/personnes");
}

Response OpenProcedure(const Request& request, Services& services) {
  return Submit(
      request, services, [&](const app::Agent& agent, Fields& form) -> Result<std::string> {
        form["person"] = request.params.at("id");
        app::ProcedureDraft draft;
        draft.kind = form["kind"];
        draft.partner = NonEmpty(form["partner"]);
        draft.next_action = NonEmpty(form["next_action"]);
        draft.next_action_on = NonEmpty(form["next_action_on"]);
        auto procedure = services.people.OpenProcedure(agent, request.params.at("id"), draft);
        if (!procedure) return tl::unexpected(procedure.error());
        return procedure->person_id;
      });
}

Response ChangeStatus(const Request& request, Services& services) {
  return Submit(request, services,
                [&](const app::Agent& agent, Fields& form) -> Result<std::string> {
                  auto procedure = services.people.ChangeStatus(
                      agent, request.params.at("id"), form["status"], NonEmpty(form["comment"]));
                  if (!procedure) return tl::unexpected(procedure.error());
                  return procedure->person_id;
                });
}

Response SetNextAction(const Request& request, Services& services) {
  return Submit(request, services,
                [&](const app::Agent& agent, Fields& form) -> Result<std::string> {
                  auto procedure = services.people.SetNextAction(agent, request.params.at("id"),
                                                                 NonEmpty(form["next_action"]),
                                                                 NonEmpty(form["next_action_on"]));
                  if (!procedure) return tl::unexpected(procedure.error());
                  return procedure->person_id;
                });
}

Response SetDocument(const Request& request, Services& services) {
  return Submit(request, services,
                [&](const app::Agent& agent, Fields& form) -> Result<std::string> {
                  auto procedure = services.people.SetDocument(agent, request.params.at("id"),
                                                               form["label"], form["done"] == "1");
                  if (!procedure) return tl::unexpected(procedure.error());
                  return procedure->person_id;
                });
}

Response Refer(const Request& request, Services& services) {
  return Submit(request, services,
                [&](const app::Agent& agent, Fields& form) -> Result<std::string> {
                  form["person"] = request.params.at("id");
                  app::ReferralDraft draft;
                  draft.person_id = request.params.at("id");
                  draft.partner = NonEmpty(form["partner"]);
                  draft.service = NonEmpty(form["service"]);
                  draft.reason = form["reason"];
                  auto referral = services.people.Refer(agent, draft);
                  if (!referral) return tl::unexpected(referral.error());
                  return *draft.person_id;
                });
}

Response RecordOutcome(const Request& request, Services& services) {
  return Submit(
      request, services, [&](const app::Agent& agent, Fields& form) -> Result<std::string> {
        auto referral =
            services.people.RecordOutcome(agent, request.params.at("id"), form["outcome"]);
        if (!referral) return tl::unexpected(referral.error());
        if (!referral->person_id) return Fail(ErrorKind::kNotFound, "not_found", "Dossier effacé.");
        return *referral->person_id;
      });
}

// The fields of the "Nouveau dossier" form, in the order an error is looked for.
constexpr std::string_view kPersonFields[] = {"first_name",     "last_name", "birth_year",
                                              "phone",          "email",     "commune_insee",
                                              "household_size", "consent"};

// An optional whole number of the form: empty is unknown; anything else but
// digits is refused naming `field`.
Result<std::optional<int>> OptionalNumber(const std::string& text, const std::string& field,
                                          const std::string& message) {
  if (text.empty()) return std::optional<int>();
  if (text.size() > 6 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Fail(ErrorKind::kInvalid, "invalid_" + field, message, field);
  }
  return std::optional<int>(std::stoi(text));
}

// The list of files (/personnes): the search (`query`, its results) and the
// "Nouveau dossier" form with `form`'s values and `error` beside its field.
Response ListPage(const Request& request, Services& services, const app::Agent& agent,
                  const std::string& query, const Fields& form, const Error* error, int status) {
  Response cookies;
  PageData data;
  data.set("csrf", CsrfToken(request, cookies));
  data.set("agent", AgentData(agent));
  data.set("q", query);
  data.set("searched", !query.empty());
  auto found = services.people.SearchPeople(agent, query);
  if (!found && found.error().kind != ErrorKind::kInvalid) {
    return ErrorResponseFor(request, found.error());
  }
  if (!found) {
    data.set("q_error", found.error().message);
    if (status == 200) status = HttpStatus(found.error().kind);
  }
  PageData rows = PageData::type::list;
  if (found) {
    for (const app::Person& p : *found) {
      PageData row;
      row.set("id", p.id);
      row.set("name", p.first_name + " " + p.last_name);
      row.set("birth_year", p.birth_year ? std::to_string(*p.birth_year) : std::string("—"));
      row.set("phone", p.phone.value_or("—"));
      row.set("email", p.email.value_or("—"));
      rows.push_back(row);
    }
  }
  data.set("people", rows);
  data.set("has_people", found && !found->empty());
  data.set("count", std::to_string(found ? found->size() : 0));
  const auto value = [&](const std::string& name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  for (std::string_view field : kPersonFields) {
    data.set(std::string(field), value(std::string(field)));
  }
  data.set("consent_checked", value("consent") == "1");
  if (error) {
    const bool known = std::find(std::begin(kPersonFields), std::end(kPersonFields),
                                 error->field) != std::end(kPersonFields);
    if (known) {
      data.set(error->field + "_error", error->message);
    } else {
      data.set("alert", error->message);
    }
  }
  data.set("consent_version", std::string(app::kConsentVersion));
  Response page = RenderPage("people", "Dossiers des personnes", std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

Response ListPeople(const Request& request, Services& services) {
  Response refusal;
  auto agent = FileAgent(request, services, refusal);
  if (!agent) return refusal;
  return ListPage(request, services, *agent, request.Query("q"), {}, nullptr, 200);
}

// Opens a file from the form, then redirects (303) to it; possible
// duplicates go along in the query (?doublons=id,id) for the file page.
Response CreatePerson(const Request& request, Services& services) {
  Response refusal;
  auto agent = FileAgent(request, services, refusal);
  if (!agent) return refusal;
  auto form = CheckedForm(request);
  if (!form) return ErrorResponseFor(request, form.error());
  Fields& f = *form;
  const auto refuse = [&](const Error& error) {
    return ListPage(request, services, *agent, "", f, &error, HttpStatus(error.kind));
  };
  app::PersonDraft draft;
  draft.consent = f["consent"] == "1";
  draft.first_name = f["first_name"];
  draft.last_name = f["last_name"];
  auto birth_year = OptionalNumber(f["birth_year"], "birth_year",
                                   "L'année de naissance s'écrit en chiffres, par exemple 1980.");
  if (!birth_year) return refuse(birth_year.error());
  draft.birth_year = *birth_year;
  auto household = OptionalNumber(f["household_size"], "household_size",
                                  "Le nombre de personnes au foyer s'écrit en chiffres.");
  if (!household) return refuse(household.error());
  draft.household_size = *household;
  draft.phone = NonEmpty(f["phone"]);
  draft.email = NonEmpty(f["email"]);
  draft.commune_insee = NonEmpty(f["commune_insee"]);
  auto created = services.people.CreatePerson(*agent, draft);
  if (!created) {
    if (created.error().kind != ErrorKind::kInvalid) {
      return ErrorResponseFor(request, created.error());
    }
    return refuse(created.error());
  }
  std::string location = "/personnes/" + created->person.id;
  for (std::size_t i = 0; i < created->possible_duplicates.size(); ++i) {
    location += (i == 0 ? "?doublons=" : ",") + created->possible_duplicates[i].id;
  }
  return Redirect(location);
}

Response FollowUps(const Request& request, Services& services) {
  Response refusal;
  auto agent = FileAgent(request, services, refusal);
  if (!agent) return refusal;
  auto due = services.people.FollowUpsDue(*agent);
  if (!due) return ErrorResponseFor(request, due.error());
  PageData data;
  data.set("agent", AgentData(*agent));
  PageData rows = PageData::type::list;
  for (const app::FollowUp& f : *due) {
    PageData row;
    row.set("person_id", f.procedure.person_id);
    row.set("name", f.first_name + " " + f.last_name);
    auto kind = FindProcedureKind(f.procedure.kind);
    row.set("kind", kind ? std::string(kind->label) : f.procedure.kind);
    row.set("status", std::string(ProcedureStatusLabel(f.procedure.status)));
    row.set("next_action", f.procedure.next_action.value_or("—"));
    row.set("date", DateText(f.procedure.next_action_on));
    rows.push_back(row);
  }
  data.set("follow_ups", rows);
  data.set("has_follow_ups", !due->empty());
  data.set("count", std::to_string(due->size()));
  Response page = RenderPage("follow_ups", "Mes suivis", std::move(data));
  page.Header("Cache-Control", "no-store");
  return page;
}

}  // namespace

void AddPeoplePageRoutes(Router& router, Services& services) {
  Services* s = &services;
  const auto route = [&](Access access, const char* method, const char* pattern,
                         Response (*handler)(const Request&, Services&)) {
    router.Add(access,
               {method, pattern, [s, handler](const Request& r) { return handler(r, *s); }, true});
  };
  const Access files = Access::Staff(app::Action::kViewPersonFiles);
  route(files, "GET", "/personnes", ListPeople);
  route(files, "POST", "/personnes", CreatePerson);
  route(files, "GET", "/personnes/{id}", ShowFile);
  route(files, "POST", "/personnes/{id}/notes", AddNote);
  route(files, "POST", "/personnes/{id}/effacement", ErasePerson);
  route(files, "POST", "/personnes/{id}/demarches", OpenProcedure);
  route(files, "POST", "/personnes/{id}/orientations", Refer);
  route(files, "POST", "/demarches/{id}/statut", ChangeStatus);
  route(files, "POST", "/demarches/{id}/action", SetNextAction);
  route(files, "POST", "/demarches/{id}/pieces", SetDocument);
  route(files, "POST", "/orientations/{id}/issue", RecordOutcome);
  route(files, "GET", "/suivis", FollowUps);
}

}  // namespace relais::web
