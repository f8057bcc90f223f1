// HTML pages: the public home, the login page, the staff home. Every page
// works without JavaScript; forms carry a CSRF token.
#include "app/policy.h"
#include "web/errors.h"
#include "web/hours_view.h"
#include "web/page_common.h"
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
  if (!error.empty()) data.set("error", error);
  Response page = RenderPage("login", "Connexion", std::move(data));
  page.headers = std::move(response.headers);
  return page;
}

Response ShowLogin(const Request& request, Services& services) {
  if (SignedInAgent(request, services)) return Redirect("/agent");
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
  auto session = services.accounts.Login(login, (*form)["password"], request.remote_address);
  if (!session) {
    Response page = LoginPage(request, services, session.error().message, login);
    page.status = HttpStatus(session.error().kind);
    return page;
  }
  Response response = Redirect("/agent");
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

Response StaffHome(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return Redirect("/connexion");
  Response response;
  PageData data;
  data.set("csrf", CsrfToken(request, response));
  data.set("agent", AgentData(*agent));
  data.set("site", SiteData(*services.sites.Current()));
  data.set("hours_panel", HoursPanel(services, 7, "Horaires des sept prochains jours"));
  data.set("can_view_funding", app::Allowed(agent->role, app::Action::kViewFunding));
  Response page = RenderPage("staff_home", "Accueil agent", std::move(data));
  page.headers = std::move(response.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

}  // namespace

void AddPageRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Public(), {"GET", "/", [s](const Request&) { return PublicHome(*s); }, false});
  router.Add(Access::Public(),
             {"GET", "/connexion", [s](const Request& r) { return ShowLogin(r, *s); }, true});
  router.Add(Access::Public(),
             {"POST", "/connexion", [s](const Request& r) { return SubmitLogin(r, *s); }, true});
  router.Add(Access::SignedIn(),
             {"POST", "/deconnexion", [s](const Request& r) { return SubmitLogout(r, *s); }, true});
  router.Add(Access::SignedIn(),
             {"GET", "/agent", [s](const Request& r) { return StaffHome(r, *s); }, true});
  AddHoursAdminRoutes(router, services);
  AddPrivacyPageRoutes(router, services);
}

}  // namespace relais::web
