// The JSON API, api/v1. Handlers only translate: read the request, call the
// application, write the answer.
#include <memory>
#include <mutex>

#include "app/policy.h"
#include "web/errors.h"
#include "web/hours_json.h"
#include "web/json.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

nlohmann::json AgentJson(const app::Agent& agent) {
  return {{"id", agent.id},
          {"login", agent.login},
          {"role", RoleName(agent.role)},
          {"sites", agent.site_ids}};
}

Response Healthz(const Request&) {
  return JsonResponse(200, {{"status", "ok"}});
}

// GET /api/v1/site is the busiest public read: its body is serialised once
// per version of the site, not once per request.
class SiteJson {
 public:
  explicit SiteJson(Services& services) : services_(services) {}

  Response operator()(const Request&) {
    auto site = services_.sites.Current();
    Response response;
    std::lock_guard lock(mutex_);
    if (site != site_) {
      site_ = site;
      body_ = nlohmann::json{{"id", site->id},
                             {"name", site->name},
                             {"address", site->address},
                             {"timezone", site->timezone},
                             {"opening_hours", site->opening_hours}}
                  .dump();
    }
    response.body = body_;
    return response;
  }

 private:
  Services& services_;
  std::mutex mutex_;
  std::shared_ptr<const Site> site_;  // GUARDED_BY(mutex_)
  std::string body_;                  // GUARDED_BY(mutex_)
};

// GET /api/v1/opening-hours?from=D&to=D: at most a year and a week.
Response OpeningHoursWindow(const Request& request, Services& services) {
  auto window = app::ParseWindow(request.Query("from"), request.Query("to"), 373);
  if (!window) return ErrorResponse(window.error());
  auto hours = services.sites.CurrentHours();
  Response response;
  response.body = HoursWindowJson(hours->Between(window->from, window->to), hours->zone());
  return response;
}

Response ListPartners(Services& services) {
  auto partners = services.sites.Partners();
  if (!partners) return ErrorResponse(partners.error());
  nlohmann::json body = nlohmann::json::array();
  for (const Partner& partner : *partners)
    body.push_back({{"code", partner.code}, {"name", partner.name}});
  return JsonResponse(200, body);
}

// POST /api/v1/session {login, password, code}: `code` only for an agent
// with TOTP. "enrollment_required": the session reaches only enrolment.
Response OpenSession(const Request& request, Services& services) {
  if (auto allowed = SignInAllowed(request); !allowed) return ErrorResponse(allowed.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto login = RequiredString(*body, "login");
  if (!login) return ErrorResponse(login.error());
  auto password = RequiredString(*body, "password");
  if (!password) return ErrorResponse(password.error());
  auto code = OptionalString(*body, "code", "code");
  if (!code) return ErrorResponse(code.error());
  auto session = services.accounts.Login(*login, *password, *code, request.remote_address);
  if (!session) return ErrorResponse(session.error());
  nlohmann::json answer = AgentJson(session->agent);
  answer["enrollment_required"] = session->enrollment_required;
  Response response = JsonResponse(200, answer);
  response.Header("Set-Cookie", SessionCookie(session->token, request));
  return response;
}

Response CurrentSession(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  return JsonResponse(200, AgentJson(*agent));
}

Response CloseSession(const Request& request, Services& services) {
  if (auto ok = services.accounts.Logout(request.Cookie(kSessionCookie)); !ok) {
    return ErrorResponse(ok.error());
  }
  Response response = JsonResponse(200, {{"status", "signed_out"}});
  response.Header("Set-Cookie", ExpiredSessionCookie(request));
  return response;
}

// GET /api/v1/routes: every route, who may call it, and the roles that
// the policy table lets through (for an audit of who can reach what).
Response ListRoutes(const Request& request, Services& services, const Router& router) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  if (auto allowed =
          app::AuthorizeAt(*agent, app::Action::kManageAccounts, services.sites.Current()->id);
      !allowed) {
    return ErrorResponse(allowed.error());
  }
  nlohmann::json routes = nlohmann::json::array();
  for (const Route* route : router.Routes()) {
    nlohmann::json roles = nlohmann::json::array();
    for (Role role : kRoles) {
      const bool open = route->access.kind == Access::Kind::kPublic ||
                        route->access.kind == Access::Kind::kSignedIn ||
                        route->access.kind == Access::Kind::kSession ||
                        app::Allowed(role, route->access.action);
      if (open) roles.push_back(RoleName(role));
    }
    routes.push_back({{"method", route->method},
                      {"pattern", route->pattern},
                      {"access", AccessName(route->access)},
                      {"roles", std::move(roles)}});
  }
  return JsonResponse(200, routes);
}

