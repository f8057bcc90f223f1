// Staff authentication over real HTTP: TOTP enrolment of an admin created
// with `relais user add` on a fresh `relais serve`, codes refused a second
// time, the per-account lockout (shared by two processes on one database,
// kept across a restart), revocation (API and CLI), password rules
// and the password change.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kJson = {"Content-Type: application/json"};
constexpr char kStrong[] = "Lumière-du-guichet-42";

HttpResponse PostJson(const RelaisProcess& server, const std::string& path, const std::string& body,
                      const std::string& cookie = {}) {
  std::vector<std::string> headers = kJson;
  if (!cookie.empty()) headers.push_back(cookie);
  return Http({"POST", server.Url(path), body, headers});
}

HttpResponse Get(const RelaisProcess& server, const std::string& path, const std::string& cookie,
                 const std::string& accept = "application/json") {
  return Http({"GET", server.Url(path), "", {cookie, "Accept: " + accept}});
}

std::string ErrorCode(const HttpResponse& response) {
  return json::parse(response.body, nullptr, false)
      .value("error", json::object())
      .value("code", "");
}

std::string SessionOf(const HttpResponse& login) {
  return "Cookie: " + CookieFrom(login, "relais_session");
}

std::string LoginBody(const std::string& login, const std::string& password,
                      const std::string& code = {}) {
  json body = {{"login", login}, {"password", password}};
  if (!code.empty()) body["code"] = code;
  return body.dump();
}

TEST(Auth, AnAdminEnrolsBeforeAnythingElseThenNeedsAFreshCode) {
  TempDir dir;
  const std::string db = dir.File("desk.sqlite");
  RelaisProcess server({"serve", "--db", db});
  ASSERT_TRUE(server.running()) << server.Output();
  auto added = RunRelais({"user", "add", "--login", "chef", "--role", "admin", "--db", db},
                         std::string(kStrong) + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.out;

  auto login = PostJson(server, "/api/v1/session", LoginBody("chef", kStrong));
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(json::parse(login.body)["enrollment_required"], true);
  const std::string cookie = SessionOf(login);

  // Until enrolled: 403 from the API, the enrolment page for pages.
  for (const char* path :
       {"/api/v1/session", "/api/v1/reports/activity?year=2025", "/api/v1/visits"}) {
    auto refused = Get(server, path, cookie);
    EXPECT_EQ(refused.status, 403) << path;
    EXPECT_EQ(ErrorCode(refused), "totp_enrollment_required") << path;
    EXPECT_NE(refused.body.find("double authentification est obligatoire"), std::string::npos);
  }
  for (const char* path : {"/agent", "/admin/horaires", "/tableau-de-bord", "/connexion"}) {
    auto page = Get(server, path, cookie, "text/html");
    EXPECT_EQ(page.status, 303) << path;
    EXPECT_EQ(page.Header("location"), "/connexion/double-facteur") << path;
  }
  auto enrolment = Get(server, "/connexion/double-facteur", cookie, "text/html");
  ASSERT_EQ(enrolment.status, 200);
  EXPECT_NE(enrolment.body.find("<svg"), std::string::npos) << "the QR code";
  EXPECT_NE(enrolment.body.find("autocomplete=\"one-time-code\""), std::string::npos);
  EXPECT_EQ(enrolment.Header("cache-control"), "no-store");

  auto begun = PostJson(server, "/api/v1/session/totp", "{}", cookie);
  ASSERT_EQ(begun.status, 200) << begun.body;
  const std::string secret = json::parse(begun.body)["secret"];
  EXPECT_EQ(json::parse(begun.body)["uri"], "otpauth://totp/relais:chef?secret=" + secret +
                                                "&issuer=relais&algorithm=SHA1&digits=6&period=30");
  std::string grouped;
  for (std::size_t i = 0; i < secret.size(); i += 4)
    grouped += (i ? " " : "") + secret.substr(i, 4);
  EXPECT_NE(enrolment.body.find(grouped), std::string::npos) << "the page shows the same secret";
  EXPECT_EQ(server.Output().find(secret), std::string::npos) << "never logged";

  auto wrong = PostJson(server, "/api/v1/session/totp/confirm", R"({"code":"000000"})", cookie);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(ErrorCode(wrong), "totp_invalid");
  const std::string enrol_code = FreshTotpCode(server, "chef", secret);
  auto confirmed =
      PostJson(server, "/api/v1/session/totp/confirm", json{{"code", enrol_code}}.dump(), cookie);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(Get(server, "/api/v1/session", cookie).status, 200) << "the session goes on, enrolled";
  EXPECT_EQ(Get(server, "/agent", cookie, "text/html").status, 200);

  ASSERT_EQ(Http({"DELETE", server.Url("/api/v1/session"), "", {cookie}}).status, 200);
  auto no_code = PostJson(server, "/api/v1/session", LoginBody("chef", kStrong));
  EXPECT_EQ(no_code.status, 401);
  EXPECT_EQ(ErrorCode(no_code), "totp_required");
  auto replayed = PostJson(server, "/api/v1/session", LoginBody("chef", kStrong, enrol_code));
  EXPECT_EQ(replayed.status, 401) << "the enrolment's code serves once";
  EXPECT_EQ(ErrorCode(replayed), "totp_invalid");
  const std::string code = FreshTotpCode(server, "chef", secret);
  auto signed_in = PostJson(server, "/api/v1/session", LoginBody("chef", kStrong, code));
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  EXPECT_EQ(json::parse(signed_in.body)["enrollment_required"], false);
  auto again = PostJson(server, "/api/v1/session", LoginBody("chef", kStrong, code));
  EXPECT_EQ(again.status, 401);
  EXPECT_EQ(ErrorCode(again), "totp_invalid");
  EXPECT_EQ(server.Output().find(code), std::string::npos) << "codes are not logged";
}

TEST(Auth, FiveFailuresLockTheAccountEvenForTheRightPassword) {
  TempDir dir;
  RelaisProcess server({"demo", "--db", dir.File("demo.sqlite")});
  ASSERT_TRUE(server.running()) << server.Output();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(PostJson(server, "/api/v1/session", LoginBody("mediator", "wrong")).status, 401) << i;
  }
  auto locked = PostJson(server, "/api/v1/session", LoginBody("mediator", "demo"));
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(ErrorCode(locked), "account_locked");
  EXPECT_NE(locked.body.find("réessayez dans 15 minutes"), std::string::npos) << locked.body;
  EXPECT_EQ(PostJson(server, "/api/v1/session", LoginBody("reception", "demo")).status, 200)
      << "another account of the same address";
  // Wrong codes count too (on a server of their own: the address's limit
  // of 10 failures a minute stays out of it).
  RelaisProcess other({"demo", "--db", dir.File("other.sqlite")});
  ASSERT_TRUE(other.running()) << other.Output();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(PostJson(other, "/api/v1/session", LoginBody("coordinator", "demo", "000000")).status,
              401);
  }
  EXPECT_EQ(ErrorCode(PostJson(other, "/api/v1/session", LoginJson(other, "coordinator"))),
            "account_locked");
}

