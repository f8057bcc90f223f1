// Person files, procedures and referrals over real HTTP, on the demo desk:
// the whole API end to end with every refusal (no consent, funder,
// anonymous, malformed JSON, wrong types, unknown ids, invalid
// transitions), hostile strings returned intact, and never a 500.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

class PeopleApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<RelaisProcess>(
        std::vector<std::string>{"demo", "--db", dir_.File("demo.sqlite")});
    ASSERT_TRUE(server_->running()) << server_->Output();
    mediator_ = SignIn(*server_, "mediator", "demo");
    ASSERT_TRUE(mediator_.ok);
  }

  HttpResponse Send(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& cookie) {
    std::vector<std::string> headers;
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    if (!cookie.empty()) headers.push_back(cookie);
    auto response = Http({method, server_->Url(path), body, headers});
    EXPECT_LT(response.status, 500) << method << " " << path << ": " << response.body;
    return response;
  }
  HttpResponse Send(const std::string& method, const std::string& path, const json& body) {
    return Send(method, path, body.dump(), mediator_.cookie);
  }
  json Ok(const std::string& method, const std::string& path, const json& body, long status) {
    auto response = Send(method, path, body);
    EXPECT_EQ(response.status, status) << method << " " << path << ": " << response.body;
    auto parsed = json::parse(response.body, nullptr, false);
    return parsed.is_discarded() ? json::object() : parsed;
  }
  json Get(const std::string& path) {
    auto response = Send("GET", path, "", mediator_.cookie);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    auto parsed = json::parse(response.body, nullptr, false);
    return parsed.is_discarded() ? json::object() : parsed;
  }
  // The error of a refused request: "STATUS code field".
  std::string Refusal(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& cookie) {
    auto response = Send(method, path, body, cookie);
    auto parsed = json::parse(response.body, nullptr, false);
    if (parsed.is_discarded() || !parsed.contains("error")) {
      return std::to_string(response.status) + " (no error body) " + response.body;
    }
    return std::to_string(response.status) + " " + parsed["error"].value("code", "") + " " +
           parsed["error"].value("field", "");
  }
  std::string Refusal(const std::string& method, const std::string& path, const json& body) {
    return Refusal(method, path, body.dump(), mediator_.cookie);
  }

  std::string CreateAwa() {
    return Ok("POST", "/api/v1/people",
              {{"consent", true}, {"first_name", "Awa"}, {"last_name", "Diallo"}}, 201)
        .value("id", "");
  }

  TempDir dir_;
  std::unique_ptr<RelaisProcess> server_;
  StaffSession mediator_;
};