// POST /api/v1/session/totp: the secret to enrol (base32 and otpauth URI).
Response BeginTotp(const Request& request, Services& services) {
  auto session = SignedInSession(request, services);
  if (!session) return ErrorResponse(session.error());
  auto enrollment = services.accounts.BeginTotpEnrollment(session->agent);
  if (!enrollment) return ErrorResponse(enrollment.error());
  Response response = JsonResponse(200, {{"secret", enrollment->secret}, {"uri", enrollment->uri}});
  response.Header("Cache-Control", "no-store");
  return response;
}

// POST /api/v1/session/totp/confirm {code}: enables the pending secret.
Response ConfirmTotp(const Request& request, Services& services) {
  auto session = SignedInSession(request, services);
  if (!session) return ErrorResponse(session.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto code = RequiredString(*body, "code");
  if (!code) return ErrorResponse(code.error());
  if (auto ok = services.accounts.ConfirmTotpEnrollment(session->agent, *code); !ok) {
    return ErrorResponse(ok.error());
  }
  return JsonResponse(200, {{"status", "enabled"}});
}

// POST /api/v1/session/password {current_password, new_password}: the
// agent's other sessions end.
Response ChangePassword(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto current = RequiredString(*body, "current_password");
  if (!current) return ErrorResponse(current.error());
  auto next = RequiredString(*body, "new_password");
  if (!next) return ErrorResponse(next.error());
  if (auto ok =
          services.accounts.ChangePassword(*agent, request.Cookie(kSessionCookie), *current, *next);
      !ok) {
    return ErrorResponse(ok.error());
  }
  return JsonResponse(200, {{"status", "changed"}});
}

// POST /api/v1/agents/{login}/revoke-sessions (admin): ends every session
// of the agent.
Response RevokeSessions(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  if (auto allowed = app::Authorize(*agent, app::Action::kManageAccounts); !allowed) {
    return ErrorResponse(allowed.error());
  }
  auto revoked = services.accounts.RevokeSessions(request.params.at("login"));
  if (!revoked) return ErrorResponse(revoked.error());
  return JsonResponse(200, {{"revoked", *revoked}});
}

}  // namespace

void AddRouteListRoute(Router& router, Services& services) {
  Services* s = &services;
  const Router* r = &router;
  router.Add(
      Access::Staff(app::Action::kManageAccounts),
      {"GET", "/api/v1/routes", [s, r](const Request& q) { return ListRoutes(q, *s, *r); }, true});
}

void AddApiRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Public(), {"GET", "/healthz", Healthz, false});
  auto site_json = std::make_shared<SiteJson>(services);
  router.Add(Access::Public(), {"GET", "/api/v1/site",
                                [site_json](const Request& r) { return (*site_json)(r); }, false});
  router.Add(Access::Public(),
             {"GET", "/api/v1/opening-hours",
              [s](const Request& r) { return OpeningHoursWindow(r, *s); }, false});
  router.Add(Access::Public(),
             {"GET", "/api/v1/partners", [s](const Request&) { return ListPartners(*s); }, true});
  router.Add(Access::Public(), {"POST", "/api/v1/session",
                                [s](const Request& r) { return OpenSession(r, *s); }, true});
  router.Add(Access::SignedIn(), {"GET", "/api/v1/session",
                                  [s](const Request& r) { return CurrentSession(r, *s); }, true});
  router.Add(Access::Public(), {"DELETE", "/api/v1/session",
                                [s](const Request& r) { return CloseSession(r, *s); }, true});
  router.Add(Access::Session(), {"POST", "/api/v1/session/totp",
                                 [s](const Request& r) { return BeginTotp(r, *s); }, true});
  router.Add(Access::Session(), {"POST", "/api/v1/session/totp/confirm",
                                 [s](const Request& r) { return ConfirmTotp(r, *s); }, true});
  router.Add(Access::SignedIn(), {"POST", "/api/v1/session/password",
                                  [s](const Request& r) { return ChangePassword(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kManageAccounts),
             {"POST", "/api/v1/agents/{login}/revoke-sessions",
              [s](const Request& r) { return RevokeSessions(r, *s); }, true});
}

}  // namespace relais::web
