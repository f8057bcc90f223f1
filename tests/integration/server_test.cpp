// The real server over HTTP: the contract's shapes, and every refusal of
// bad input with its status (never a 500, never a crash).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "tests/support/expectations.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kJson = {"Content-Type: application/json"};

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new RelaisProcess({"demo", "--db", dir_->File("demo.sqlite")});
    ASSERT_TRUE(server_->running()) << server_->Output();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static HttpResponse Get(const std::string& path, std::vector<std::string> headers = {}) {
    return Http({"GET", server_->Url(path), "", std::move(headers)});
  }
  static HttpResponse Post(const std::string& path, const std::string& body,
                           std::vector<std::string> headers = kJson) {
    return Http({"POST", server_->Url(path), body, std::move(headers)});
  }

  static TempDir* dir_;
  static RelaisProcess* server_;
};

TempDir* ServerTest::dir_ = nullptr;
RelaisProcess* ServerTest::server_ = nullptr;

TEST_F(ServerTest, HealthzAnswersOk) {
  auto response = Get("/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body), json({{"status", "ok"}}));
  EXPECT_EQ(response.Header("content-type"), "application/json");
}

TEST_F(ServerTest, SiteIsTheSeedsDesk) {
  auto response = Get("/api/v1/site");
  ASSERT_EQ(response.status, 200);
  auto site = json::parse(response.body);
  EXPECT_EQ(site["id"], "antony");
  EXPECT_EQ(site["name"], "PIMMS Médiation d'Antony");
  EXPECT_NE(site["address"].get<std::string>().find("Noyer-Doré"), std::string::npos);
  EXPECT_EQ(site["timezone"], "Europe/Paris");
  EXPECT_EQ(site["opening_hours"], "Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off");
}

TEST_F(ServerTest, PartnersHaveStableCodes) {
  auto response = Get("/api/v1/partners");
  ASSERT_EQ(response.status, 200);
  std::set<std::string> codes;
  for (const auto& partner : json::parse(response.body)) {
    codes.insert(partner["code"].get<std::string>());
    EXPECT_FALSE(partner["name"].get<std::string>().empty());
  }
  EXPECT_EQ(codes, (std::set<std::string>{"caf", "cpam", "france-travail"}));
}

TEST_F(ServerTest, MalformedJsonIs400) {
  ExpectError(Post("/api/v1/session", "{\"login\": "), 400, "malformed_json");
  ExpectError(Post("/api/v1/session", "[1,2]"), 400, "malformed_json");
  ExpectError(Post("/api/v1/session", "{\"login\":\"a\"}", {"Content-Type: text/plain"}), 400,
              "unsupported_media_type");
  ExpectError(Post("/api/v1/session", std::string(100, '[') + std::string(100, ']')), 400,
              "json_too_deep");
  ExpectError(Post("/api/v1/session", "{\"login\":\"\xff\xfe\",\"password\":\"x\"}"), 400,
              "malformed_json");
}

TEST_F(ServerTest, WrongTypesAre422WithTheField) {
  auto response = Post("/api/v1/session", R"({"login": 12, "password": "x"})");
  ExpectError(response, 422, "invalid_field");
  EXPECT_EQ(json::parse(response.body)["error"]["field"], "login");
}

TEST_F(ServerTest, BodyOverTheLimitIs413) {
  ExpectError(Post("/api/v1/session", std::string(2 * 1024 * 1024, 'x')), 413, "body_too_large");
  // The server still answers afterwards.
  EXPECT_EQ(Get("/healthz").status, 200);
}

TEST_F(ServerTest, UnknownRouteIs404AndWrongMethodIs405) {
  ExpectError(Get("/api/v1/nothing-here"), 404, "not_found");
  auto wrong = Http({"PUT", server_->Url("/api/v1/site"), "{}", kJson});
  ExpectError(wrong, 405, "method_not_allowed");
  EXPECT_EQ(wrong.Header("allow"), "GET");
}

TEST_F(ServerTest, HtmlClientsGetAFrenchErrorPage) {
  auto response = Get("/nulle-part", {"Accept: text/html"});
  EXPECT_EQ(response.status, 404);
  EXPECT_NE(response.Header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(response.body.find("Cette adresse n&apos;existe pas."), std::string::npos);
}

TEST_F(ServerTest, BadQueryEncodingIs400) {
  ExpectError(Get("/api/v1/site?x=%zz"), 400, "malformed_encoding");
  ExpectError(Get("/api/v1/site?x=%C3"), 400, "malformed_encoding");
}

TEST_F(ServerTest, WrongPasswordAndUnknownLoginGetTheSame401) {
  auto wrong = Post("/api/v1/session", R"({"login":"mediator","password":"nope"})");
  auto unknown = Post("/api/v1/session", R"({"login":"nobody","password":"nope"})");
  ExpectError(wrong, 401, "invalid_credentials");
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(wrong.status, unknown.status);
  EXPECT_TRUE(CookieFrom(wrong, "relais_session").empty());
}

TEST_F(ServerTest, ApiLoginOpensASessionAndLogoutClosesIt) {
  auto login = Post("/api/v1/session", LoginJson(*server_, "coordinator"));
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(json::parse(login.body)["role"], "coordinator");
  EXPECT_EQ(json::parse(login.body)["enrollment_required"], false);
  const std::string set_cookie = login.Header("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain HTTP without a trusted proxy";
  const std::string cookie = "Cookie: " + CookieFrom(login, "relais_session");

  auto me = Get("/api/v1/session", {cookie});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body)["login"], "coordinator");

  auto out = Http({"DELETE", server_->Url("/api/v1/session"), "", {cookie}});
  EXPECT_EQ(out.status, 200);
  ExpectError(Get("/api/v1/session", {cookie}), 401, "unauthenticated");
  ExpectError(Get("/api/v1/session"), 401, "unauthenticated");
}

// The HTML flow: the login form's CSRF token, the staff home, logout.
TEST_F(ServerTest, LoginPageFlowWithCsrf) {
  auto form = Get("/connexion");
  ASSERT_EQ(form.status, 200);
  const std::string csrf_cookie = CookieFrom(form, "relais_csrf");
  ASSERT_FALSE(csrf_cookie.empty());
  const std::string token = csrf_cookie.substr(csrf_cookie.find('=') + 1);
  EXPECT_NE(form.body.find("value=\"" + token + "\""), std::string::npos);
  EXPECT_NE(form.body.find("<html lang=\"fr\">"), std::string::npos);

  const std::vector<std::string> form_headers = {"Content-Type: application/x-www-form-urlencoded",
                                                 "Cookie: " + csrf_cookie};
  auto forged = Post("/connexion", "login=admin&password=demo&csrf=forged", form_headers);
  EXPECT_EQ(forged.status, 403);
  EXPECT_TRUE(CookieFrom(forged, "relais_session").empty());

  auto bad = Post("/connexion", "login=admin&password=wrong&csrf=" + token, form_headers);
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(bad.body.find("Identifiant ou mot de passe incorrect."), std::string::npos);
  EXPECT_NE(bad.body.find("value=\"admin\""), std::string::npos) << "the login is kept";

  auto no_code = Post("/connexion", "login=admin&password=demo&csrf=" + token, form_headers);
  EXPECT_EQ(no_code.status, 401) << "the demo admin has TOTP";
  EXPECT_NE(no_code.body.find("code à 6 chiffres"), std::string::npos);
  EXPECT_NE(no_code.body.find("autocomplete=\"one-time-code\""), std::string::npos);
  EXPECT_NE(no_code.body.find("inputmode=\"numeric\""), std::string::npos);
  EXPECT_TRUE(CookieFrom(no_code, "relais_session").empty());

  const std::string code = FreshTotpCode(*server_, "admin", kDemoTotpSecret);
  auto good =
      Post("/connexion", "login=admin&password=demo&code=" + code + "&csrf=" + token, form_headers);
  ASSERT_EQ(good.status, 303);
  EXPECT_EQ(good.Header("location"), "/agent");
  const std::string session = CookieFrom(good, "relais_session");
  ASSERT_FALSE(session.empty());

  auto home = Get("/agent", {"Cookie: " + session + "; " + csrf_cookie});
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("PIMMS Médiation d&apos;Antony"), std::string::npos) << home.body;
  EXPECT_NE(home.body.find("Administrateur"), std::string::npos);

  auto logout_forged = Post("/deconnexion", "csrf=forged",
                            {"Content-Type: application/x-www-form-urlencoded",
                             "Cookie: " + session + "; " + csrf_cookie});
  EXPECT_EQ(logout_forged.status, 403);
  auto logout = Post("/deconnexion", "csrf=" + token,
                     {"Content-Type: application/x-www-form-urlencoded",
                      "Cookie: " + session + "; " + csrf_cookie});
  EXPECT_EQ(logout.status, 303);
  auto after = Get("/agent", {"Cookie: " + session});
  EXPECT_EQ(after.status, 303);
  EXPECT_EQ(after.Header("location"), "/connexion");
}