TEST_F(PeopleApiTest, AFileWithProceduresAndReferralsEndToEnd) {
  json created = Ok("POST", "/api/v1/people",
                    {{"consent", true},
                     {"first_name", "Éloïse"},
                     {"last_name", "Lefèvre"},
                     {"birth_year", 1980},
                     {"phone", "06 12 34 56 78"},
                     {"email", "eloise@exemple.fr"},
                     {"commune_insee", "92002"},
                     {"household_size", 3}},
                    201);
  const std::string id = created.value("id", "");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(created["commune_name"], "Antony");
  EXPECT_TRUE(created["possible_duplicates"].empty());

  json twin = Ok("POST", "/api/v1/people",
                 {{"consent", true}, {"first_name", "eloise"}, {"last_name", "LEFEVRE"}}, 201);
  ASSERT_EQ(twin["possible_duplicates"].size(), 1u);
  EXPECT_EQ(twin["possible_duplicates"][0]["id"], id);

  json found = Get("/api/v1/people?q=lefev");
  EXPECT_EQ(found.size(), 2u);

  Ok("POST", "/api/v1/people/" + id + "/notes", {{"text", "Partagée"}}, 201);
  Ok("POST", "/api/v1/people/" + id + "/notes", {{"text", "Privée"}, {"private", true}}, 201);

  json procedure = Ok("POST", "/api/v1/people/" + id + "/procedures",
                      {{"kind", "aide-logement"},
                       {"partner", "caf"},
                       {"next_action", "Déposer la demande"},
                       {"next_action_on", "2000-01-03"},
                       {"documents", {"Avis d'imposition", "RIB"}}},
                      201);
  const std::string pid = procedure.value("id", "");
  EXPECT_EQ(procedure["status"], "to_do");
  EXPECT_EQ(procedure["next_statuses"], json({"in_progress", "closed"}));
  EXPECT_EQ(procedure["documents"].size(), 2u);

  json due = Get("/api/v1/procedures/follow-ups");
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0]["id"], pid);
  EXPECT_EQ(due[0]["person"]["last_name"], "Lefèvre");

  for (const char* status : {"in_progress", "submitted", "refused"}) {
    json moved = Ok("POST", "/api/v1/procedures/" + pid + "/status",
                    {{"status", status}, {"comment", "ok"}}, 200);
    EXPECT_EQ(moved["status"], status);
  }
  EXPECT_EQ(Refusal("POST", "/api/v1/procedures/" + pid + "/status", {{"status", "granted"}}),
            "409 invalid_transition status");

  json next = Ok("PUT", "/api/v1/procedures/" + pid + "/next-action",
                 {{"next_action", "Recours"}, {"next_action_on", "2099-12-31"}}, 200);
  EXPECT_EQ(next["next_action_on"], "2099-12-31");
  EXPECT_TRUE(Get("/api/v1/procedures/follow-ups").empty());

  json checked = Ok("POST", "/api/v1/procedures/" + pid + "/documents",
                    {{"label", "RIB"}, {"done", true}}, 200);
  EXPECT_EQ(checked["documents"][1], json({{"label", "RIB"}, {"done", true}}));

  json referral = Ok("POST", "/api/v1/referrals",
                     {{"person_id", id}, {"partner", "caf"}, {"reason", "Recours amiable"}}, 201);
  EXPECT_EQ(referral["outcome"], "unknown");
  json outcome = Ok("POST", "/api/v1/referrals/" + referral.value("id", "") + "/outcome",
                    {{"outcome", "reached"}}, 200);
  EXPECT_EQ(outcome["outcome"], "reached");
  EXPECT_FALSE(outcome["outcome_at"].is_null());

  json file = Get("/api/v1/people/" + id);
  EXPECT_EQ(file["notes"].size(), 2u);
  ASSERT_EQ(file["procedures"].size(), 1u);
  EXPECT_EQ(file["procedures"][0]["steps"].size(), 4u);
  EXPECT_EQ(file["procedures"][0]["status"], "refused");
  EXPECT_EQ(file["referrals"].size(), 1u);

  // Another mediator's view: the coordinator does not see the private note.
  StaffSession coordinator = SignIn(*server_, "coordinator", "demo");
  auto theirs = Send("GET", "/api/v1/people/" + id, "", coordinator.cookie);
  ASSERT_EQ(theirs.status, 200);
  json their_file = json::parse(theirs.body);
  ASSERT_EQ(their_file["notes"].size(), 1u);
  EXPECT_EQ(their_file["notes"][0]["text"], "Partagée");

  EXPECT_EQ(Ok("DELETE", "/api/v1/people/" + id, json::object(), 200)["status"], "erased");
  EXPECT_EQ(Send("GET", "/api/v1/people/" + id, "", mediator_.cookie).status, 404);
  EXPECT_EQ(Send("DELETE", "/api/v1/people/" + id, "", mediator_.cookie).status, 404);
  EXPECT_EQ(Get("/api/v1/people?q=lefev").size(), 1u) << "only the twin is left";
}

