// Satisfaction surveys over real HTTP, on the demo desk: an invitation
// issued by the staff, one answer per token (201, then 409, also when two
// answers race), unknown tokens (404), every refusal of a bad answer (422
// naming the field, 400 for malformed JSON), what is stored (no personal
// data, no token), the results with comments for coordinators only, and
// the pages: the public form without JavaScript, the counter's invitation,
// the printed queue ticket and /satisfaction.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <latch>
#include <regex>
#include <thread>

#include "app/secrets.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage/test_database.h"
#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

class SurveysTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new RelaisProcess({"demo", "--db", dir_->File("demo.sqlite")});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  void SetUp() override {
    ASSERT_TRUE(server_->running()) << server_->Output();
    reception_ = SignIn(*server_, "reception", "demo");
    ASSERT_TRUE(reception_.ok);
  }

  static HttpResponse Send(const std::string& method, const std::string& path,
                           const std::string& body, std::vector<std::string> headers = {}) {
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    auto response = Http({method, server_->Url(path), body, headers});
    EXPECT_LT(response.status, 500) << method << " " << path << ": " << response.body;
    return response;
  }

  // A new invitation issued at the counter through the API: its token.
  std::string Issue(const std::string& kind = "visit") {
    auto response = Send("POST", "/api/v1/survey-invitations", json{{"kind", kind}}.dump(),
                         {reception_.cookie});
    EXPECT_EQ(response.status, 201) << response.body;
    auto body = json::parse(response.body, nullptr, false);
    if (body.is_discarded()) return {};
    EXPECT_EQ(body.value("url", ""),
              server_->Url("/questionnaire/" + body.value("token", std::string())));
    return body.value("token", "");
  }

  // Answers through `via`, this suite's server by default.
  static HttpResponse Answer(const std::string& token, const std::string& body,
                             const RelaisProcess* via = nullptr) {
    if (via == nullptr) return Send("POST", "/api/v1/surveys/" + token, body);
    return Http({"POST", via->Url("/api/v1/surveys/" + token), body,
                 {"Content-Type: application/json"}});
  }

  // "STATUS code field" of a refusal.
  static std::string Refusal(const HttpResponse& response) {
    auto body = json::parse(response.body, nullptr, false);
    if (body.is_discarded() || !body.contains("error")) {
      return std::to_string(response.status) + " (no error body) " + response.body;
    }
    return std::to_string(response.status) + " " + body["error"].value("code", "") + " " +
           body["error"].value("field", "");
  }

  static inline TempDir* dir_ = nullptr;
  static inline RelaisProcess* server_ = nullptr;
  StaffSession reception_;
};

const json kGood = {{"professionalism", 5}, {"efficiency", 4}, {"listening", 5}};