TEST_F(ServerTest, EveryResponseCarriesSecurityHeaders) {
  auto page = Get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("PIMMS Médiation d&apos;Antony"), std::string::npos);
  const std::string page_policy = page.Header("content-security-policy");
  EXPECT_NE(page_policy.find("default-src 'self'"), std::string::npos) << page_policy;
  EXPECT_EQ(page_policy.find("unsafe-inline"), std::string::npos) << page_policy;
  EXPECT_EQ(page_policy.find("unsafe-eval"), std::string::npos) << page_policy;
  // A page, JSON, an error, a file, a static asset: the same locks.
  for (const auto& response : {page, Get("/api/v1/site"), Get("/api/v1/nowhere"),
                               Get("/api/v1/site/hours.ics"), Get("/static/relais.css")}) {
    EXPECT_EQ(response.Header("x-content-type-options"), "nosniff") << response.status;
    EXPECT_EQ(response.Header("referrer-policy"), "same-origin") << response.status;
    EXPECT_EQ(response.Header("x-frame-options"), "DENY") << response.status;
    EXPECT_NE(response.Header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << response.status;
    EXPECT_EQ(response.Header("strict-transport-security"), "") << "plain HTTP";
  }
  EXPECT_EQ(Get("/api/v1/site").Header("content-security-policy"),
            "default-src 'none'; frame-ancestors 'none'");
}