TEST_F(PeopleApiTest, NoConsentNoFile) {
  EXPECT_EQ(Refusal("POST", "/api/v1/people", {{"first_name", "Awa"}, {"last_name", "Diallo"}}),
            "422 consent_required consent");
  EXPECT_EQ(Refusal("POST", "/api/v1/people",
                    {{"consent", false}, {"first_name", "Awa"}, {"last_name", "Diallo"}}),
            "422 consent_required consent");
  EXPECT_EQ(Refusal("POST", "/api/v1/people",
                    {{"consent", "yes"}, {"first_name", "Awa"}, {"last_name", "Diallo"}}),
            "422 invalid_field consent");
  EXPECT_TRUE(Get("/api/v1/people").empty());
}

TEST_F(PeopleApiTest, WhoMayDoWhat) {
  const std::string id = CreateAwa();
  for (const char* login : {"funder", "reception"}) {
    StaffSession other = SignIn(*server_, login, "demo");
    ASSERT_TRUE(other.ok);
    EXPECT_EQ(Send("GET", "/api/v1/people/" + id, "", other.cookie).status, 403) << login;
    EXPECT_EQ(Send("GET", "/api/v1/people", "", other.cookie).status, 403) << login;
    EXPECT_EQ(Send("POST", "/api/v1/people",
                   json({{"consent", true}, {"first_name", "A"}, {"last_name", "B"}}).dump(),
                   other.cookie)
                  .status,
              403)
        << login;
    EXPECT_EQ(Send("DELETE", "/api/v1/people/" + id, "", other.cookie).status, 403) << login;
    EXPECT_EQ(Send("GET", "/api/v1/procedures/follow-ups", "", other.cookie).status, 403);
  }
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"POST", "/api/v1/people"},
      {"GET", "/api/v1/people"},
      {"GET", "/api/v1/people/" + id},
      {"DELETE", "/api/v1/people/" + id},
      {"POST", "/api/v1/people/" + id + "/notes"},
      {"POST", "/api/v1/people/" + id + "/procedures"},
      {"POST", "/api/v1/procedures/x/status"},
      {"PUT", "/api/v1/procedures/x/next-action"},
      {"POST", "/api/v1/procedures/x/documents"},
      {"GET", "/api/v1/procedures/follow-ups"},
      {"POST", "/api/v1/referrals"},
      {"POST", "/api/v1/referrals/x/outcome"},
  };
  for (const auto& [method, path] : routes) {
    EXPECT_EQ(Send(method, path, "{}", "").status, 401) << method << " " << path;
  }
  EXPECT_EQ(Send("GET", "/api/v1/people/" + id, "", mediator_.cookie).status, 200)
      << "nothing was erased";
}