TEST_F(SurveysTest, AnAnswerIsTakenOnceThenRefusedWith409) {
  const std::string token = Issue();
  ASSERT_EQ(token.size(), 43u);
  json answer = kGood;
  answer["recommend"] = true;
  answer["comment"] = "Très bon accueil.";
  auto first = Answer(token, answer.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  auto body = json::parse(first.body);
  EXPECT_EQ(body["kind"], "visit");
  EXPECT_EQ(body["status"], "answered");
  EXPECT_TRUE(std::regex_match(body.value("date", ""), std::regex(R"(\d{4}-\d{2}-\d{2})")));
  EXPECT_EQ(Refusal(Answer(token, kGood.dump())), "409 survey_already_answered ");
}

TEST_F(SurveysTest, UnknownTokensAreNotFound) {
  EXPECT_EQ(Refusal(Answer(app::RandomToken(), kGood.dump())), "404 survey_not_found ");
  EXPECT_EQ(Refusal(Answer("abc", kGood.dump())), "404 survey_not_found ");
  EXPECT_EQ(Refusal(Answer(std::string(200, 'x'), kGood.dump())), "404 survey_not_found ");
  EXPECT_EQ(Send("GET", "/questionnaire/" + app::RandomToken(), "").status, 404);
}

TEST_F(SurveysTest, EveryBadAnswerIsRefusedNamingItsFieldAndLeavesTheTokenUsable) {
  const std::string token = Issue();
  const auto with = [](const std::string& name, json value) {
    json answer = kGood;
    answer[name] = std::move(value);
    return answer.dump();
  };
  json missing = kGood;
  missing.erase("listening");
  const std::pair<std::string, std::string> cases[] = {
      {with("professionalism", 6), "422 invalid_score professionalism"},
      {with("professionalism", 0), "422 invalid_score professionalism"},
      {with("efficiency", -1), "422 invalid_score efficiency"},
      {with("efficiency", "5"), "422 invalid_score efficiency"},
      {with("listening", 4.5), "422 invalid_score listening"},
      {with("listening", true), "422 invalid_score listening"},
      {with("listening", 18446744073709551615ull), "422 invalid_score listening"},
      {missing.dump(), "422 missing_score listening"},
      {with("recommend", "oui"), "422 invalid_field recommend"},
      {with("comment", 12), "422 invalid_field comment"},
      {with("comment", std::string(1001, 'a')), "422 comment_too_long comment"},
      {with("first_name", "Awa"), "422 unknown_field first_name"},
  };
  for (const auto& [body, expected] : cases) {
    EXPECT_EQ(Refusal(Answer(token, body)), expected) << body;
  }
  // Malformed: not JSON, not an object, not declared as JSON.
  EXPECT_EQ(Refusal(Answer(token, "{\"professionalism\": 5,")), "400 malformed_json ");
  EXPECT_EQ(Refusal(Answer(token, "[5, 4, 5]")), "400 malformed_json ");
  auto form = Http({"POST",
                    server_->Url("/api/v1/surveys/" + token),
                    "professionalism=5",
                    {"Content-Type: application/x-www-form-urlencoded"}});
  EXPECT_EQ(Refusal(form), "400 unsupported_media_type ");
  // None of these consumed the token.
  EXPECT_EQ(Answer(token, with("comment", std::string(1000, 'a'))).status, 201);
}

TEST_F(SurveysTest, OfTwoAnswersRacingWithOneTokenExactlyOneIsTaken) {
  // On PostgreSQL, every other racer answers through a second process.
  const auto twin = Twin({"demo", "--db", dir_->File("demo.sqlite")});
  ASSERT_TRUE(!twin || twin->running()) << twin->Output();
  auto via = [&](int i) { return twin && i % 2 == 1 ? twin.get() : server_; };
  for (int round = 0; round < 5; ++round) {
    const std::string token = Issue();
    constexpr int kRacers = 2;
    std::latch start(kRacers);
    std::atomic<int> created{0};
    std::atomic<int> conflicts{0};
    std::vector<std::thread> racers;
    for (int i = 0; i < kRacers; ++i) {
      racers.emplace_back([&, i] {
        start.arrive_and_wait();
        const long status = Answer(token, kGood.dump(), via(i)).status;
        if (status == 201) ++created;
        if (status == 409) ++conflicts;
      });
    }
    for (auto& racer : racers) racer.join();
    EXPECT_EQ(created.load(), 1) << "round " << round;
    EXPECT_EQ(conflicts.load(), 1) << "round " << round;
  }
  // And many at once.
  const std::string token = Issue();
  constexpr int kMany = 16;
  std::latch start(kMany);
  std::atomic<int> created{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> racers;
  for (int i = 0; i < kMany; ++i) {
    racers.emplace_back([&, i] {
      start.arrive_and_wait();
      const long status = Answer(token, kGood.dump(), via(i)).status;
      if (status == 201) ++created;
      if (status == 409) ++conflicts;
    });
  }
  for (auto& racer : racers) racer.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), kMany - 1);
}