// Two relais processes on one database, as a network's desks: the failures
// counted by one lock the account on the other, and a restart forgets no lock.
TEST(Auth, TheLockoutHoldsForEveryProcessOnTheDatabaseAndAfterARestart) {
  TempDir dir;
  const std::string db = dir.File("desk.sqlite");
  RelaisProcess first({"serve", "--db", db});
  ASSERT_TRUE(first.running()) << first.Output();
  RelaisProcess second({"serve", "--db", db});
  ASSERT_TRUE(second.running()) << second.Output();
  for (const char* login : {"chef", "adjoint"}) {
    auto added = RunRelais({"user", "add", "--login", login, "--role", "admin", "--db", db},
                           std::string(kStrong) + "\n");
    ASSERT_EQ(added.exit_code, 0) << added.out;
  }
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(PostJson(first, "/api/v1/session", LoginBody("chef", "wrong")).status, 401) << i;
  }
  auto locked = PostJson(second, "/api/v1/session", LoginBody("chef", kStrong));
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(ErrorCode(locked), "account_locked");
  EXPECT_NE(locked.body.find("réessayez dans 15 minutes"), std::string::npos) << locked.body;
  EXPECT_EQ(PostJson(second, "/api/v1/session", LoginBody("adjoint", kStrong)).status, 200)
      << "another account";
  ASSERT_EQ(first.Stop(), 0);
  first.Restart();
  ASSERT_TRUE(first.running()) << first.Output();
  auto after = PostJson(first, "/api/v1/session", LoginBody("chef", kStrong));
  EXPECT_EQ(after.status, 429) << after.body;
  EXPECT_EQ(ErrorCode(after), "account_locked") << "after a restart";
}