TEST_F(PeopleApiTest, MalformedAndMistypedBodiesAreRefusedNamingTheField) {
  const std::string id = CreateAwa();
  for (const std::string& path :
       {std::string("/api/v1/people"), "/api/v1/people/" + id + "/notes",
        "/api/v1/people/" + id + "/procedures", std::string("/api/v1/referrals")}) {
    EXPECT_EQ(Send("POST", path, "{\"consent\": tru", mediator_.cookie).status, 400) << path;
    EXPECT_EQ(Send("POST", path, "[]", mediator_.cookie).status, 400) << path;
  }
  const json person = {{"consent", true}, {"first_name", "A"}, {"last_name", "B"}};
  auto with = [&](const std::string& key, const json& value) {
    json body = person;
    body[key] = value;
    return body;
  };
  EXPECT_EQ(Refusal("POST", "/api/v1/people", with("first_name", 3)),
            "422 invalid_field first_name");
  EXPECT_EQ(Refusal("POST", "/api/v1/people", with("last_name", "")), "422 required last_name");
  EXPECT_EQ(Refusal("POST", "/api/v1/people", with("birth_year", "1980")),
            "422 invalid_field birth_year");
  EXPECT_EQ(Refusal("POST", "/api/v1/people", with("birth_year", 1.5)),
            "422 invalid_field birth_year");
  EXPECT_EQ(Refusal("POST", "/api/v1/people", with("birth_year", 18446744073709551615ULL)),
            "422 invalid_birth_year birth_year");
  EXPECT_EQ(Refusal("POST", "/api/v1/people", with("household_size", -1)),
            "422 invalid_household_size household_size");
  EXPECT_EQ(Refusal("POST", "/api/v1/people", with("phone", json::array())),
            "422 invalid_field phone");
  EXPECT_EQ(Refusal("POST", "/api/v1/people", with("email", "nope")), "422 invalid_email email");
  EXPECT_EQ(Refusal("POST", "/api/v1/people", with("commune_insee", "00000")),
            "422 unknown_commune commune_insee");
  EXPECT_EQ(Refusal("POST", "/api/v1/people", with("nickname", "x")), "422 unknown_field nickname");

  EXPECT_EQ(Refusal("POST", "/api/v1/people/" + id + "/notes", {{"text", 1}}),
            "422 invalid_field text");
  EXPECT_EQ(Refusal("POST", "/api/v1/people/" + id + "/notes", {{"text", "x"}, {"private", "no"}}),
            "422 invalid_field private");
  EXPECT_EQ(Refusal("POST", "/api/v1/people/" + id + "/procedures", {{"kind", "nope"}}),
            "422 unknown_kind kind");
  EXPECT_EQ(Refusal("POST", "/api/v1/people/" + id + "/procedures",
                    {{"kind", "rsa"}, {"documents", "RIB"}}),
            "422 invalid_field documents");
  EXPECT_EQ(Refusal("POST", "/api/v1/people/" + id + "/procedures",
                    {{"kind", "rsa"}, {"partner", "nope"}}),
            "422 unknown_partner partner");
  EXPECT_EQ(Refusal("POST", "/api/v1/people/" + id + "/procedures",
                    {{"kind", "rsa"}, {"next_action_on", "31/12/2026"}}),
            "422 invalid_date next_action_on");
  const std::string pid =
      Ok("POST", "/api/v1/people/" + id + "/procedures", {{"kind", "rsa"}}, 201).value("id", "");
  EXPECT_EQ(Refusal("POST", "/api/v1/procedures/" + pid + "/status", {{"status", "done"}}),
            "422 invalid_status status");
  EXPECT_EQ(Refusal("POST", "/api/v1/procedures/" + pid + "/status", {{"status", true}}),
            "422 invalid_field status");
  EXPECT_EQ(Refusal("POST", "/api/v1/procedures/" + pid + "/status", {{"status", "submitted"}}),
            "409 invalid_transition status");
  EXPECT_EQ(Refusal("PUT", "/api/v1/procedures/" + pid + "/next-action", {{"next_action_on", 5}}),
            "422 invalid_field next_action_on");
  EXPECT_EQ(
      Refusal("POST", "/api/v1/procedures/" + pid + "/documents", {{"label", "RIB"}, {"done", 1}}),
      "422 invalid_field done");
  EXPECT_EQ(Refusal("POST", "/api/v1/referrals", {{"reason", "x"}}),
            "422 partner_or_service partner");
  EXPECT_EQ(Refusal("POST", "/api/v1/referrals", {{"service", "CCAS"}}),
            "422 invalid_field reason");
  EXPECT_EQ(Refusal("GET", "/api/v1/procedures/follow-ups?date=demain", "", mediator_.cookie),
            "422 invalid_date date");
}

TEST_F(PeopleApiTest, UnknownIdsAre404) {
  EXPECT_EQ(Refusal("GET", "/api/v1/people/nope", "", mediator_.cookie), "404 not_found ");
  EXPECT_EQ(Refusal("DELETE", "/api/v1/people/nope", "", mediator_.cookie), "404 not_found ");
  EXPECT_EQ(Refusal("POST", "/api/v1/people/nope/notes", {{"text", "x"}}), "404 not_found ");
  EXPECT_EQ(Refusal("POST", "/api/v1/people/nope/procedures", {{"kind", "rsa"}}), "404 not_found ");
  EXPECT_EQ(Refusal("POST", "/api/v1/procedures/nope/status", {{"status", "closed"}}),
            "404 not_found ");
  EXPECT_EQ(Refusal("PUT", "/api/v1/procedures/nope/next-action", {{"next_action", "x"}}),
            "404 not_found ");
  EXPECT_EQ(Refusal("POST", "/api/v1/procedures/nope/documents", {{"label", "x"}}),
            "404 not_found ");
  EXPECT_EQ(Refusal("POST", "/api/v1/referrals/nope/outcome", {{"outcome", "reached"}}),
            "404 not_found ");
  EXPECT_EQ(Refusal("POST", "/api/v1/referrals",
                    {{"person_id", "nope"}, {"service", "CCAS"}, {"reason", "x"}}),
            "404 not_found person_id");
}

