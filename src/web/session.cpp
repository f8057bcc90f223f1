#include "web/session.h"

#include <sodium.h>

#include "app/secrets.h"
#include "web/errors.h"
#include "web/page_common.h"

namespace relais::web {
std::string CookieHeader(std::string_view name, std::string_view value, const Request& request,
                         std::string_view path, std::string_view same_site, long max_age) {
  std::string cookie = std::string(name) + "=" + std::string(value) +
                       "; Path=" + std::string(path) +
                       "; HttpOnly; SameSite=" + std::string(same_site);
  if (max_age >= 0) cookie += "; Max-Age=" + std::to_string(max_age);
  if (request.secure) cookie += "; Secure";
  return cookie;
}

std::string SessionCookie(const std::string& token, const Request& request) {
  const auto lifetime =
      std::chrono::duration_cast<std::chrono::seconds>(app::Accounts::kSessionLifetime);
  return CookieHeader(kSessionCookie, token, request, "/", "Lax",
                      static_cast<long>(lifetime.count()));
}

std::string ExpiredSessionCookie(const Request& request) {
  return CookieHeader(kSessionCookie, "", request, "/", "Lax", 0);
}

Status SignInAllowed(const Request& request) {
  if (request.secure || request.local) return {};
  return Fail(ErrorKind::kForbidden, "https_required",
              "La connexion des agents exige une adresse chiffrée (https://) : un mot de passe "
              "ne doit pas circuler en clair. Demandez à l'administrateur de servir relais "
              "derrière HTTPS.");
}

Result<app::Agent> SignedInAgent(const Request& request, Services& services) {
  return services.accounts.Authenticate(request.Cookie(kSessionCookie));
}

Result<app::SignedIn> SignedInSession(const Request& request, Services& services) {
  return services.accounts.Session(request.Cookie(kSessionCookie));
}

std::optional<app::Agent> AgentIfAny(const Request& request, Services& services) {
  if (request.Cookie(kSessionCookie).empty()) return std::nullopt;
  auto agent = SignedInAgent(request, services);
  if (!agent) return std::nullopt;
  return std::move(*agent);
}

std::optional<Response> RefusalFor(const Route& route, const Request& request, Services& services) {
  const Access& access = route.access;
  if (access.kind == Access::Kind::kPublic || access.kind == Access::Kind::kPublicOrAction) {
    return std::nullopt;
  }
  const bool page = route.pattern.rfind("/api/", 0) != 0;
  if (access.kind == Access::Kind::kSession) {
    auto session = SignedInSession(request, services);
    if (session) return std::nullopt;
    return page ? SignInRedirect(session.error()) : ErrorResponse(session.error());
  }
  auto agent = SignedInAgent(request, services);
  if (!agent) return page ? SignInRedirect(agent.error()) : ErrorResponse(agent.error());
  if (access.kind == Access::Kind::kSignedIn) return std::nullopt;
  auto allowed = app::AuthorizeAt(*agent, access.action, services.sites.Current()->id);
  if (allowed) return std::nullopt;
  return page ? ErrorResponseFor(request, allowed.error()) : ErrorResponse(allowed.error());
}

std::string CsrfToken(const Request& request, Response& response) {
  std::string token = request.Cookie(kCsrfCookie);
  if (token.size() == 43) return token;
  token = app::RandomToken();
  response.Header("Set-Cookie", CookieHeader(kCsrfCookie, token, request, "/", "Strict", -1));
  return token;
}

bool CsrfValid(const Request& request, const Fields& form) {
  const std::string cookie = request.Cookie(kCsrfCookie);
  auto field = form.find(kCsrfField);
  if (cookie.size() != 43 || field == form.end() || field->second.size() != cookie.size())
    return false;
  return sodium_memcmp(cookie.data(), field->second.data(), cookie.size()) == 0;
}

Result<Fields> CheckedForm(const Request& request) {
  auto form = ParseUrlEncoded(request.body);
  if (!form) return form;
  if (!CsrfValid(request, *form)) {
    return Fail(ErrorKind::kForbidden, "csrf", "Le formulaire a expiré : rechargez la page.",
                "csrf");
  }
  return form;
}

}  // namespace relais::web
