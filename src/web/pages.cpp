// HTML pages: the public home, the login page, TOTP enrolment, the staff
// home and its password change. Every page works without JavaScript; forms
// carry a CSRF token.
#include "app/policy.h"
#include "web/errors.h"
#include "web/hours_view.h"
#include "web/page_common.h"
#include "web/qr_code.h"
#include "web/routes.h"
#include "web/session.h"
#include "web/templates.h"

namespace relais::web {
namespace {

PageData SiteData(const Site& site) {
  PageData data;
  data.set("name", site.name);
  data.set("address", site.address);
  data.set("opening_hours", site.opening_hours);
  return data;
}

// The site's hours as the pages show them: the state now and `days` days.
std::string HoursPanel(Services& services, int days, const std::string& caption) {
  const auto now = date::floor<std::chrono::seconds>(services.clock.Now());
  PageData view = HoursView(*services.sites.CurrentHours(), now, days);
  view.set("caption", caption);
  return RenderTemplate("hours_panel", view);
}

Response PublicHome(Services& services) {
  PageData data;
  data.set("site", SiteData(*services.sites.Current()));
  data.set("hours_panel", HoursPanel(services, 7, "Les sept prochains jours"));
  return RenderPage("home", services.sites.Current()->name, std::move(data));
}

Response LoginPage(const Request& request, Services& services, const std::string& error,
                   const std::string& login) {
  Response response;
  PageData data;
  data.set("csrf", CsrfToken(request, response));
  data.set("site_name", services.sites.Current()->name);
  data.set("login", login);
  if (auto allowed = SignInAllowed(request); !allowed) {
    data.set("error", allowed.error().message);
  } else if (!error.empty()) {
    data.set("error", error);
  }
  Response page = RenderPage("login", "Connexion", std::move(data));
  page.headers = std::move(response.headers);
  return page;
}

Response ShowLogin(const Request& request, Services& services) {
  if (auto session = SignedInSession(request, services)) {
    return Redirect(session->enrollment_required ? kEnrollmentPath : "/agent");
  }
  return LoginPage(request, services, {}, {});
}

Response SubmitLogin(const Request& request, Services& services) {
  auto form = ParseUrlEncoded(request.body);
  if (!form) return ErrorResponseFor(request, form.error());
  if (!CsrfValid(request, *form)) {
    Response page =
        LoginPage(request, services,
                  "Le formulaire a expiré : merci de saisir à nouveau vos identifiants.", {});
    page.status = 403;
    return page;
  }
  const std::string login = (*form)["login"];
  if (auto allowed = SignInAllowed(request); !allowed) {
    Response page = LoginPage(request, services, {}, login);
    page.status = HttpStatus(allowed.error().kind);
    return page;
  }
  auto session =
      services.accounts.Login(login, (*form)["password"], (*form)["code"], request.remote_address);
  if (!session) {
    Response page = LoginPage(request, services, session.error().message, login);
    page.status = HttpStatus(session.error().kind);
    return page;
  }
  Response response = Redirect(session->enrollment_required ? kEnrollmentPath : "/agent");
  response.Header("Set-Cookie", SessionCookie(session->token, request));
  return response;
}

Response SubmitLogout(const Request& request, Services& services) {
  if (auto form = CheckedForm(request); !form) return ErrorResponseFor(request, form.error());
  (void)services.accounts.Logout(request.Cookie(kSessionCookie));
  Response response = Redirect("/connexion");
  response.Header("Set-Cookie", ExpiredSessionCookie(request));
  return response;
}

// The enrolment page: the secret in base32 and as a QR code, and the form
// confirming it with a code; `error` after a wrong code.
Response EnrollmentPage(const Request& request, Services& services, const std::string& error) {
  auto session = SignedInSession(request, services);
  if (!session) return SignInRedirect(session.error());
  if (session->totp_enabled) return Redirect("/agent");
  auto enrollment = services.accounts.BeginTotpEnrollment(session->agent);
  if (!enrollment) return ErrorResponseFor(request, enrollment.error());
  auto qr = QrSvg(enrollment->uri, "QR code de la double authentification à scanner");
  if (!qr) return ErrorResponseFor(request, qr.error());
  std::string grouped;  // the secret in groups of four, easier to type
  for (std::size_t i = 0; i < enrollment->secret.size(); i += 4) {
    grouped += (i == 0 ? "" : " ") + enrollment->secret.substr(i, 4);
  }
  Response response;
  PageData data;
  data.set("csrf", CsrfToken(request, response));
  data.set("login", session->agent.login);
  data.set("required", session->enrollment_required);
  data.set("secret", grouped);
  data.set("qr_svg", *qr);
  if (!error.empty()) data.set("error", error);
  Response page = RenderPage("totp_enrollment", "Double authentification", std::move(data));
  page.headers = std::move(response.headers);
  page.Header("Cache-Control", "no-store");
  if (!error.empty()) page.status = 422;
  return page;
}

Response SubmitEnrollment(const Request& request, Services& services) {
  auto form = CheckedForm(request);
  if (!form) return ErrorResponseFor(request, form.error());
  auto session = SignedInSession(request, services);
  if (!session) return SignInRedirect(session.error());
  if (auto ok = services.accounts.ConfirmTotpEnrollment(session->agent, (*form)["code"]); !ok) {
    return EnrollmentPage(request, services, ok.error().message);
  }
  return Redirect("/agent");
}

// The staff home; `notice` or `error` after a password change.
Response StaffHome(const Request& request, Services& services, const std::string& notice = {},
                   const std::string& error = {}) {
  auto session = SignedInSession(request, services);
  if (!session) return SignInRedirect(session.error());
  if (session->enrollment_required) return Redirect(kEnrollmentPath);
  const app::Agent& agent = session->agent;
  Response response;
  PageData data;
  data.set("csrf", CsrfToken(request, response));
  data.set("agent", AgentData(agent));
  data.set("site", SiteData(*services.sites.Current()));
  data.set("hours_panel", HoursPanel(services, 7, "Horaires des sept prochains jours"));
  data.set("can_view_funding", app::Allowed(agent.role, app::Action::kViewFunding));
  if (services.networks) {
    auto networks = services.networks->Visible(agent);
    data.set("has_networks", networks && !networks->empty());
  }
  data.set("totp_enabled", session->totp_enabled);
  if (!notice.empty()) data.set("password_notice", notice);
  if (!error.empty()) data.set("password_error", error);
  Response page = RenderPage("staff_home", "Accueil agent", std::move(data));
  page.headers = std::move(response.headers);
  page.Header("Cache-Control", "no-store");
  if (!error.empty()) page.status = 422;
  return page;
}

// POST /agent/mot-de-passe: the form of the staff home.
Response SubmitPasswordChange(const Request& request, Services& services) {
  auto form = CheckedForm(request);
  if (!form) return ErrorResponseFor(request, form.error());
  auto agent = SignedInAgent(request, services);
  if (!agent) return SignInRedirect(agent.error());
  auto changed = services.accounts.ChangePassword(
      *agent, request.Cookie(kSessionCookie), (*form)["current_password"], (*form)["new_password"]);
  if (!changed) {
    if (changed.error().kind != ErrorKind::kInvalid)
      return ErrorResponseFor(request, changed.error());
    return StaffHome(request, services, {}, changed.error().message);
  }
  return StaffHome(request, services,
                   "Mot de passe changé : vos autres sessions ouvertes sont fermées.");
}

}  // namespace

void AddPageRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Public(), {"GET", "/", [s](const Request&) { return PublicHome(*s); }, false});
  router.Add(Access::Public(),
             {"GET", "/connexion", [s](const Request& r) { return ShowLogin(r, *s); }, true});
  router.Add(Access::Public(),
             {"POST", "/connexion", [s](const Request& r) { return SubmitLogin(r, *s); }, true});
  router.Add(Access::Public(),
             {"POST", "/deconnexion", [s](const Request& r) { return SubmitLogout(r, *s); }, true});
  router.Add(Access::SignedIn(),
             {"GET", "/agent", [s](const Request& r) { return StaffHome(r, *s); }, true});
  router.Add(
      Access::Session(),
      {"GET", kEnrollmentPath, [s](const Request& r) { return EnrollmentPage(r, *s, {}); }, true});
  router.Add(Access::Session(), {"POST", kEnrollmentPath,
                                 [s](const Request& r) { return SubmitEnrollment(r, *s); }, true});
  router.Add(Access::SignedIn(),
             {"POST", "/agent/mot-de-passe",
              [s](const Request& r) { return SubmitPasswordChange(r, *s); }, true});
  AddHoursAdminRoutes(router, services);
  AddPrivacyPageRoutes(router, services);
}

}  // namespace relais::web