TEST_F(PeopleApiTest, HostileStringsComeBackIntact) {
  const std::string hostile =
      "<script>alert('x')</script> \"; DROP TABLE people; -- \\ % _ é 🙂 \u2028";
  json created = Ok("POST", "/api/v1/people",
                    {{"consent", true}, {"first_name", hostile}, {"last_name", hostile}}, 201);
  const std::string id = created.value("id", "");
  EXPECT_EQ(created["first_name"], hostile);
  Ok("POST", "/api/v1/people/" + id + "/notes", {{"text", hostile}}, 201);
  const std::string pid =
      Ok("POST", "/api/v1/people/" + id + "/procedures",
         {{"kind", "autre"}, {"next_action", hostile}, {"documents", json::array({hostile})}}, 201)
          .value("id", "");
  Ok("POST", "/api/v1/referrals", {{"person_id", id}, {"service", hostile}, {"reason", hostile}},
     201);
  json file = Get("/api/v1/people/" + id);
  EXPECT_EQ(file["last_name"], hostile);
  EXPECT_EQ(file["notes"][0]["text"], hostile);
  EXPECT_EQ(file["procedures"][0]["next_action"], hostile);
  EXPECT_EQ(file["procedures"][0]["documents"][0]["label"], hostile);
  EXPECT_EQ(file["referrals"][0]["service"], hostile);
  EXPECT_EQ(file["referrals"][0]["reason"], hostile);
  EXPECT_EQ(Get("/api/v1/people?q=%25").size(), 0u) << "a LIKE wildcard matches itself only";
  EXPECT_EQ(Get("/api/v1/people?q=%3Cscript").size(), 1u);
  // Nothing personal reaches the log.
  const std::string log = server_->Output();
  EXPECT_EQ(log.find("DROP TABLE"), std::string::npos);
  EXPECT_EQ(log.find(id), std::string::npos) << "ids stay out of the access log";
  (void)pid;
}

// Who opened the file: the coordinator reads it on the file's page and
// through the API, newest first, with the agents' logins; a mediator,
// the reception and a funder are refused it.
TEST_F(PeopleApiTest, TheFilesAccessHistoryIsForCoordinators) {
  const std::string id = CreateAwa();
  Get("/api/v1/people/" + id);  // the mediator opens it
  const StaffSession coordinator = SignIn(*server_, "coordinator", "demo");
  ASSERT_TRUE(coordinator.ok);
  auto history = Send("GET", "/api/v1/people/" + id + "/history", "", coordinator.cookie);
  ASSERT_EQ(history.status, 200) << history.body;
  const json events = json::parse(history.body);
  ASSERT_EQ(events.size(), 2u) << events.dump();
  EXPECT_EQ(events[0]["event"], "person.read");
  EXPECT_EQ(events[0]["agent"], "mediator");
  EXPECT_EQ(events[0]["label"], "a consulté le dossier");
  EXPECT_EQ(events[1]["event"], "person.create");
  EXPECT_LE(events[1]["at"].get<std::string>(), events[0]["at"].get<std::string>());

  auto page = Http({"GET", server_->Url("/personnes/" + id), "",
                    {"Accept: text/html", coordinator.cookie}});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Historique des accès"), std::string::npos);
  EXPECT_NE(page.body.find("<td>mediator</td><td>a créé le dossier</td>"), std::string::npos)
      << page.body;
  auto mediator_page =
      Http({"GET", server_->Url("/personnes/" + id), "", {"Accept: text/html", mediator_.cookie}});
  ASSERT_EQ(mediator_page.status, 200);
  EXPECT_EQ(mediator_page.body.find("Historique des accès"), std::string::npos);

  EXPECT_EQ(Refusal("GET", "/api/v1/people/" + id + "/history", "", mediator_.cookie),
            "403 forbidden ");
  for (const char* login : {"reception", "funder"}) {
    EXPECT_EQ(Refusal("GET", "/api/v1/people/" + id + "/history", "",
                      SignIn(*server_, login, "demo").cookie),
              "403 forbidden ")
        << login;
  }
  EXPECT_EQ(Refusal("GET", "/api/v1/people/nope/history", "", coordinator.cookie),
            "404 not_found ");
}

