// Every route called as every role, as nobody and as an agent of another
// site: the answers (let through or refused) must equal what the route
// declares and the policy table (app/policy.h) says.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/policy.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

// A caller: a demo role, nobody, or an agent of another site.
struct Caller {
  std::string name;
  std::optional<Role> role;  // nothing for nobody
  bool other_site = false;
  StaffSession session;  // for nobody, only a CSRF cookie
};

// What a route declares (GET /api/v1/routes).
struct Declared {
  std::string method;
  std::string pattern;
  std::string access;  // public, signed_in, an action, public_or:ACTION
};

bool PublicOr(const Declared& route) {
  return route.access.rfind("public_or:", 0) == 0;
}

// True when `caller` should get through `route` by its declaration and
// the policy table. A "public_or" route lets anyone through with a link's
// token (`with_token`), and without one only the staff the action allows.
bool Expected(const Declared& route, const Caller& caller, bool with_token) {
  if (route.access == "public") return true;
  if (route.access == "signed_in" || route.access == "session") return caller.role.has_value();
  if (PublicOr(route) && with_token) return true;
  if (!caller.role) return false;
  auto action = app::ParseAction(PublicOr(route) ? route.access.substr(10) : route.access);
  EXPECT_TRUE(action) << route.method << " " << route.pattern << ": unknown access "
                      << route.access;
  if (!action) return false;
  return !caller.other_site && app::Allowed(*caller.role, *action);
}

// The pattern with every `{name}` replaced by a value that names nothing.
std::string Path(const std::string& pattern) {
  static const std::map<std::string, std::string> kValues = {{"action", "appeler"},
                                                             {"file", "inconnu.ics"},
                                                             {"name", "inconnu.css"},
                                                             {"date", "2031-01-06"}};
  std::string path;
  std::size_t at = 0;
  while (at < pattern.size()) {
    const std::size_t open = pattern.find('{', at);
    if (open == std::string::npos) {
      path += pattern.substr(at);
      break;
    }
    const std::size_t close = pattern.find('}', open);
    path += pattern.substr(at, open - at);
    const std::string name = pattern.substr(open + 1, close - open - 1);
    auto known = kValues.find(name);
    path += known != kValues.end() ? known->second : "inconnu";
    at = close + 1;
  }
  return path;
}

// True when the answer refuses the caller for who they are: 401, a page
// sending them to the login form, or a 403 from the policy (the JSON code
// "forbidden", or the policy's words on a page). A 403 for another reason
// (a CSRF token, an agent who takes no appointments) is not a refusal of
// the route.
bool Refused(const HttpResponse& response) {
  if (response.status == 401) return true;
  if (response.status == 422) {  // nobody without the link's token
    auto body = json::parse(response.body, nullptr, false);
    return !body.is_discarded() && body["error"].value("field", "") == "token";
  }
  if (response.status / 100 == 3) return response.Header("location").rfind("/connexion", 0) == 0;
  if (response.status != 403) return false;
  auto body = json::parse(response.body, nullptr, false);
  if (!body.is_discarded()) return body["error"].value("code", "") == "forbidden";
  return response.body.find("ne permet pas") != std::string::npos ||
         response.body.find("ne travaille pas pour ce lieu") != std::string::npos;
}

// Routes whose answers the table does not judge, and why.
bool JudgedElsewhere(const Declared& route) {
  return (route.method == "POST" && route.pattern == "/connexion") ||  // 401: wrong credentials
         (route.method == "POST" && route.pattern == "/api/v1/session") ||  // (server_test.cpp)
         route.pattern == "/deconnexion" ||        // sends everyone to log in
         route.pattern == "/api/v1/queue/events";  // a stream (queue_test.cpp)
}

HttpResponse Call(const RelaisProcess& server, const Declared& route, const Caller& caller,
                  bool with_token) {
  // A link's token that names nothing, for the routes that take one.
  const std::string query = with_token ? "?token=inconnu" : "";
  HttpRequest request{
      route.method, server.Url(Path(route.pattern) + query), "", {caller.session.cookie}};
  if (route.method != "GET") {
    if (route.pattern.rfind("/api/", 0) == 0) {
      request.body = query.empty() ? "{}" : R"({"token":"inconnu"})";
      request.headers.push_back("Content-Type: application/json");
    } else {
      request.body = "csrf=" + caller.session.csrf;
      request.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    }
  }
  return Http(request);
}