TEST_F(ServerTest, StaticAssetsHaveTypesCachingAndValidators) {
  auto css = Get("/static/pico.min.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.Header("content-type"), "text/css; charset=utf-8");
  EXPECT_NE(css.Header("cache-control").find("max-age"), std::string::npos);
  const std::string etag = css.Header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_GT(css.body.size(), 10000u);
  auto again = Get("/static/pico.min.css", {"If-None-Match: " + etag});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(Get("/static/nothing.css").status, 404);
  EXPECT_EQ(Get("/static/..%2F..%2Fetc%2Fpasswd").status, 404);
  EXPECT_EQ(Get("/static/../../etc/passwd").status, 404);
}

TEST_F(ServerTest, AccessLogHoldsNoQueryStringsNorBodies) {
  (void)Get("/api/v1/site?token=secret-token-value");
  (void)Post("/api/v1/session", R"({"login":"mediator","password":"Very-Secret-Pass"})");
  // The log is written in the background: wait for the lines to land.
  std::string log;
  for (int i = 0; i < 100 && log.find("POST /api/v1/session 401") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = server_->Output();
  }
  EXPECT_NE(log.find("GET /api/v1/site 200"), std::string::npos) << log;
  EXPECT_NE(log.find("POST /api/v1/session 401"), std::string::npos) << log;
  EXPECT_EQ(log.find("secret-token-value"), std::string::npos);
  EXPECT_EQ(log.find("Very-Secret-Pass"), std::string::npos);
}

TEST_F(ServerTest, OversizedHeadersAreRefusedAndTheServerLivesOn) {
  auto huge = Get("/api/v1/site", {"X-Filler: " + std::string(64 * 1024, 'a')});
  EXPECT_NE(huge.status, 200);
  EXPECT_NE(huge.status, 500);
  auto long_url = Get("/api/v1/site?x=" + std::string(64 * 1024, 'a'));
  EXPECT_NE(long_url.status, 200);
  EXPECT_NE(long_url.status, 500);
  EXPECT_EQ(Get("/healthz").status, 200);
}

// Every cookie the server sets on a login through an https proxy (the CSRF
// cookie of the login page, the session cookie) is HttpOnly, SameSite and Secure.
void ExpectEveryCookieLocked(const HttpResponse& response, const std::string& what) {
  auto [first, last] = response.headers.equal_range("set-cookie");
  EXPECT_NE(first, last) << what << " sets a cookie";
  for (auto it = first; it != last; ++it) {
    EXPECT_NE(it->second.find("; HttpOnly"), std::string::npos) << what << ": " << it->second;
    EXPECT_NE(it->second.find("; SameSite="), std::string::npos) << what << ": " << it->second;
    EXPECT_NE(it->second.find("; Secure"), std::string::npos) << what << ": " << it->second;
  }
}

// Behind a TLS proxy: cookies are Secure and the client's address is the
// forwarded one, so one client's failures do not lock out another.
TEST(TrustedProxy, SecureCookiesAndPerClientRateLimit) {
  TempDir dir;
  const std::string config = dir.File("relais.toml");
  std::ofstream(config) << "trust_proxy = true\n";
  RelaisProcess server({"--config", config, "demo", "--db", dir.File("demo.sqlite")});
  ASSERT_TRUE(server.running()) << server.Output();
  const std::vector<std::string> via_proxy = {
      "Content-Type: application/json", "X-Forwarded-Proto: https", "X-Forwarded-For: 203.0.113.7"};
  auto login = Http({"POST", server.Url("/api/v1/session"), LoginJson(server, "admin"), via_proxy});
  ASSERT_EQ(login.status, 200);
  ExpectEveryCookieLocked(login, "POST /api/v1/session");

  const std::vector<std::string> proxied_page = {"X-Forwarded-Proto: https",
                                                 "X-Forwarded-For: 203.0.113.8"};
  auto form = Http({"GET", server.Url("/connexion"), "", proxied_page});
  ExpectEveryCookieLocked(form, "GET /connexion");
  const std::string csrf_cookie = CookieFrom(form, "relais_csrf");
  std::vector<std::string> form_headers = proxied_page;
  form_headers.push_back("Content-Type: application/x-www-form-urlencoded");
  form_headers.push_back("Cookie: " + csrf_cookie);
  auto page_login = Http({"POST", server.Url("/connexion"),
                          "login=coordinator&password=demo&code=" +
                              FreshTotpCode(server, "coordinator", kDemoTotpSecret) +
                              "&csrf=" + csrf_cookie.substr(csrf_cookie.find('=') + 1),
                          form_headers});
  ASSERT_EQ(page_login.status, 303) << page_login.body;
  ExpectEveryCookieLocked(page_login, "POST /connexion");

  // Failures on several accounts (the per-account lockout stays out of it).
  for (int i = 0; i < 10; ++i) {
    const std::string wrong =
        json{{"login", "inconnu" + std::to_string(i)}, {"password", "x"}}.dump();
    (void)Http({"POST", server.Url("/api/v1/session"), wrong, via_proxy});
  }
  EXPECT_EQ(Http({"POST", server.Url("/api/v1/session"), R"({"login":"admin","password":"x"})",
                  via_proxy})
                .status,
            429);
  EXPECT_EQ(login.Header("strict-transport-security"), "max-age=31536000");

  // Plain HTTP to the proxy from another machine: no password in clear.
  const std::vector<std::string> plain = {"Content-Type: application/json",
                                          "X-Forwarded-For: 198.51.100.9"};
  auto other_client =
      Http({"POST", server.Url("/api/v1/session"), LoginJson(server, "admin"), plain});
  ExpectError(other_client, 403, "https_required");
  EXPECT_EQ(other_client.Header("set-cookie"), "");
  auto plain_page = Http({"GET", server.Url("/connexion"), "", {"X-Forwarded-For: 198.51.100.9"}});
  EXPECT_NE(plain_page.body.find("exige une adresse chiffrée"), std::string::npos);
  // The proxy's own machine may (the demo and its tests).
  auto local_client = Http({"POST",
                            server.Url("/api/v1/session"),
                            LoginJson(server, "admin"),
                            {"Content-Type: application/json", "X-Forwarded-For: 127.0.0.1"}});
  EXPECT_EQ(local_client.status, 200) << local_client.body;
  EXPECT_EQ(local_client.Header("set-cookie").find("Secure"), std::string::npos);
}

// A proxy on this machine that nobody declared (no trust_proxy): believed
// about TLS (Secure cookies), and its plain-HTTP clients may not sign in.
TEST(UndeclaredLocalProxy, SecureOverTlsAndNoSignInInClear) {
  TempDir dir;
  RelaisProcess server({"demo", "--db", dir.File("demo.sqlite")});
  ASSERT_TRUE(server.running()) << server.Output();
  auto tls = Http({"POST",
                   server.Url("/api/v1/session"),
                   LoginJson(server, "mediator"),
                   {"Content-Type: application/json", "X-Forwarded-Proto: https",
                    "X-Forwarded-For: 198.51.100.9"}});
  ASSERT_EQ(tls.status, 200) << tls.body;
  ExpectEveryCookieLocked(tls, "POST /api/v1/session over TLS");
  auto clear = Http({"POST",
                     server.Url("/api/v1/session"),
                     LoginJson(server, "mediator"),
                     {"Content-Type: application/json", "X-Forwarded-For: 198.51.100.9"}});
  ExpectError(clear, 403, "https_required");
  auto form = Http({"GET", server.Url("/connexion"), "", {"X-Forwarded-For: 198.51.100.9"}});
  const std::string csrf_cookie = CookieFrom(form, "relais_csrf");
  auto page_login =
      Http({"POST",
            server.Url("/connexion"),
            "login=mediator&password=demo&csrf=" + csrf_cookie.substr(csrf_cookie.find('=') + 1),
            {"Content-Type: application/x-www-form-urlencoded", "X-Forwarded-For: 198.51.100.9",
             "Cookie: " + csrf_cookie}});
  EXPECT_EQ(page_login.status, 403);
  EXPECT_EQ(CookieFrom(page_login, "relais_session"), "");
  EXPECT_NE(page_login.body.find("exige une adresse chiffrée"), std::string::npos);
  // Straight from this machine, as the demo is used.
  auto direct = Http({"POST",
                      server.Url("/api/v1/session"),
                      LoginJson(server, "mediator"),
                      {"Content-Type: application/json"}});
  EXPECT_EQ(direct.status, 200);
}

// A server of its own: failed logins from one address lock it out.
TEST(RateLimit, TenFailedLoginsInAMinuteGet429) {
  TempDir dir;
  RelaisProcess server({"demo", "--db", dir.File("demo.sqlite")});
  ASSERT_TRUE(server.running()) << server.Output();
  // Each on another login: the per-account lockout (5) stays out of it.
  for (int i = 0; i < 10; ++i) {
    const std::string wrong =
        json{{"login", "inconnu" + std::to_string(i)}, {"password", "wrong"}}.dump();
    EXPECT_EQ(Http({"POST", server.Url("/api/v1/session"), wrong, kJson}).status, 401) << i;
  }
  auto limited = Http(
      {"POST", server.Url("/api/v1/session"), R"({"login":"admin","password":"wrong"})", kJson});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(json::parse(limited.body)["error"]["code"], "too_many_attempts");
  auto right = Http({"POST", server.Url("/api/v1/session"), LoginJson(server, "admin"), kJson});
  EXPECT_EQ(right.status, 429) << "even the right password waits";
}

TEST(Shutdown, SigtermStopsGracefullyWithExitZero) {
  TempDir dir;
  RelaisProcess server({"demo", "--db", dir.File("demo.sqlite")});
  ASSERT_TRUE(server.running()) << server.Output();
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_NE(server.Output().find("relais arrêté"), std::string::npos);
}

}  // namespace
}  // namespace relais::testing