TEST_F(PeopleApiTest, TheFilePageAndTheFollowUpsPage) {
  const std::string id =
      Ok("POST", "/api/v1/people",
         {{"consent", true}, {"first_name", "<b>Awa</b>"}, {"last_name", "Diallo"}}, 201)
          .value("id", "");
  auto html = [&](const std::string& path, const std::string& cookie) {
    return Http({"GET", server_->Url(path), "", {"Accept: text/html", cookie}});
  };
  auto page = html("/personnes/" + id, mediator_.cookie);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("&lt;b&gt;Awa&lt;/b&gt;"), std::string::npos) << "names are escaped";
  EXPECT_EQ(page.body.find("<b>Awa</b>"), std::string::npos);
  EXPECT_EQ(html("/personnes/nope", mediator_.cookie).status, 404);
  EXPECT_EQ(html("/personnes/" + id, SignIn(*server_, "funder", "demo").cookie).status, 403);
  auto anonymous = html("/personnes/" + id, "");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("location"), "/connexion");

  auto opened =
      PostForm(*server_, mediator_, "/personnes/" + id + "/demarches",
               "kind=prime-activite&partner=caf&next_action=Appeler&next_action_on=2001-02-03");
  EXPECT_EQ(opened.status, 303) << opened.body;
  EXPECT_EQ(opened.Header("location"), "/personnes/" + id);
  json file = Get("/api/v1/people/" + id);
  ASSERT_EQ(file["procedures"].size(), 1u);
  const std::string pid = file["procedures"][0].value("id", "");
  EXPECT_EQ(PostForm(*server_, mediator_, "/demarches/" + pid + "/statut",
                     "status=in_progress&comment=go&person=" + id)
                .status,
            303);
  auto refused =
      PostForm(*server_, mediator_, "/demarches/" + pid + "/statut", "status=granted&person=" + id);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("ne peut pas passer"), std::string::npos);
  EXPECT_EQ(PostForm(*server_, mediator_, "/demarches/" + pid + "/pieces",
                     "label=RIB&done=1&person=" + id)
                .status,
            303);
  EXPECT_EQ(
      PostForm(*server_, mediator_, "/personnes/" + id + "/notes", "text=Vu&private=1").status,
      303);
  EXPECT_EQ(PostForm(*server_, mediator_, "/personnes/" + id + "/orientations",
                     "partner=&service=CCAS&reason=Aide")
                .status,
            303);
  auto forged = Http({"POST",
                      server_->Url("/personnes/" + id + "/notes"),
                      "text=x&csrf=wrong",
                      {"Content-Type: application/x-www-form-urlencoded", mediator_.cookie}});
  EXPECT_EQ(forged.status, 403);

  file = Get("/api/v1/people/" + id);
  EXPECT_EQ(file["procedures"][0]["status"], "in_progress");
  EXPECT_EQ(file["procedures"][0]["documents"][0]["done"], true);
  EXPECT_EQ(file["notes"].size(), 1u);
  ASSERT_EQ(file["referrals"].size(), 1u);
  EXPECT_EQ(PostForm(*server_, mediator_,
                     "/orientations/" + file["referrals"][0].value("id", "") + "/issue",
                     "outcome=reached&person=" + id)
                .status,
            303);

  auto follow_ups = html("/suivis", mediator_.cookie);
  ASSERT_EQ(follow_ups.status, 200);
  EXPECT_NE(follow_ups.body.find("/personnes/" + id), std::string::npos);
  EXPECT_NE(follow_ups.body.find("Prime d&apos;activité"), std::string::npos) << follow_ups.body;
  page = html("/personnes/" + id, mediator_.cookie);
  EXPECT_NE(page.body.find("Partenaire joint"), std::string::npos);
  EXPECT_NE(page.body.find("Passer à « Déposée »"), std::string::npos);
}

