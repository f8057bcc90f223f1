// Staff sessions and CSRF for the web layer: the session cookie, the
// double-submit CSRF token of HTML forms, the signed-in agent.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/agent.h"
#include "domain/error.h"
#include "web/http.h"
#include "web/router.h"
#include "web/server.h"

namespace relais::web {

inline constexpr char kSessionCookie[] = "relais_session";
inline constexpr char kCsrfCookie[] = "relais_csrf";
inline constexpr char kCsrfField[] = "csrf";

// Set-Cookie value of every cookie relais sets: `name=value` for `path`,
// HttpOnly, `same_site` ("Lax" or "Strict"), Max-Age when `max_age` >= 0,
// Secure over TLS. Over plain HTTP only the machine itself signs in
// (SignInAllowed), so a cookie without Secure never leaves it.
std::string CookieHeader(std::string_view name, std::string_view value, const Request& request,
                         std::string_view path, std::string_view same_site, long max_age);

// Set-Cookie value opening a session (HttpOnly, SameSite=Lax, Secure over TLS).
std::string SessionCookie(const std::string& token, const Request& request);
// Set-Cookie value removing the session cookie.
std::string ExpiredSessionCookie(const Request& request);

// kForbidden "https_required" (French message) for a staff sign-in over
// plain HTTP from another machine: a password must not travel in clear.
Status SignInAllowed(const Request& request);

// The agent of the request's session cookie, or kUnauthenticated; kForbidden
// "totp_enrollment_required" while the agent must enrol in TOTP.
Result<app::Agent> SignedInAgent(const Request& request, Services& services);
// The session's agent before that gate: for TOTP enrolment, the password
// change and logout.
Result<app::SignedIn> SignedInSession(const Request& request, Services& services);
// The same for a public route: nothing without a valid session (an expired
// cookie makes a public request, not an error).
std::optional<app::Agent> AgentIfAny(const Request& request, Services& services);

// Nothing when the caller may call `route` as it declares (web/access.h);
// otherwise the refusal: nobody is sent to the login page (pages) or gets
// 401 (API); an agent whose role or site the policy refuses gets 403.
// Checked before every handler, so that a refused caller learns nothing
// from validation or lookups; the use cases check again.
std::optional<Response> RefusalFor(const Route& route, const Request& request, Services& services);

// The request's CSRF token; when it has none, a new one whose cookie is
// added to `response`.
std::string CsrfToken(const Request& request, Response& response);

// True when the form's CSRF field equals the CSRF cookie.
bool CsrfValid(const Request& request, const Fields& form);

// The request's urlencoded form once its CSRF token is checked: kMalformed
// for a bad encoding, kForbidden for a missing or wrong token.
Result<Fields> CheckedForm(const Request& request);

}  // namespace relais::web
