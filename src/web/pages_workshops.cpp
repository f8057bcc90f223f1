// The public pages of the digital workshops (/ateliers), without an account
// and without JavaScript: the catalogue with the coming sessions and their
// seats, a session's registration form, the confirmation with the manage
// link, and the manage page that cancels. Handlers only translate;
// app::Workshops decides. Tokens travel in the query or the form, never in
// logs (the access log records route patterns).
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

constexpr char kConsentHelpPublic[] =
    "Vos nom, prénom, téléphone, adresse e-mail et commune servent uniquement à organiser cet "
    "atelier : vous prévenir d'un changement, d'une place libérée sur la liste d'attente, et "
    "compter les participants. Seule l'équipe du lieu les consulte ; ils ne sont ni vendus ni "
    "transmis. Ils sont effacés ou rendus anonymes à la fin de la durée de conservation du lieu. "
    "Vous pouvez annuler votre inscription à tout moment.";
constexpr char kConsentLabelPublic[] =
    "J'accepte que mes coordonnées soient enregistrées pour cet atelier.";

std::string SessionHref(const std::string& id) {
  return "/ateliers/seance/" + UrlComponent(id);
}

std::string ManageHref(const std::string& id, const std::string& token) {
  return "/ateliers/inscription/" + UrlComponent(id) + "?jeton=" + UrlComponent(token);
}