// The list page (/personnes): search and the "Nouveau dossier" form.
class PeoplePagesTest : public PeopleApiTest {
 protected:
  HttpResponse Page(const std::string& path, const std::string& cookie) {
    auto response = Http({"GET", server_->Url(path), "", {"Accept: text/html", cookie}});
    EXPECT_LT(response.status, 500) << path << ": " << response.body;
    return response;
  }
  static bool Has(const HttpResponse& response, const std::string& text) {
    return response.body.find(text) != std::string::npos;
  }
};

TEST_F(PeoplePagesTest, AFileCreatedThroughThePageIsFoundBySearch) {
  auto empty = Page("/personnes", mediator_.cookie);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(Has(empty, "Nouveau dossier"));
  EXPECT_TRUE(Has(empty, "name=\"consent\""));

  auto created = PostForm(*server_, mediator_, "/personnes",
                          "first_name=%C3%89lo%C3%AFse&last_name=Lef%C3%A8vre&phone=0612345678"
                          "&email=eloise%40exemple.fr&commune_insee=92002&household_size=3"
                          "&consent=1");
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string location = created.Header("location");
  ASSERT_EQ(location.rfind("/personnes/", 0), 0u) << location;
  EXPECT_EQ(location.find("doublons"), std::string::npos) << "no duplicate yet";
  const std::string id = location.substr(std::string("/personnes/").size());
  json file = Get("/api/v1/people/" + id);
  EXPECT_EQ(file["last_name"], "Lefèvre");
  EXPECT_EQ(file["household_size"], 3);
  EXPECT_EQ(file["commune_insee"], "92002");

  auto found = Page("/personnes?q=lefev", mediator_.cookie);  // accents and case aside
  ASSERT_EQ(found.status, 200);
  EXPECT_TRUE(Has(found, "href=\"/personnes/" + id + "\"")) << found.body;
  EXPECT_TRUE(Has(found, "Éloïse Lefèvre"));
  EXPECT_TRUE(Has(Page("/personnes?q=06+12+34", mediator_.cookie), "/personnes/" + id));
  auto none = Page("/personnes?q=Martin", mediator_.cookie);
  EXPECT_EQ(none.status, 200);
  EXPECT_FALSE(Has(none, "/personnes/" + id));
  EXPECT_TRUE(Has(none, "Aucun dossier ne répond"));
  EXPECT_EQ(Page("/personnes?q=" + std::string(101, 'a'), mediator_.cookie).status, 422);
}