TEST_F(SurveysTest, TheStoredAnswerHoldsNoPersonalDataNorTheToken) {
  const std::string token = Issue("appointment");
  json answer = kGood;
  answer["recommend"] = false;
  answer["comment"] = "Marqueur-7f3a : attente un peu longue.";
  ASSERT_EQ(Answer(token, answer.dump()).status, 201);

  auto db = OpenDeskDatabase(dir_->File("demo.sqlite"));
  ASSERT_TRUE(db) << db.error().message;
  auto names = storage::ColumnNames(**db, "survey_answers");
  ASSERT_TRUE(names) << names.error().message;
  const std::vector<std::string> columns = *names;
  std::vector<std::vector<std::string>> rows;
  ASSERT_TRUE((*db)->Read([&](storage::Connection& c) -> Status {
    auto all = c.Query("SELECT * FROM survey_answers WHERE comment LIKE 'Marqueur-7f3a%'", {});
    if (!all) return tl::unexpected(all.error());
    for (const auto& row : *all) {
      std::vector<std::string> cells;
      for (std::size_t i = 0; i < row.size(); ++i) cells.push_back(row.Text(i));
      rows.push_back(cells);
    }
    return {};
  }));
  // What an answer is made of: the site, a random id, the kind and day of
  // the service, the scores, the recommendation, the comment. Nothing else.
  EXPECT_EQ(columns, (std::vector<std::string>{"site_id", "answer_id", "kind", "service_day",
                                               "professionalism", "efficiency", "listening",
                                               "recommend", "comment"}));
  ASSERT_EQ(rows.size(), 1u);
  const auto& row = rows.front();
  EXPECT_EQ(row[0], "antony");
  EXPECT_EQ(row[2], "appointment");
  EXPECT_TRUE(std::regex_match(row[3], std::regex(R"(\d{4}-\d{2}-\d{2})"))) << row[3];
  EXPECT_EQ(row[7], "0");
  const std::string digest = app::TokenDigest(token);
  for (const std::string& cell : row) {
    EXPECT_EQ(cell.find(token), std::string::npos);
    EXPECT_EQ(cell.find(digest), std::string::npos);
    EXPECT_EQ(cell.find("reception"), std::string::npos) << "no agent";
  }
}

TEST_F(SurveysTest, ResultsShowCommentsToCoordinatorsButNeverToFunders) {
  const std::string token = Issue("workshop");
  json answer = kGood;
  answer["comment"] = "Atelier très clair.";
  ASSERT_EQ(Answer(token, answer.dump()).status, 201);
  auto coordinator = SignIn(*server_, "coordinator", "demo");
  auto funder = SignIn(*server_, "funder", "demo");
  ASSERT_TRUE(coordinator.ok && funder.ok);

  auto seen = Send("GET", "/api/v1/surveys/results", "", {coordinator.cookie});
  ASSERT_EQ(seen.status, 200) << seen.body;
  auto results = json::parse(seen.body);
  EXPECT_GT(results["count"].get<int>(), 0);
  ASSERT_EQ(results["by_kind"].size(), 3u);
  EXPECT_EQ(results["by_kind"][2]["kind"], "workshop");
  EXPECT_GE(results["by_kind"][2]["count"].get<int>(), 1);
  bool found = false;
  for (const auto& c : results["comments"]) found = found || c["text"] == "Atelier très clair.";
  EXPECT_TRUE(found);

  auto aggregated = Send("GET", "/api/v1/surveys/results", "", {funder.cookie});
  ASSERT_EQ(aggregated.status, 200);
  auto funder_view = json::parse(aggregated.body);
  EXPECT_FALSE(funder_view.contains("comments"));
  EXPECT_EQ(aggregated.body.find("Atelier très clair."), std::string::npos);
  EXPECT_EQ(funder_view["count"], results["count"]);

  // The demo's 2024: a year of answers, mostly 4 and 5.
  auto year =
      json::parse(Send("GET", "/api/v1/surveys/results?year=2024", "", {funder.cookie}).body);
  EXPECT_GT(year["count"].get<int>(), 800);
  for (const auto& kind : year["by_kind"]) EXPECT_GT(kind["listening"].get<double>(), 4.0);
  EXPECT_EQ(year["by_month"].front()["month"], "2024-01");

  EXPECT_EQ(Refusal(Send("GET", "/api/v1/surveys/results", "", {reception_.cookie})),
            "403 forbidden ");
  EXPECT_EQ(Send("GET", "/api/v1/surveys/results", "").status, 401);
  EXPECT_EQ(Refusal(Send("GET", "/api/v1/surveys/results?year=deux", "", {funder.cookie})),
            "422 invalid_year year");
  EXPECT_EQ(Refusal(Send("POST", "/api/v1/survey-invitations", "{}", {funder.cookie})),
            "403 forbidden ");
  EXPECT_EQ(Send("POST", "/api/v1/survey-invitations", "{}").status, 401);
  EXPECT_EQ(Refusal(Send("POST", "/api/v1/survey-invitations", R"({"kind":"sieste"})",
                         {reception_.cookie})),
            "422 invalid_kind kind");
}