TEST(Auth, RevokedSessionsAnswer401) {
  TempDir dir;
  const std::string db = dir.File("demo.sqlite");
  RelaisProcess server({"demo", "--db", db});
  ASSERT_TRUE(server.running()) << server.Output();
  const std::string one =
      SessionOf(PostJson(server, "/api/v1/session", LoginBody("mediator", "demo")));
  const std::string two =
      SessionOf(PostJson(server, "/api/v1/session", LoginBody("mediator", "demo")));
  const std::string admin =
      SessionOf(PostJson(server, "/api/v1/session", LoginJson(server, "admin")));
  ASSERT_EQ(Get(server, "/api/v1/session", one).status, 200);

  auto by_mediator = PostJson(server, "/api/v1/agents/mediator/revoke-sessions", "{}", two);
  EXPECT_EQ(by_mediator.status, 403) << "only an admin revokes";
  auto unknown = PostJson(server, "/api/v1/agents/personne/revoke-sessions", "{}", admin);
  EXPECT_EQ(unknown.status, 404);
  auto revoked = PostJson(server, "/api/v1/agents/mediator/revoke-sessions", "{}", admin);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(json::parse(revoked.body)["revoked"], 2);
  for (const std::string& cookie : {one, two}) {
    auto refused = Get(server, "/api/v1/session", cookie);
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(ErrorCode(refused), "unauthenticated");
  }
  EXPECT_EQ(Get(server, "/api/v1/session", admin).status, 200);

  const std::string three =
      SessionOf(PostJson(server, "/api/v1/session", LoginBody("mediator", "demo")));
  ASSERT_EQ(Get(server, "/api/v1/session", three).status, 200);
  auto cli = RunRelais({"user", "revoke", "mediator", "--db", db});
  EXPECT_EQ(cli.exit_code, 0) << cli.out;
  EXPECT_NE(cli.out.find("fermées : 1"), std::string::npos) << cli.out;
  EXPECT_EQ(Get(server, "/api/v1/session", three).status, 401);
  EXPECT_EQ(RunRelais({"user", "revoke", "personne", "--db", db}).exit_code, 1);
}

TEST(Auth, PasswordRulesAndAChangeThatEndsTheOtherSessions) {
  TempDir dir;
  const std::string db = dir.File("demo.sqlite");
  RelaisProcess server({"demo", "--db", db});
  ASSERT_TRUE(server.running()) << server.Output();
  auto weak = RunRelais(
      {"user", "add", "--login", "marie", "--role", "mediator", "--site", "antony", "--db", db},
      "abcdefghijkl\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.out.find("trop courant ou trop simple"), std::string::npos) << weak.out;

  const std::string here =
      SessionOf(PostJson(server, "/api/v1/session", LoginBody("mediator", "demo")));
  const std::string there =
      SessionOf(PostJson(server, "/api/v1/session", LoginBody("mediator", "demo")));
  const auto change = [&](const std::string& current, const std::string& next) {
    return PostJson(server, "/api/v1/session/password",
                    json{{"current_password", current}, {"new_password", next}}.dump(), here);
  };
  const std::pair<std::string, std::string> refusals[] = {
      {"court", "password_too_short"},
      {"le-mediator-du-pimms", "password_contains_login"},
      {"123456789012", "password_common"},
  };
  for (const auto& [next, code] : refusals) {
    auto refused = change("demo", next);
    EXPECT_EQ(refused.status, 422) << next;
    EXPECT_EQ(ErrorCode(refused), code) << next;
    EXPECT_EQ(json::parse(refused.body)["error"]["field"], "new_password");
  }
  auto wrong_current = change("pas-le-bon", kStrong);
  EXPECT_EQ(wrong_current.status, 422);
  EXPECT_EQ(json::parse(wrong_current.body)["error"]["field"], "current_password");
  EXPECT_EQ(Get(server, "/api/v1/session", there).status, 200) << "a refused change ends nothing";

  auto changed = change("demo", kStrong);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Get(server, "/api/v1/session", here).status, 200);
  EXPECT_EQ(Get(server, "/api/v1/session", there).status, 401);
  EXPECT_EQ(PostJson(server, "/api/v1/session", LoginBody("mediator", "demo")).status, 401);
  EXPECT_EQ(PostJson(server, "/api/v1/session", LoginBody("mediator", kStrong)).status, 200);
}

}  // namespace
}  // namespace relais::testing