TEST_F(PeoplePagesTest, WithoutConsentTheFormComesBackWithItsValues) {
  auto refused = PostForm(*server_, mediator_, "/personnes",
                          "first_name=Awa&last_name=%3Cb%3EDiallo%3C%2Fb%3E&phone=0611223344");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_TRUE(Has(refused, "value=\"Awa\""));
  EXPECT_TRUE(Has(refused, "value=\"&lt;b&gt;Diallo&lt;/b&gt;\"")) << "kept and escaped";
  EXPECT_TRUE(Has(refused, "value=\"0611223344\""));
  EXPECT_TRUE(Has(refused, "id=\"erreur-consentement\""));
  EXPECT_TRUE(Has(refused, "aria-invalid=\"true\""));
  EXPECT_TRUE(Get("/api/v1/people").empty()) << "no file without consent";

  auto bad_size = PostForm(*server_, mediator_, "/personnes",
                           "first_name=Awa&last_name=Diallo&household_size=trois&consent=1");
  EXPECT_EQ(bad_size.status, 422);
  EXPECT_TRUE(Has(bad_size, "id=\"erreur-foyer\""));
  EXPECT_TRUE(Has(bad_size, "value=\"trois\""));
  EXPECT_TRUE(Has(bad_size, " checked")) << "the consent box stays ticked";
  auto bad_commune = PostForm(*server_, mediator_, "/personnes",
                              "first_name=Awa&last_name=Diallo&commune_insee=00000&consent=1");
  EXPECT_EQ(bad_commune.status, 422);
  EXPECT_TRUE(Has(bad_commune, "id=\"erreur-commune\""));
  auto no_name = PostForm(*server_, mediator_, "/personnes", "first_name=Awa&consent=1");
  EXPECT_EQ(no_name.status, 422);
  EXPECT_TRUE(Has(no_name, "id=\"erreur-nom\""));
  EXPECT_TRUE(Get("/api/v1/people").empty());
}

TEST_F(PeoplePagesTest, ASecondFileWithTheSameNameLinksThePossibleDuplicate) {
  const std::string first = CreateAwa();
  auto created =
      PostForm(*server_, mediator_, "/personnes", "first_name=awa&last_name=DIALLO&consent=1");
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string location = created.Header("location");
  EXPECT_NE(location.find("?doublons=" + first), std::string::npos) << location;
  auto page = Page(location, mediator_.cookie);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Has(page, "Dossiers peut-être identiques"));
  EXPECT_TRUE(Has(page, "href=\"/personnes/" + first + "\""));
  EXPECT_EQ(Get("/api/v1/people?q=diallo").size(), 2u);
  // An unknown id in the query is left out, never a 500.
  EXPECT_FALSE(Has(Page("/personnes/" + first + "?doublons=nope,,", mediator_.cookie),
                   "Dossiers peut-être identiques"));
}

TEST_F(PeoplePagesTest, WhoMayOpenTheListAndCreate) {
  StaffSession funder = SignIn(*server_, "funder", "demo");
  ASSERT_TRUE(funder.ok);
  EXPECT_EQ(Page("/personnes", funder.cookie).status, 403);
  EXPECT_EQ(PostForm(*server_, funder, "/personnes", "first_name=A&last_name=B&consent=1").status,
            403);
  auto anonymous = Page("/personnes", "");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("location"), "/connexion");
  auto anonymous_post = Http({"POST",
                              server_->Url("/personnes"),
                              "first_name=A&last_name=B&consent=1",
                              {"Content-Type: application/x-www-form-urlencoded"}});
  EXPECT_EQ(anonymous_post.status, 303);
  EXPECT_EQ(anonymous_post.Header("location"), "/connexion");
  auto no_csrf = Http({"POST",
                       server_->Url("/personnes"),
                       "first_name=A&last_name=B&consent=1",
                       {"Content-Type: application/x-www-form-urlencoded", mediator_.cookie}});
  EXPECT_EQ(no_csrf.status, 403);
  auto wrong_csrf = Http({"POST",
                          server_->Url("/personnes"),
                          "first_name=A&last_name=B&consent=1&csrf=wrong",
                          {"Content-Type: application/x-www-form-urlencoded", mediator_.cookie}});
  EXPECT_EQ(wrong_csrf.status, 403);
  EXPECT_TRUE(Get("/api/v1/people").empty()) << "nothing created";

  // The staff home links the files for those who may see them only.
  auto home = Page("/agent", mediator_.cookie);
  EXPECT_TRUE(Has(home, "href=\"/personnes\"")) << home.body;
  EXPECT_TRUE(Has(home, "href=\"/suivis\""));
  EXPECT_FALSE(Has(Page("/agent", funder.cookie), "href=\"/personnes\""));
}

}  // namespace
}  // namespace relais::testing