// A public page: never cached, with the CSRF cookie.
Response Page(const Request& request, Services& services, const std::string& name,
              const std::string& title, PageData data, int status = 200) {
  Response cookies;
  data.set("csrf", CsrfToken(request, cookies));
  if (auto agent = AgentIfAny(request, services)) data.set("agent", AgentData(*agent));
  Response page = RenderPage(name, title, std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

// A page that only explains (an unknown address, a refusal).
Response Message(const Request& request, Services& services, int status, const std::string& title,
                 const std::string& message) {
  PageData data;
  data.set("heading", title);
  data.set("message", message);
  PageData links = PageData::type::list;
  PageData back;
  back.set("href", std::string("/ateliers"));
  back.set("label", std::string("Voir les ateliers et leurs séances"));
  links.push_back(back);
  data.set("links", links);
  return Page(request, services, "booking_message", title, std::move(data), status);
}

Response UnknownSession(const Request& request, Services& services) {
  return Message(request, services, 404, "Séance introuvable",
                 "Cette séance d'atelier n'existe pas, ou plus : choisissez-en une dans la liste.");
}

Response ListPage(const Request& request, Services& services, app::Workshops& workshops) {
  WorkshopDesk desk(services);
  auto coming = workshops.Coming();
  PageData data;
  PageData site;
  site.set("name", desk.site->name);
  site.set("address", desk.site->address);
  data.set("site", site);
  PageData list = PageData::type::list;
  if (coming) {
    for (const app::WorkshopListing& listing : *coming) {
      PageData item = WorkshopData(listing.workshop);
      PageData sessions = PageData::type::list;
      for (const app::WorkshopSession& s : listing.sessions) {
        PageData session = SessionData(desk, s);
        session.set("href", SessionHref(s.id));
        sessions.push_back(session);
      }
      item.set("has_sessions", !listing.sessions.empty());
      item.set("sessions", sessions);
      list.push_back(item);
    }
  }
  data.set("has_workshops", coming && !coming->empty());
  data.set("workshops", list);
  return Page(request, services, "workshops", "Ateliers numériques", std::move(data));
}

// The session's page with its form (`form` as typed, `alert` above it).
Response SessionPage(const Request& request, Services& services, app::Workshops& workshops,
                     const app::WorkshopSession& session, const PersonForm& form,
                     const std::string& alert, int status) {
  WorkshopDesk desk(services);
  PageData data = SessionData(desk, session);
  const app::Workshop workshop = WorkshopOf(workshops, session.workshop_id);
  data.set("workshop", WorkshopData(workshop));
  data.set("site_name", desk.site->name);
  data.set("address", desk.site->address);
  data.set("action", SessionHref(session.id));
  const bool open = session.start > desk.now;
  data.set("open", open);
  data.set("full", session.registered >= session.capacity);
  SetText(data, "alert", alert);
  std::string field_alert;
  for (const auto& [field, message] : form.errors) {
    if (field.empty()) {
      if (alert.empty()) data.set("alert", message);
    } else if (field_alert.empty()) {
      field_alert = field;
    }
  }
  SetText(data, "alert_field", field_alert);
  data.set("person_fields",
           RenderPersonFields(form, false, {kConsentHelpPublic, kConsentLabelPublic}));
  return Page(request, services, "workshop_session", "S'inscrire – " + workshop.title,
              std::move(data), status);
}

Response ShowSession(const Request& request, Services& services, app::Workshops& workshops) {
  auto session = workshops.Session(request.params.at("id"));
  if (!session) return UnknownSession(request, services);
  return SessionPage(request, services, workshops, *session, PersonForm{}, {}, 200);
}

Response SubmitRegistration(const Request& request, Services& services, app::Workshops& workshops) {
  auto session = workshops.Session(request.params.at("id"));
  if (!session) return UnknownSession(request, services);
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) {
    return SessionPage(
        request, services, workshops, *session, PersonForm{},
        "Le formulaire envoyé est mal encodé : saisissez à nouveau vos informations.", 400);
  }
  PersonForm form = ReadPersonForm(*fields);
  if (!CsrfValid(request, *fields)) {
    return SessionPage(request, services, workshops, *session, form,
                       "Le formulaire a expiré : vérifiez vos informations et validez à nouveau.",
                       403);
  }
  app::RegistrationRequest registration;
  registration.consent = form.consent;
  if (!PersonDetailsOf(form, services, registration.person)) {
    return SessionPage(request, services, workshops, *session, form, {}, 422);
  }
  Status admitted = CheckHoneypot(*fields).and_then(
      [&] { return AdmitPublic(services.public_limits, PublicWrite::kRegistration, request); });
  if (!admitted) {
    return SessionPage(request, services, workshops, *session, form, admitted.error().message,
                       HttpStatus(admitted.error().kind));
  }
  auto enrolled = workshops.Register(session->id, registration, nullptr);
  if (!enrolled) {
    const Error& error = enrolled.error();
    if (error.kind == ErrorKind::kNotFound) return UnknownSession(request, services);
    if (error.kind == ErrorKind::kConflict) {
      return SessionPage(request, services, workshops, *session, form, error.message, 409);
    }
    AddError(form, error);
    return SessionPage(request, services, workshops, *session, form, {}, HttpStatus(error.kind));
  }
  return Redirect("/ateliers/confirmation/" + UrlComponent(enrolled->registration.id) +
                  "?jeton=" + UrlComponent(enrolled->manage_token));
}

Response RegistrationPage(const Request& request, Services& services, app::Workshops& workshops,
                          const app::Registration& r, const std::string& token, bool confirmed,
                          const std::string& notice, const std::string& alert, int status) {
  WorkshopDesk desk(services);
  PageData data;
  std::string title = "Atelier";
  if (auto session = workshops.Session(r.session_id)) {
    data = SessionData(desk, *session);
    const app::Workshop workshop = WorkshopOf(workshops, session->workshop_id);
    data.set("workshop", WorkshopData(workshop));
    title = workshop.title;
    data.set("changeable", session->start > desk.now && r.status != RegistrationStatus::kCancelled);
  } else {
    data.set("changeable", false);
  }
  data.set("site_name", desk.site->name);
  data.set("address", desk.site->address);
  data.set("person", r.person.first_name + " " + r.person.last_name);
  data.set("status", RegistrationStatusLabel(r));
  data.set("registered", r.status == RegistrationStatus::kRegistered);
  data.set("waitlisted", r.status == RegistrationStatus::kWaitlisted);
  data.set("cancelled", r.status == RegistrationStatus::kCancelled);
  data.set("position", std::to_string(r.waitlist_position));
  data.set("confirmed", confirmed);
  SetText(data, "notice", notice);
  SetText(data, "alert", alert);
  data.set("manage_href", ManageHref(r.id, token));
  data.set("cancel_action", "/ateliers/inscription/" + UrlComponent(r.id) + "/annuler");
  data.set("token", token);
  const std::string heading = !confirmed ? "Votre inscription"
                              : r.status == RegistrationStatus::kWaitlisted
                                  ? "Vous êtes sur la liste d'attente"
                                  : "Votre inscription est confirmée";
  data.set("heading", heading);
  return Page(request, services, "workshop_registration", heading + " – " + title, std::move(data),
              status);
}

Response NotFoundRegistration(const Request& request, Services& services, const Error& error) {
  if (error.kind != ErrorKind::kNotFound) {
    return Message(request, services, HttpStatus(error.kind), "Inscription indisponible",
                   error.message);
  }
  return Message(request, services, 404, "Inscription introuvable",
                 "Cette inscription est introuvable, ou le lien n'est pas complet : copiez le lien "
                 "en entier, avec ce qui suit « jeton= ».");
}

Response ShowRegistration(const Request& request, Services& services, app::Workshops& workshops,
                          bool confirmed) {
  const std::string token = request.Query("jeton");
  auto found = workshops.Find(request.params.at("id"), token, nullptr);
  if (!found) return NotFoundRegistration(request, services, found.error());
  std::string notice;
  if (request.Query("annule") == "1" && found->status == RegistrationStatus::kCancelled) {
    notice = "Votre inscription est annulée.";
  }
  return RegistrationPage(request, services, workshops, *found, token, confirmed, notice, {}, 200);
}

Response SubmitCancel(const Request& request, Services& services, app::Workshops& workshops) {
  const std::string& id = request.params.at("id");
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) {
    return Message(request, services, 400, "Formulaire illisible", fields.error().message);
  }
  const std::string token = (*fields)["jeton"];
  auto found = workshops.Find(id, token, nullptr);
  if (!found) return NotFoundRegistration(request, services, found.error());
  if (!CsrfValid(request, *fields)) {
    return RegistrationPage(request, services, workshops, *found, token, false, {},
                            "Le formulaire a expiré : rien n'a été annulé. Validez à nouveau.",
                            403);
  }
  auto cancelled = workshops.Cancel(id, token, nullptr);
  if (!cancelled) {
    return RegistrationPage(request, services, workshops, *found, token, false, {},
                            cancelled.error().message, HttpStatus(cancelled.error().kind));
  }
  return Redirect(ManageHref(id, token) + "&annule=1");
}

}  // namespace

void AddWorkshopPageRoutes(Router& router, Services& services) {
  if (services.workshops == nullptr) return;
  Services* s = &services;
  app::Workshops* w = services.workshops;
  const auto route = [&](Access access, const char* method, const char* pattern,
                         Response (*handler)(const Request&, Services&, app::Workshops&)) {
    router.Add(access, {method, pattern,
                        [s, w, handler](const Request& r) { return handler(r, *s, *w); }, true});
  };
  route(Access::Public(), "GET", "/ateliers", ListPage);
  route(Access::Public(), "GET", "/ateliers/seance/{id}", ShowSession);
  route(Access::Public(), "POST", "/ateliers/seance/{id}", SubmitRegistration);
  router.Add(Access::Public(),
             {"GET", "/ateliers/confirmation/{id}",
              [s, w](const Request& r) { return ShowRegistration(r, *s, *w, true); }, true});
  router.Add(Access::Public(),
             {"GET", "/ateliers/inscription/{id}",
              [s, w](const Request& r) { return ShowRegistration(r, *s, *w, false); }, true});
  route(Access::Public(), "POST", "/ateliers/inscription/{id}/annuler", SubmitCancel);
  AddWorkshopStaffPageRoutes(router, services);
}

}  // namespace relais::web