// --- The pages -----------------------------------------------------------

std::string CsrfOf(const HttpResponse& page) {
  std::smatch match;
  if (!std::regex_search(page.body, match, std::regex("name=\"csrf\" value=\"([^\"]+)\"")))
    return {};
  return match[1];
}

TEST_F(SurveysTest, APersonAnswersThroughTheFormWithoutJavaScript) {
  const std::string token = Issue();
  const std::string path = "/questionnaire/" + token;
  auto form = Send("GET", path, "");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("<legend>Le professionnalisme de l&apos;équipe</legend>"),
            std::string::npos);
  EXPECT_NE(form.body.find("5 – Très satisfait"), std::string::npos);
  EXPECT_EQ(form.Header("cache-control"), "no-store");
  const std::string cookie = "Cookie: " + CookieFrom(form, "relais_csrf");
  const std::string csrf = CsrfOf(form);
  ASSERT_FALSE(csrf.empty());
  const std::vector<std::string> headers = {"Content-Type: application/x-www-form-urlencoded",
                                            cookie};

  // A missing score: the form again, the answers kept, the fieldset marked.
  auto incomplete =
      Http({"POST", server_->Url(path),
            "csrf=" + csrf + "&professionalism=5&efficiency=4&comment=Merci", headers});
  EXPECT_EQ(incomplete.status, 422);
  EXPECT_NE(incomplete.body.find("id=\"erreur-listening\""), std::string::npos);
  EXPECT_NE(incomplete.body.find("value=\"5\" checked"), std::string::npos);
  EXPECT_NE(incomplete.body.find(">Merci</textarea>"), std::string::npos);
  // Without the CSRF token: refused, nothing stored.
  auto forged =
      Http({"POST", server_->Url(path), "professionalism=5&efficiency=4&listening=5", headers});
  EXPECT_EQ(forged.status, 403);

  auto sent = Http(
      {"POST", server_->Url(path),
       "csrf=" + csrf + "&professionalism=5&efficiency=4&listening=5&recommend=oui&comment=Merci",
       headers});
  EXPECT_EQ(sent.status, 303);
  EXPECT_EQ(sent.Header("location"), "/questionnaire/merci");
  EXPECT_EQ(Send("GET", "/questionnaire/merci", "").status, 200);

  auto again = Send("GET", path, "");
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("Vous avez déjà répondu"), std::string::npos);
  EXPECT_EQ(Http({"POST", server_->Url(path),
                  "csrf=" + csrf + "&professionalism=1&efficiency=1&listening=1", headers})
                .status,
            409);
  EXPECT_EQ(Refusal(Answer(token, kGood.dump())), "409 survey_already_answered ");
}