// The other site, "massy", and its coordinator, written into the demo's
// database while the server is stopped.
void AddOtherSite(const std::string& db_path) {
  auto db = OpenDeskDatabase(db_path);
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->Write([](storage::Connection& c) -> Status {
    return c
        .Execute(
            "INSERT INTO sites (site_id, name, address, timezone, opening_hours, created_at) "
            "VALUES ('massy', 'France Services de Massy', '1 avenue de France, 91300 Massy', "
            "'Europe/Paris', 'Mo-Fr 09:00-17:00', 0)",
            {})
        .map([](auto) {});
  }));
  auto added = RunRelais({"user", "add", "--db", db_path, "--login", "massy-coordination", "--role",
                          "coordinator", "--site", "massy"},
                         "massy-mot-de-passe-long\n");
  ASSERT_EQ(added.exit_code, 0) << added.out;
}

// The session of nobody: a CSRF cookie and token, so that a form is refused
// for who sends it, not for a missing token.
StaffSession Nobody(const RelaisProcess& server) {
  auto form = Http({"GET", server.Url("/connexion"), "", {}});
  const std::string cookie = CookieFrom(form, "relais_csrf");
  return {"Cookie: " + cookie, cookie.substr(cookie.find('=') + 1), true};
}

TEST(Access, EveryRouteAnswersEveryCallerAsThePolicyTableSays) {
  TempDir dir;
  const std::string db = dir.File("desk.sqlite");
  RelaisProcess server({"demo", "--db", db});
  ASSERT_TRUE(server.running()) << server.Output();
  ASSERT_EQ(server.Stop(), 0);
  AddOtherSite(db);
  server.Restart();
  ASSERT_TRUE(server.running()) << server.Output();

  std::vector<Caller> callers;
  callers.push_back({"nobody", std::nullopt, false, Nobody(server)});
  for (Role role : kRoles) {
    const std::string login(RoleName(role));
    callers.push_back({login, role, false, SignIn(server, login, "demo")});
  }
  callers.push_back({"massy-coordination", Role::kCoordinator, true,
                     SignIn(server, "massy-coordination", "massy-mot-de-passe-long")});
  for (const Caller& caller : callers) ASSERT_TRUE(caller.session.ok) << caller.name;

  auto listed = Http({"GET", server.Url("/api/v1/routes"), "", {callers[1].session.cookie}});
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::vector<Declared> routes;
  for (const json& route : json::parse(listed.body)) {
    routes.push_back({route.at("method"), route.at("pattern"), route.at("access")});
  }
  ASSERT_GE(routes.size(), 100u) << "every route of the server is listed";

  // Closing a session (DELETE /api/v1/session) goes last.
  std::stable_partition(routes.begin(), routes.end(), [](const Declared& r) {
    return r.method != "DELETE" || r.pattern != "/api/v1/session";
  });

  std::ostringstream table;
  int calls = 0;
  for (const Declared& route : routes) {
    if (JudgedElsewhere(route)) continue;
    table << route.method << " " << route.pattern << " [" << route.access << "]";
    for (const Caller& caller : callers) {
      for (bool with_token : {false, true}) {
        if (with_token && !PublicOr(route)) continue;
        auto response = Call(server, route, caller, with_token);
        ++calls;
        const bool through = !Refused(response);
        table << " " << caller.name << (with_token ? "+token" : "") << "=" << response.status;
        EXPECT_EQ(through, Expected(route, caller, with_token))
            << route.method << " " << route.pattern << " [" << route.access << "] as "
            << caller.name << (with_token ? " with a token" : "") << ": " << response.status << " "
            << response.body.substr(0, 200);
        EXPECT_LT(response.status, 500)
            << route.method << " " << route.pattern << " as " << caller.name;
      }
    }
    table << "\n";
  }
  EXPECT_GE(calls, 700);
  RecordProperty("calls", calls);
  std::cout << table.str();
}

TEST(Access, TheRouteListIsForAdminsOnly) {
  TempDir dir;
  RelaisProcess server({"demo", "--db", dir.File("desk.sqlite")});
  ASSERT_TRUE(server.running()) << server.Output();
  EXPECT_EQ(Http({"GET", server.Url("/api/v1/routes"), "", {}}).status, 401);
  for (const char* login : {"coordinator", "mediator", "reception", "funder"}) {
    auto session = SignIn(server, login, "demo");
    EXPECT_EQ(Http({"GET", server.Url("/api/v1/routes"), "", {session.cookie}}).status, 403)
        << login;
  }
  auto admin = SignIn(server, "admin", "demo");
  auto listed = Http({"GET", server.Url("/api/v1/routes"), "", {admin.cookie}});
  ASSERT_EQ(listed.status, 200);
  bool found = false;
  for (const json& route : json::parse(listed.body)) {
    if (route.at("pattern") != "/api/v1/people/{id}" || route.at("method") != "GET") continue;
    found = true;
    EXPECT_EQ(route.at("access"), "view_person_files");
    EXPECT_EQ(route.at("roles"), json({"admin", "coordinator", "mediator"}));
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace relais::testing
