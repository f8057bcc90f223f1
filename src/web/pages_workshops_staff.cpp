// The staff's workshop pages (/ateliers/gestion), without JavaScript: the
// coming and recent sessions, a new session, a new workshop; a session's
// sheet with its registrations, waiting list, attendance sheet
// (présent / absent), head-count, seats and registration at the desk; a
// participant's self-assessment before and after. Handlers only translate;
// app::Workshops decides who may do what.
#include <map>

#include "app/workshops.h"
#include "web/booking_form.h"
#include "web/errors.h"
#include "web/french.h"
#include "web/page_common.h"
#include "web/routes.h"
#include "web/session.h"
#include "web/workshop_view.h"

namespace relais::web {
namespace {

using date::days;

constexpr int kComingWeeks = 8;
constexpr int kRecentDays = 28;

constexpr char kConsentHelpStaff[] =
    "Expliquez à la personne que ses coordonnées servent uniquement à organiser cet atelier "
    "(la prévenir d'un changement ou d'une place libérée), que seule l'équipe du lieu les "
    "consulte, et qu'elle peut annuler à tout moment.";
constexpr char kConsentLabelStaff[] =
    "La personne accepte que ses coordonnées soient enregistrées pour cet atelier.";

constexpr char kSheetBase[] = "/ateliers/gestion/seance/";

std::string SheetHref(const std::string& id) {
  return kSheetBase + UrlComponent(id);
}

std::string AssessmentHref(const std::string& registration_id) {
  return "/ateliers/gestion/inscription/" + UrlComponent(registration_id) + "/auto-evaluation";
}

// A staff page: never cached, with the staff navigation.
Response Page(const Request& request, const app::Agent& agent, const std::string& name,
              const std::string& title, PageData data, int status = 200) {
  Response cookies;
  data.set("csrf", CsrfToken(request, cookies));
  data.set("agent", AgentData(agent));
  Response page = RenderPage(name, title, std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

// The signed-in agent allowed to run the site's workshops, or the response
// to send instead (the login page, or 403).
Result<app::Agent> Staff(const Request& request, Services& services, Response& refusal) {
  auto agent = SignedInAgent(request, services);
  if (!agent) {
    refusal = SignInRedirect(agent.error());
    return tl::unexpected(agent.error());
  }
  if (auto allowed = app::MayRunWorkshops(*agent, services.sites.Current()->id); !allowed) {
    PageData data;
    data.set("message", allowed.error().message);
    refusal = Page(request, *agent, "error", "Accès refusé", std::move(data), 403);
    return tl::unexpected(allowed.error());
  }
  return agent;
}

Response ErrorPage(const Request& request, const app::Agent& agent, const Error& error) {
  PageData data;
  data.set("message", error.message);
  return Page(request, agent, "error", "Atelier", std::move(data), HttpStatus(error.kind));
}

date::year_month_day Today(const WorkshopDesk& desk) {
  return desk.hours->LocalDate(desk.now);
}

date::year_month_day Plus(date::year_month_day day, int n) {
  return date::year_month_day{date::sys_days{day} + days{n}};
}

// "14:30" → 14 h 30; nothing otherwise.
std::optional<std::chrono::minutes> ParseClock(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  return ParseHhmm(text.substr(0, 2) + text.substr(3, 2));
}

// "Créer son adresse e-mail" → "creer-son-adresse-e-mail".
std::string Slug(const std::string& title) {
  static const std::map<std::string, char> kFolded = {
      {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"ç", 'c'}, {"é", 'e'}, {"è", 'e'}, {"ê", 'e'},
      {"ë", 'e'}, {"î", 'i'}, {"ï", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"ù", 'u'}, {"û", 'u'},
      {"ü", 'u'}, {"ÿ", 'y'}, {"À", 'a'}, {"Â", 'a'}, {"Ç", 'c'}, {"É", 'e'}, {"È", 'e'},
      {"Ê", 'e'}, {"Î", 'i'}, {"Ô", 'o'}, {"Û", 'u'}};
  std::string slug;
  for (std::size_t i = 0; i < title.size() && slug.size() < 60;) {
    const char c = title[i];
    char out = 0;
    std::size_t width = 1;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out = c;
    } else if (c >= 'A' && c <= 'Z') {
      out = static_cast<char>(c - 'A' + 'a');
    } else if ((static_cast<unsigned char>(c) & 0xE0) == 0xC0 && i + 1 < title.size()) {
      width = 2;
      auto it = kFolded.find(title.substr(i, 2));
      if (it != kFolded.end()) out = it->second;
    } else if ((static_cast<unsigned char>(c) & 0xF0) == 0xE0) {
      width = 3;
    } else if ((static_cast<unsigned char>(c) & 0xF8) == 0xF0) {
      width = 4;
    }
    if (out != 0) {
      slug.push_back(out);
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
    i += width;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

// A form's fields as typed, with the French errors to show beside them.
struct Form {
  Fields values;
  std::map<std::string, std::string> errors;  // field → message

  std::string Get(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
  }
};

// {"name", "value", "error" (or false), "invalid"} of each field of `form`.
PageData FormData(const Form& form, std::initializer_list<const char*> names) {
  PageData data;
  for (const char* name : names) {
    data.set(std::string(name), form.Get(name));
    auto it = form.errors.find(name);
    SetText(data, std::string("error_") + name, it == form.errors.end() ? "" : it->second);
  }
  return data;
}

// The field of the session form showing an application error.
std::string SessionField(const std::string& app_field) {
  if (app_field == "workshop") return "atelier";
  if (app_field == "start") return "debut";
  if (app_field == "end") return "fin";
  if (app_field == "room") return "salle";
  if (app_field == "capacity") return "places";
  if (app_field == "mediator") return "animateur";
  return "";
}

std::string WorkshopField(const std::string& app_field) {
  if (app_field == "title" || app_field == "id") return "titre";
  if (app_field == "description") return "description";
  if (app_field == "theme") return "theme";
  if (app_field == "level") return "niveau";
  return "";
}

// The sessions as table rows.
PageData SessionRows(const WorkshopDesk& desk, app::Workshops& workshops,
                     const std::vector<app::WorkshopSession>& sessions) {
  PageData rows = PageData::type::list;
  for (const app::WorkshopSession& s : sessions) {
    PageData row = SessionData(desk, s);
    row.set("title", WorkshopOf(workshops, s.workshop_id).title);
    row.set("href", SheetHref(s.id));
    rows.push_back(row);
  }
  return rows;
}

// The /ateliers/gestion page, with the forms as typed.
Response HomePage(const Request& request, Services& services, app::Workshops& workshops,
                  const app::Agent& agent, const Form& session_form, const Form& workshop_form,
                  const std::string& notice, const std::string& alert, int status) {
  WorkshopDesk desk(services);
  const date::year_month_day today = Today(desk);
  PageData data;
  SetText(data, "notice", notice);
  SetText(data, "alert", alert);
  auto coming = workshops.Sessions(agent, app::FormatDate(today),
                                   app::FormatDate(Plus(today, kComingWeeks * 7)));
  auto recent = workshops.Sessions(agent, app::FormatDate(Plus(today, -kRecentDays)),
                                   app::FormatDate(Plus(today, -1)));
  data.set("has_coming", coming && !coming->empty());
  data.set("coming",
           SessionRows(desk, workshops, coming ? *coming : std::vector<app::WorkshopSession>{}));
  data.set("has_recent", recent && !recent->empty());
  std::vector<app::WorkshopSession> recent_first =
      recent ? *recent : std::vector<app::WorkshopSession>{};
  std::reverse(recent_first.begin(), recent_first.end());
  data.set("recent", SessionRows(desk, workshops, recent_first));

  const bool can_manage =
      static_cast<bool>(app::MayManageWorkshops(agent, services.sites.Current()->id));
  data.set("can_manage", can_manage);
  auto catalogue = workshops.Catalogue();
  PageData options = PageData::type::list;
  if (catalogue) {
    for (const app::Workshop& w : *catalogue) {
      PageData option;
      option.set("id", w.id);
      option.set("title", w.title);
      option.set("selected", session_form.Get("atelier") == w.id);
      options.push_back(option);
    }
  }
  data.set("workshops", options);
  data.set("has_workshops", catalogue && !catalogue->empty());
  PageData mediators = PageData::type::list;
  if (auto facilitators = workshops.Facilitators(agent)) {
    const std::string chosen =
        session_form.Get("animateur").empty() ? agent.id : session_form.Get("animateur");
    for (const app::Facilitator& f : *facilitators) {
      PageData option;
      option.set("id", f.agent_id);
      option.set("login", f.login);
      option.set("selected", f.agent_id == chosen);
      mediators.push_back(option);
    }
  }
  data.set("mediators", mediators);
  Form session_values = session_form;
  if (session_values.Get("date").empty())
    session_values.values["date"] = app::FormatDate(Plus(today, 7));
  if (session_values.Get("debut").empty()) session_values.values["debut"] = "14:00";
  if (session_values.Get("fin").empty()) session_values.values["fin"] = "16:00";
  if (session_values.Get("salle").empty()) session_values.values["salle"] = "Salle informatique";
  if (session_values.Get("places").empty()) session_values.values["places"] = "12";
  data.set("session_form", FormData(session_values, {"atelier", "date", "debut", "fin", "salle",
                                                     "places", "animateur"}));
  data.set("workshop_form", FormData(workshop_form, {"titre", "description", "niveau", "theme"}));
  PageData levels = PageData::type::list;
  for (WorkshopLevel level :
       {WorkshopLevel::kBeginner, WorkshopLevel::kIntermediate, WorkshopLevel::kAdvanced}) {
    PageData option;
    option.set("value", std::string(LevelName(level)));
    option.set("label", std::string(LevelLabel(level)));
    option.set("selected", workshop_form.Get("niveau") == LevelName(level));
    levels.push_back(option);
  }
  data.set("levels", levels);
  PageData themes = PageData::type::list;
  for (const WorkshopTheme& theme : WorkshopThemes()) {
    PageData option;
    option.set("value", std::string(theme.code));
    option.set("label", std::string(theme.label));
    option.set("selected", workshop_form.Get("theme") == theme.code);
    themes.push_back(option);
  }
  data.set("themes", themes);
  return Page(request, agent, "workshops_staff", "Ateliers numériques – gestion", std::move(data),
              status);
}

Response ShowHome(const Request& request, Services& services, app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  std::string notice;
  if (request.Query("atelier") == "1") notice = "L'atelier est ajouté au catalogue.";
  return HomePage(request, services, workshops, *agent, {}, {}, notice, {}, 200);
}

Response SubmitSession(const Request& request, Services& services, app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) {
    return HomePage(request, services, workshops, *agent, {}, {}, {}, fields.error().message, 400);
  }
  Form form{*fields, {}};
  if (!CsrfValid(request, *fields)) {
    return HomePage(request, services, workshops, *agent, form, {}, {},
                    "Le formulaire a expiré : vérifiez la séance et validez à nouveau.", 403);
  }
  WorkshopDesk desk(services);
  auto day = app::ParseDate(form.Get("date"), "date");
  auto start = ParseClock(form.Get("debut"));
  auto end = ParseClock(form.Get("fin"));
  int capacity = 0;
  const std::string places = form.Get("places");
  if (places.empty() || places.size() > 4 ||
      places.find_first_not_of("0123456789") != std::string::npos) {
    form.errors["places"] = "Indiquez un nombre de places, par exemple 12.";
  } else {
    capacity = std::stoi(places);
  }
  if (!day) form.errors["date"] = "Choisissez une date.";
  if (!start) form.errors["debut"] = "Heure attendue au format HH:MM, par exemple 14:00.";
  if (!end) form.errors["fin"] = "Heure attendue au format HH:MM, par exemple 16:00.";
  if (!form.errors.empty()) {
    return HomePage(request, services, workshops, *agent, form, {}, {}, {}, 422);
  }
  app::SessionRequest asked;
  asked.workshop_id = form.Get("atelier");
  asked.start = StartAt(desk.hours->zone(), *day, *start);
  asked.end = StartAt(desk.hours->zone(), *day, *end);
  asked.room = form.Get("salle");
  asked.capacity = capacity;
  asked.agent_id = form.Get("animateur");
  auto created = workshops.CreateSession(*agent, asked);
  if (!created) {
    const std::string field = SessionField(created.error().field);
    if (field.empty() || created.error().kind == ErrorKind::kForbidden) {
      return HomePage(request, services, workshops, *agent, form, {}, {}, created.error().message,
                      HttpStatus(created.error().kind));
    }
    form.errors[field] = created.error().message;
    return HomePage(request, services, workshops, *agent, form, {}, {}, {},
                    HttpStatus(created.error().kind));
  }
  return Redirect(SheetHref(created->id) + "?cree=1");
}

Response SubmitWorkshop(const Request& request, Services& services, app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) {
    return HomePage(request, services, workshops, *agent, {}, {}, {}, fields.error().message, 400);
  }
  Form form{*fields, {}};
  if (!CsrfValid(request, *fields)) {
    return HomePage(request, services, workshops, *agent, {}, form, {},
                    "Le formulaire a expiré : vérifiez l'atelier et validez à nouveau.", 403);
  }
  app::Workshop w;
  w.title = form.Get("titre");
  w.id = Slug(w.title);
  w.description = form.Get("description");
  w.theme = form.Get("theme");
  const auto level = ParseLevel(form.Get("niveau"));
  w.level = level ? *level : WorkshopLevel::kBeginner;
  if (auto catalogue = workshops.Catalogue()) {
    w.position = static_cast<int>(catalogue->size()) + 1;
    for (const app::Workshop& existing : *catalogue) {
      if (existing.id == w.id) {
        form.errors["titre"] = "Un atelier porte déjà ce titre : choisissez-en un autre.";
        return HomePage(request, services, workshops, *agent, {}, form, {}, {}, 409);
      }
    }
  }
  auto saved = workshops.SaveWorkshop(*agent, w);
  if (!saved) {
    const std::string field = WorkshopField(saved.error().field);
    if (field.empty()) {
      return HomePage(request, services, workshops, *agent, {}, form, {}, saved.error().message,
                      HttpStatus(saved.error().kind));
    }
    form.errors[field] = field == "titre" && saved.error().field == "id"
                             ? "Le titre doit compter au moins une lettre ou un chiffre."
                             : saved.error().message;
    return HomePage(request, services, workshops, *agent, {}, form, {}, {},
                    HttpStatus(saved.error().kind));
  }
  return Redirect("/ateliers/gestion?atelier=1");
}

// --- A session's sheet ---------------------------------------------------------

std::string Contact(const app::Registration& r) {
  std::string contact;
  if (!r.person.phone.empty()) contact = FrenchPhone(r.person.phone);
  if (!r.person.email.empty()) contact += (contact.empty() ? "" : ", ") + r.person.email;
  return contact.empty() ? std::string("—") : contact;
}

Response SheetPage(const Request& request, Services& services, app::Workshops& workshops,
                   const app::Agent& agent, const std::string& session_id, const PersonForm& person,
                   const std::string& notice, const std::string& alert, int status) {
  auto session = workshops.Session(session_id);
  if (!session) return ErrorPage(request, agent, session.error());
  auto registrations = workshops.Registrations(agent, session_id);
  if (!registrations) return ErrorPage(request, agent, registrations.error());
  WorkshopDesk desk(services);
  PageData data = SessionData(desk, *session);
  data.set("workshop_title", WorkshopOf(workshops, session->workshop_id).title);
  SetText(data, "notice", notice);
  SetText(data, "alert", alert);
  const std::string base = SheetHref(session_id);
  data.set("attendance_action", base + "/presences");
  data.set("headcount_action", base + "/comptage");
  data.set("capacity_action", base + "/places");
  data.set("register_action", base + "/inscription");
  data.set("can_mark", desk.now >= session->start - kAttendanceBeforeStart);
  data.set("open", session->start > desk.now);
  data.set("can_manage",
           static_cast<bool>(app::MayManageWorkshops(agent, services.sites.Current()->id)));
  PageData seated = PageData::type::list;
  PageData waiting = PageData::type::list;
  int cancelled = 0;
  for (const app::Registration& r : *registrations) {
    PageData row;
    row.set("id", r.id);
    row.set("name", r.person.first_name + " " + r.person.last_name);
    row.set("contact", Contact(r));
    row.set("online", r.booked_by.empty());
    row.set("present", r.attendance == Attendance::kPresent);
    row.set("absent", r.attendance == Attendance::kAbsent);
    row.set("assessment_href", AssessmentHref(r.id));
    row.set("cancel_action", "/ateliers/gestion/inscription/" + UrlComponent(r.id) + "/annuler");
    row.set("position", std::to_string(r.waitlist_position));
    if (r.status == RegistrationStatus::kRegistered) {
      seated.push_back(row);
    } else if (r.status == RegistrationStatus::kWaitlisted) {
      waiting.push_back(row);
    } else {
      ++cancelled;
    }
  }
  data.set("seated", seated);
  data.set("has_seated", !seated.is_empty_list());
  data.set("waiting", waiting);
  data.set("has_waiting", !waiting.is_empty_list());
  SetText(data, "cancelled_count",
          cancelled == 0
              ? ""
              : std::to_string(cancelled) +
                    (cancelled == 1 ? " inscription annulée." : " inscriptions annulées."));
  data.set("person_fields",
           RenderPersonFields(person, true, {kConsentHelpStaff, kConsentLabelStaff}));
  return Page(request, agent, "workshop_sheet",
              "Séance du " +
                  FrenchDate(date::year_month_day{date::floor<days>(desk.Local(session->start))}),
              std::move(data), status);
}

Response ShowSheet(const Request& request, Services& services, app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  std::string notice;
  const std::string done = request.Query("fait");
  if (request.Query("cree") == "1") notice = "La séance est créée.";
  if (done == "presences") notice = "Les présences sont enregistrées.";
  if (done == "comptage") notice = "Le nombre de personnes venues sans inscription est enregistré.";
  if (done == "places") notice = "Le nombre de places est modifié.";
  if (done == "inscription") notice = "La personne est inscrite.";
  if (done == "attente") notice = "La séance est complète : la personne est en liste d'attente.";
  if (done == "annulation") notice = "L'inscription est annulée.";
  if (done == "evaluation") notice = "L'auto-évaluation est enregistrée.";
  return SheetPage(request, services, workshops, *agent, request.params.at("id"), {}, notice, {},
                   200);
}

// The form of a sheet's action, its CSRF token checked; or the page to send.
Result<Fields> SheetForm(const Request& request, Services& services, app::Workshops& workshops,
                         const app::Agent& agent, Response& refusal) {
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) {
    refusal = SheetPage(request, services, workshops, agent, request.params.at("id"), {}, {},
                        fields.error().message, 400);
    return tl::unexpected(fields.error());
  }
  if (!CsrfValid(request, *fields)) {
    refusal =
        SheetPage(request, services, workshops, agent, request.params.at("id"), {}, {},
                  "Le formulaire a expiré : rien n'a été enregistré. Validez à nouveau.", 403);
    return Fail(ErrorKind::kForbidden, "csrf", "CSRF");
  }
  return fields;
}

Response SubmitAttendance(const Request& request, Services& services, app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  auto fields = SheetForm(request, services, workshops, *agent, refusal);
  if (!fields) return refusal;
  const std::string& id = request.params.at("id");
  auto registrations = workshops.Registrations(*agent, id);
  if (!registrations) return ErrorPage(request, *agent, registrations.error());
  for (const app::Registration& r : *registrations) {
    if (r.status != RegistrationStatus::kRegistered) continue;
    auto it = fields->find("presence_" + r.id);
    if (it == fields->end() || it->second.empty()) continue;
    if (it->second == AttendanceName(r.attendance)) continue;
    auto marked = workshops.SetAttendance(*agent, r.id, it->second);
    if (!marked) {
      return SheetPage(request, services, workshops, *agent, id, {}, {}, marked.error().message,
                       HttpStatus(marked.error().kind));
    }
  }
  return Redirect(SheetHref(id) + "?fait=presences");
}

// A whole number typed in a form, or -1.
int Number(const std::string& text) {
  if (text.empty() || text.size() > 6 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return -1;
  }
  return std::stoi(text);
}

Response SubmitHeadCount(const Request& request, Services& services, app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  auto fields = SheetForm(request, services, workshops, *agent, refusal);
  if (!fields) return refusal;
  const std::string& id = request.params.at("id");
  auto counted = workshops.SetHeadCount(*agent, id, Number((*fields)["nombre"]));
  if (!counted) {
    return SheetPage(request, services, workshops, *agent, id, {}, {}, counted.error().message,
                     HttpStatus(counted.error().kind));
  }
  return Redirect(SheetHref(id) + "?fait=comptage");
}

Response SubmitCapacity(const Request& request, Services& services, app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  auto fields = SheetForm(request, services, workshops, *agent, refusal);
  if (!fields) return refusal;
  const std::string& id = request.params.at("id");
  auto session = workshops.Session(id);
  if (!session) return ErrorPage(request, *agent, session.error());
  const app::TimeZone& zone = services.sites.CurrentHours()->zone();
  app::SessionRequest asked;
  asked.workshop_id = session->workshop_id;
  asked.start = zone.FormatRfc3339(session->start);
  asked.end = zone.FormatRfc3339(session->end);
  asked.room = session->room;
  asked.capacity = Number((*fields)["places"]);
  asked.agent_id = session->agent_id;
  auto updated = workshops.UpdateSession(*agent, id, asked);
  if (!updated) {
    return SheetPage(request, services, workshops, *agent, id, {}, {}, updated.error().message,
                     HttpStatus(updated.error().kind));
  }
  return Redirect(SheetHref(id) + "?fait=places");
}

Response SubmitDeskRegistration(const Request& request, Services& services,
                                app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  const std::string& id = request.params.at("id");
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) {
    return SheetPage(request, services, workshops, *agent, id, {}, {}, fields.error().message, 400);
  }
  PersonForm form = ReadPersonForm(*fields);
  if (!CsrfValid(request, *fields)) {
    return SheetPage(request, services, workshops, *agent, id, form, {},
                     "Le formulaire a expiré : vérifiez les informations et validez à nouveau.",
                     403);
  }
  app::RegistrationRequest registration;
  registration.consent = form.consent;
  if (!PersonDetailsOf(form, services, registration.person)) {
    return SheetPage(request, services, workshops, *agent, id, form, {}, {}, 422);
  }
  auto enrolled = workshops.Register(id, registration, &*agent);
  if (!enrolled) {
    const Error& error = enrolled.error();
    if (FormFieldOf(error.field).empty() && error.field != "consent") {
      return SheetPage(request, services, workshops, *agent, id, form, {}, error.message,
                       HttpStatus(error.kind));
    }
    AddError(form, error);
    return SheetPage(request, services, workshops, *agent, id, form, {}, {},
                     HttpStatus(error.kind));
  }
  const bool waiting = enrolled->registration.status == RegistrationStatus::kWaitlisted;
  return Redirect(SheetHref(id) + (waiting ? "?fait=attente" : "?fait=inscription"));
}

Response SubmitStaffCancel(const Request& request, Services& services, app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  const std::string& id = request.params.at("id");
  auto found = workshops.Find(id, {}, &*agent);
  if (!found) return ErrorPage(request, *agent, found.error());
  auto fields = ParseUrlEncoded(request.body);
  if (!fields || !CsrfValid(request, *fields)) {
    return SheetPage(request, services, workshops, *agent, found->session_id, {}, {},
                     "Le formulaire a expiré : rien n'a été annulé. Validez à nouveau.", 403);
  }
  auto cancelled = workshops.Cancel(id, {}, &*agent);
  if (!cancelled) {
    return SheetPage(request, services, workshops, *agent, found->session_id, {}, {},
                     cancelled.error().message, HttpStatus(cancelled.error().kind));
  }
  return Redirect(SheetHref(found->session_id) + "?fait=annulation");
}

// --- Self-assessment -------------------------------------------------------------

Response AssessmentPage(const Request& request, Services& services, app::Workshops& workshops,
                        const app::Agent& agent, const std::string& registration_id,
                        const std::map<std::string, std::string>& typed, const std::string& alert,
                        int status) {
  auto found = workshops.Find(registration_id, {}, &agent);
  if (!found) return ErrorPage(request, agent, found.error());
  auto assessment = workshops.FindAssessment(agent, registration_id);
  if (!assessment) return ErrorPage(request, agent, assessment.error());
  WorkshopDesk desk(services);
  PageData data;
  data.set("name", found->person.first_name + " " + found->person.last_name);
  if (auto session = workshops.Session(found->session_id)) {
    PageData session_data = SessionData(desk, *session);
    data.set("when", session_data.get("when")->string_value());
    data.set("workshop_title", WorkshopOf(workshops, session->workshop_id).title);
  }
  data.set("sheet_href", SheetHref(found->session_id));
  data.set("action", AssessmentHref(registration_id));
  SetText(data, "alert", alert);
  PageData statements = PageData::type::list;
  const auto all = AssessmentStatements();
  for (std::size_t i = 0; i < all.size(); ++i) {
    PageData statement;
    const std::string code(all[i].code);
    statement.set("code", code);
    statement.set("label", std::string(all[i].label));
    PageData phases = PageData::type::list;
    for (const auto& [phase, label, scores] :
         {std::tuple<const char*, const char*, const std::vector<int>*>{"avant", "Avant l'atelier",
                                                                        &assessment->before},
          {"apres", "Après l'atelier", &assessment->after}}) {
      PageData p;
      const std::string name = std::string(phase) + "_" + code;
      p.set("name", name);
      p.set("label", std::string(label));
      auto it = typed.find(name);
      const std::string chosen =
          it != typed.end() ? it->second
                            : (scores->size() == all.size() ? std::to_string((*scores)[i]) : "");
      PageData choices = PageData::type::list;
      for (int score = kMinScore; score <= kMaxScore; ++score) {
        PageData choice;
        choice.set("value", std::to_string(score));
        choice.set("label", std::string(ScoreLabel(score)));
        choice.set("id", name + "_" + std::to_string(score));
        choice.set("checked", chosen == std::to_string(score));
        choices.push_back(choice);
      }
      p.set("choices", choices);
      phases.push_back(p);
    }
    statement.set("phases", phases);
    statements.push_back(statement);
  }
  data.set("statements", statements);
  return Page(request, agent, "workshop_assessment", "Auto-évaluation", std::move(data), status);
}

Response ShowAssessment(const Request& request, Services& services, app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  return AssessmentPage(request, services, workshops, *agent, request.params.at("id"), {}, {}, 200);
}

Response SubmitAssessment(const Request& request, Services& services, app::Workshops& workshops) {
  Response refusal;
  auto agent = Staff(request, services, refusal);
  if (!agent) return refusal;
  const std::string& id = request.params.at("id");
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) {
    return AssessmentPage(request, services, workshops, *agent, id, {}, fields.error().message,
                          400);
  }
  std::map<std::string, std::string> typed(fields->begin(), fields->end());
  if (!CsrfValid(request, *fields)) {
    return AssessmentPage(request, services, workshops, *agent, id, typed,
                          "Le formulaire a expiré : rien n'a été enregistré. Validez à nouveau.",
                          403);
  }
  auto found = workshops.Find(id, {}, &*agent);
  if (!found) return ErrorPage(request, *agent, found.error());
  // Each phase is saved when every statement has its score, left alone when none has.
  for (const auto& [prefix, phase] :
       {std::pair<const char*, const char*>{"avant", "before"}, {"apres", "after"}}) {
    std::vector<int> scores;
    for (const AssessmentStatement& statement : AssessmentStatements()) {
      auto it = fields->find(std::string(prefix) + "_" + std::string(statement.code));
      if (it != fields->end() && !it->second.empty()) scores.push_back(Number(it->second));
    }
    if (scores.empty()) continue;
    auto saved = workshops.SaveAssessment(*agent, id, phase, scores);
    if (!saved) {
      const std::string message =
          saved.error().code == "invalid_assessment"
              ? std::string(phase == std::string("before") ? "Avant l'atelier"
                                                           : "Après l'atelier") +
                    " : donnez une note à chaque affirmation, ou à aucune."
              : saved.error().message;
      return AssessmentPage(request, services, workshops, *agent, id, typed, message,
                            HttpStatus(saved.error().kind));
    }
  }
  return Redirect(SheetHref(found->session_id) + "?fait=evaluation");
}

}  // namespace