TEST_F(SurveysTest, TheCounterAndThePrintedTicketCarryAnInvitation) {
  // After a visit is logged, the counter offers the survey.
  auto logged = PostForm(*server_, reception_, "/accueil", "outcome=resolved&channel=walk_in");
  ASSERT_EQ(logged.status, 303) << logged.body;
  auto counter = Send("GET", "/accueil?enregistre=1", "", {reception_.cookie});
  EXPECT_NE(counter.body.find("action=\"/accueil/questionnaire\""), std::string::npos);
  auto offered = PostForm(*server_, reception_, "/accueil/questionnaire", "kind=visit");
  ASSERT_EQ(offered.status, 200) << offered.body;
  std::smatch link;
  ASSERT_TRUE(
      std::regex_search(offered.body, link, std::regex("/questionnaire/([A-Za-z0-9_-]{43})")));
  EXPECT_NE(offered.body.find("<svg"), std::string::npos);
  EXPECT_NE(offered.body.find("role=\"img\""), std::string::npos);
  EXPECT_EQ(Send("GET", "/questionnaire/" + std::string(link[1]), "").status, 200);
  EXPECT_EQ(Http({"POST",
                  server_->Url("/accueil/questionnaire"),
                  "kind=visit",
                  {"Content-Type: application/x-www-form-urlencoded", reception_.cookie}})
                .status,
            403)
      << "CSRF checked";

  // A ticket printed from the queue screen, with its own invitation; the
  // desk opened round the clock first, so that the test passes at any hour.
  auto admin = SignIn(*server_, "admin", "demo");
  ASSERT_TRUE(admin.ok);
  ASSERT_EQ(PostForm(*server_, admin, "/admin/horaires",
                     "opening_hours=24%2F7&timezone=Europe%2FParis&action=save")
                .status,
            303);
  auto issued = PostForm(*server_, reception_, "/file-attente/tickets", "reason=caf");
  ASSERT_EQ(issued.status, 303);
  auto queue = Send("GET", "/file-attente", "", {reception_.cookie});
  std::smatch print;
  ASSERT_TRUE(std::regex_search(queue.body, print,
                                std::regex("action=\"(/file-attente/imprimer/[^\"]+)\"")));
  auto ticket = PostForm(*server_, reception_, print[1], "");
  ASSERT_EQ(ticket.status, 200) << ticket.body;
  EXPECT_NE(ticket.body.find("Ticket n° "), std::string::npos);
  std::smatch ticket_link;
  ASSERT_TRUE(std::regex_search(ticket.body, ticket_link,
                                std::regex("/questionnaire/([A-Za-z0-9_-]{43})")));
  EXPECT_NE(ticket_link[1], link[1]) << "one token per invitation";
  EXPECT_EQ(PostForm(*server_, reception_, "/file-attente/imprimer/inconnu", "").status, 404);
}

TEST_F(SurveysTest, TheResultsPageShowsTablesAndCommentsOnlyToThoseAllowed) {
  auto coordinator = SignIn(*server_, "coordinator", "demo");
  auto funder = SignIn(*server_, "funder", "demo");
  auto page = Send("GET", "/satisfaction?annee=2024", "", {coordinator.cookie});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<caption>Moyennes de chaque mois de 2024"), std::string::npos);
  EXPECT_NE(page.body.find("<th scope=\"row\">janvier 2024</th>"), std::string::npos);
  EXPECT_NE(page.body.find("class=\"survey-comments\""), std::string::npos);
  auto aggregated = Send("GET", "/satisfaction?annee=2024", "", {funder.cookie});
  ASSERT_EQ(aggregated.status, 200);
  EXPECT_EQ(aggregated.body.find("class=\"survey-comments\""), std::string::npos);
  EXPECT_NE(aggregated.body.find("<caption>Moyennes de chaque mois de 2024"), std::string::npos);
  EXPECT_EQ(Send("GET", "/satisfaction", "", {reception_.cookie}).status, 403);
  EXPECT_EQ(Send("GET", "/satisfaction", "").status, 303);
  auto home = Send("GET", "/agent", "", {funder.cookie});
  EXPECT_NE(home.body.find("href=\"/satisfaction\""), std::string::npos);
}

}  // namespace
}  // namespace relais::testing