void AddWorkshopStaffPageRoutes(Router& router, Services& services) {
  if (services.workshops == nullptr) return;
  Services* s = &services;
  app::Workshops* w = services.workshops;
  const auto route = [&](Access access, const char* method, const char* pattern,
                         Response (*handler)(const Request&, Services&, app::Workshops&)) {
    router.Add(access, {method, pattern,
                        [s, w, handler](const Request& r) { return handler(r, *s, *w); }, true});
  };
  route(Access::Staff(app::Action::kRunWorkshops), "GET", "/ateliers/gestion", ShowHome);
  route(Access::Staff(app::Action::kManageWorkshops), "POST", "/ateliers/gestion/seances",
        SubmitSession);
  route(Access::Staff(app::Action::kManageWorkshops), "POST", "/ateliers/gestion/ateliers",
        SubmitWorkshop);
  route(Access::Staff(app::Action::kRunWorkshops), "GET", "/ateliers/gestion/seance/{id}",
        ShowSheet);
  route(Access::Staff(app::Action::kRunWorkshops), "POST",
        "/ateliers/gestion/seance/{id}/presences", SubmitAttendance);
  route(Access::Staff(app::Action::kRunWorkshops), "POST", "/ateliers/gestion/seance/{id}/comptage",
        SubmitHeadCount);
  route(Access::Staff(app::Action::kManageWorkshops), "POST",
        "/ateliers/gestion/seance/{id}/places", SubmitCapacity);
  route(Access::Staff(app::Action::kRunWorkshops), "POST",
        "/ateliers/gestion/seance/{id}/inscription", SubmitDeskRegistration);
  route(Access::Staff(app::Action::kRunWorkshops), "POST",
        "/ateliers/gestion/inscription/{id}/annuler", SubmitStaffCancel);
  route(Access::Staff(app::Action::kRunWorkshops), "GET",
        "/ateliers/gestion/inscription/{id}/auto-evaluation", ShowAssessment);
  route(Access::Staff(app::Action::kRunWorkshops), "POST",
        "/ateliers/gestion/inscription/{id}/auto-evaluation", SubmitAssessment);
}

}  // namespace relais::web
