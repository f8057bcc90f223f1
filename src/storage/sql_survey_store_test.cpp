// Satisfaction surveys over real SQLite: app::Surveys end to end (one
// answer per token, even when answers race; unknown and expired tokens;
// who may issue, and who reads comments), and what is stored: the raw rows
// hold no token, no id of the visit and nothing about the person.
#include "storage/sql_survey_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <set>
#include <thread>

#include "app/fake_clock.h"
#include "app/secrets.h"
#include "app/surveys.h"
#include "storage/migrations.h"
#include "storage/sql_store.h"
#include "storage/sql_visit_store.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

// Tuesday 3 March 2026 at `hour`:`minute` UTC (Paris is UTC+1 then).
sys_seconds Utc(int hour, int minute = 0, int day = 3, int month = 3) {
  return sys_seconds{date::sys_days{date::year{2026} / month / day}} + hours(hour) +
         minutes(minute);
}

using app::FakeClock;

const app::Agent kReception{"a-rec", "reception", Role::kReception, {"s1"}};
const app::Agent kCoordinator{"a-coo", "coordinator", Role::kCoordinator, {"s1"}};
const app::Agent kAdmin{"a-adm", "admin", Role::kAdmin, {}};
const app::Agent kFunder{"a-fun", "funder", Role::kFunder, {"s1"}};
const app::Agent kMediator{"a-med", "mediator", Role::kMediator, {"s1"}};
const app::Agent kElsewhere{"a-oth", "other", Role::kReception, {"s2"}};

SurveyAnswer Scores(int p, int e, int l, std::optional<bool> recommend = true,
                    std::optional<std::string> comment = std::nullopt) {
  return SurveyAnswer{p, e, l, recommend, std::move(comment)};
}

class SurveysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    sql_ = std::make_unique<SqlStore>(*db_);
    ASSERT_TRUE(sql_->SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "24/7"}, clock_.Now()));
    ASSERT_TRUE(sql_->SaveSite({"s2", "Autre", "2 rue B", "Europe/Paris", "24/7"}, clock_.Now()));
    sites_ = std::make_unique<app::Sites>(*sql_, clock_);
    ASSERT_TRUE(sites_->Load("s1"));
    store_ = std::make_unique<SqlSurveyStore>(*db_);
    surveys_ = std::make_unique<app::Surveys>(*store_, *sites_, clock_);
  }

  std::string Issue(SurveyKind kind = SurveyKind::kVisit) {
    auto issued = surveys_->Issue(kReception, kind);
    EXPECT_TRUE(issued) << issued.error().message;
    return issued ? issued->token : std::string();
  }

  // Every row of `table`, each cell as text ("NULL" for NULL), with the
  // column names from the database's catalogue.
  std::pair<std::vector<std::string>, std::vector<std::vector<std::string>>> RawRows(
      const std::string& table) {
    auto names = ColumnNames(*db_, table);
    EXPECT_TRUE(names);
    std::vector<std::string> columns = names ? *names : std::vector<std::string>{};
    std::vector<std::vector<std::string>> rows;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
      auto all = c.Query("SELECT * FROM " + table, {});
      if (!all) return tl::unexpected(all.error());
      for (const Row& row : *all) {
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < row.size(); ++i) {
          const Value& v = row.At(i);
          if (std::holds_alternative<std::monostate>(v))
            cells.push_back("NULL");
          else if (std::holds_alternative<std::int64_t>(v))
            cells.push_back(std::to_string(std::get<std::int64_t>(v)));
          else if (std::holds_alternative<double>(v))
            cells.push_back(std::to_string(std::get<double>(v)));
          else
            cells.push_back(std::get<std::string>(v));
        }
        rows.push_back(std::move(cells));
      }
      return {};
    }));
    return {columns, rows};
  }

  testing::TempDir dir_;
  FakeClock clock_{Utc(9, 17)};
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlStore> sql_;
  std::unique_ptr<app::Sites> sites_;
  std::unique_ptr<SqlSurveyStore> store_;
  std::unique_ptr<app::Surveys> surveys_;
};

TEST_F(SurveysTest, ATokenTakesOneAnswerWithTheKindAndDayOfTheService) {
  auto issued = surveys_->Issue(kReception, SurveyKind::kAppointment);
  ASSERT_TRUE(issued) << issued.error().message;
  EXPECT_EQ(issued->token.size(), 43u);
  EXPECT_EQ(issued->issued_on, date::year{2026} / 3 / 3);
  // Valid the rest of 3 March and 30 days more: until 3 April, 00:00 in Paris.
  EXPECT_EQ(issued->expires_at, Utc(22, 0, 2, 4));

  auto found = surveys_->Find(issued->token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, SurveyKind::kAppointment);
  EXPECT_FALSE(found->answered);

  clock_.Set(Utc(20, 0, 5));  // answered two days later
  auto answered = surveys_->Answer(issued->token, Scores(5, 4, 5, true, "Très bonne écoute."));
  ASSERT_TRUE(answered) << answered.error().message;
  EXPECT_EQ(answered->kind, SurveyKind::kAppointment);
  EXPECT_EQ(answered->day, date::year{2026} / 3 / 3);  // the service's day
  EXPECT_EQ(answered->answer.comment, "Très bonne écoute.");

  auto again = surveys_->Answer(issued->token, Scores(1, 1, 1));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(again.error().code, "survey_already_answered");
  EXPECT_TRUE(surveys_->Find(issued->token)->answered);

  auto listed = store_->ListAnswers("s1", date::year{2026} / 1 / 1, date::year{2026} / 12 / 31);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front(), *answered);
}

TEST_F(SurveysTest, UnknownExpiredAndOtherSitesTokensAreNotFound) {
  for (const std::string& token : {std::string(), std::string("abc"), std::string(43, '!'),
                                   app::RandomToken(), std::string(5000, 'a')}) {
    auto answered = surveys_->Answer(token, Scores(5, 5, 5));
    ASSERT_FALSE(answered);
    EXPECT_EQ(answered.error().kind, ErrorKind::kNotFound);
    EXPECT_EQ(answered.error().code, "survey_not_found");
    EXPECT_EQ(surveys_->Find(token).error().kind, ErrorKind::kNotFound);
  }

  const std::string token = Issue();
  clock_.Set(Utc(21, 59, 2, 4) + seconds(59));  // 2 April, 23:59:59 in Paris: still valid
  EXPECT_TRUE(surveys_->Find(token));
  clock_.Set(Utc(22, 0, 2, 4));  // 3 April, midnight in Paris
  EXPECT_EQ(surveys_->Find(token).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(surveys_->Answer(token, Scores(5, 5, 5)).error().kind, ErrorKind::kNotFound);

  // Issuing purges what expired, answered or not.
  auto before = RawRows("survey_invitations").second.size();
  Issue();
  EXPECT_EQ(RawRows("survey_invitations").second.size(), before);

  // The digest of site s1 means nothing at site s2.
  clock_.Set(Utc(9, 17));
  const std::string here = Issue();
  ASSERT_TRUE(sites_->Load("s2"));
  EXPECT_EQ(surveys_->Find(here).error().kind, ErrorKind::kNotFound);
}

TEST_F(SurveysTest, TheExpiryOfATokenIssuedLateInTheDayIsStillMidnight) {
  clock_.Set(Utc(22, 30));  // 23:30 in Paris, 3 March
  auto late = surveys_->Issue(kReception, SurveyKind::kVisit);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->issued_on, date::year{2026} / 3 / 3);
  EXPECT_EQ(late->expires_at, Utc(22, 0, 2, 4));
}

TEST_F(SurveysTest, AnAnswerOutOfRangeIsRefusedAndTheTokenStaysUsable) {
  const std::string token = Issue();
  auto refused = surveys_->Answer(token, Scores(5, 6, 5));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(refused.error().field, "efficiency");
  auto blank = surveys_->Answer(token, Scores(4, 4, 4, std::nullopt, "   \n"));
  ASSERT_TRUE(blank);
  EXPECT_FALSE(blank->answer.comment) << "a blank comment is no comment";
  EXPECT_FALSE(blank->answer.recommend);
}

TEST_F(SurveysTest, OfManyAnswersArrivingTogetherWithOneTokenExactlyOneIsStored) {
  constexpr int kAnswers = 12;
  for (int round = 0; round < 5; ++round) {
    const std::string token = Issue();
    std::latch start(kAnswers);
    std::atomic<int> stored{0};
    std::atomic<int> conflicts{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kAnswers; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        auto answered = surveys_->Answer(token, Scores(1 + i % 5, 5, 5));
        if (answered)
          ++stored;
        else if (answered.error().kind == ErrorKind::kConflict)
          ++conflicts;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(stored.load(), 1);
    EXPECT_EQ(conflicts.load(), kAnswers - 1);
  }
  EXPECT_EQ(*store_->CountAnswers("s1"), 5);
}

TEST_F(SurveysTest, TheStoredRowsHoldNoTokenNoVisitAndNothingPersonal) {
  // A visit logged at the counter, then the person answers the survey
  // proposed after it.
  SqlVisitStore visits(*db_);
  app::Visit visit;
  visit.id = "visite-7h3k9q2mzx4b";
  visit.at = Utc(9, 10);
  visit.commune_insee = "92002";
  visit.logged_by = kReception.id;
  visit.created_at = Utc(9, 10);
  ASSERT_TRUE(visits.AddVisit("s1", visit, {}));
  auto issued = surveys_->Issue(kReception, SurveyKind::kVisit);
  ASSERT_TRUE(issued);
  clock_.Set(Utc(9, 42));
  ASSERT_TRUE(surveys_->Answer(issued->token, Scores(5, 4, 5, true, "Merci pour votre aide")));
  const std::string digest = app::TokenDigest(issued->token);

  auto [answer_columns, answers] = RawRows("survey_answers");
  // The columns, exactly: a column added later must be looked at here.
  EXPECT_EQ(answer_columns, (std::vector<std::string>{"site_id", "answer_id", "kind", "service_day",
                                                      "professionalism", "efficiency", "listening",
                                                      "recommend", "comment"}));
  ASSERT_EQ(answers.size(), 1u);
  const std::vector<std::string>& row = answers.front();
  const std::vector<std::string> expected_after_id = {
      "visit", "2026-03-03", "5", "4", "5", "1", "Merci pour votre aide"};
  EXPECT_EQ(row[0], "s1");
  EXPECT_EQ(std::vector<std::string>(row.begin() + 2, row.end()), expected_after_id);
  // The answer's id is random: neither the token, nor its digest, nor the visit's id.
  for (const std::string& cell : row) {
    EXPECT_EQ(cell.find(issued->token), std::string::npos) << cell;
    EXPECT_EQ(cell.find(digest), std::string::npos) << cell;
    EXPECT_EQ(cell.find(visit.id), std::string::npos) << cell;
    EXPECT_EQ(cell.find(kReception.id), std::string::npos) << cell;
    EXPECT_EQ(cell.find("92002"), std::string::npos) << cell;
  }
  EXPECT_NE(row[1], digest.substr(0, row[1].size()));
  // No time of day anywhere: the day of the service only.
  EXPECT_EQ(row[3].size(), 10u);

  auto [invitation_columns, invitations] = RawRows("survey_invitations");
  EXPECT_EQ(invitation_columns, (std::vector<std::string>{"site_id", "token_digest", "kind",
                                                          "issued_on", "expires_at", "answered"}));
  ASSERT_EQ(invitations.size(), 1u);
  EXPECT_EQ(invitations.front()[1], digest);
  for (const std::string& cell : invitations.front()) {
    EXPECT_EQ(cell.find(issued->token), std::string::npos) << "the token itself is never stored";
    EXPECT_EQ(cell.find(visit.id), std::string::npos);
  }
  // The expiry is a local midnight: it does not tell the time of issue.
  EXPECT_EQ(invitations.front()[4], std::to_string(Utc(22, 0, 2, 4).time_since_epoch().count()));
}

TEST_F(SurveysTest, StaffInContactWithThePublicIssueTokensForTheirSiteOnly) {
  for (const app::Agent& agent : {kReception, kMediator, kCoordinator, kAdmin}) {
    EXPECT_TRUE(surveys_->Issue(agent, SurveyKind::kWorkshop)) << agent.login;
  }
  EXPECT_EQ(surveys_->Issue(kFunder, SurveyKind::kVisit).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(surveys_->Issue(kElsewhere, SurveyKind::kVisit).error().kind, ErrorKind::kForbidden);
  // A use case that checked its caller (the notifications) invites without an agent.
  EXPECT_TRUE(surveys_->Invite(SurveyKind::kAppointment));
}

TEST_F(SurveysTest, ResultsPerMonthAndKindWithCommentsForCoordinatorsOnly) {
  const std::vector<SurveyRecord> history = {
      {SurveyKind::kVisit, date::year{2026} / 1 / 5, Scores(5, 5, 5, true, "Accueil chaleureux")},
      {SurveyKind::kVisit, date::year{2026} / 1 / 9, Scores(4, 3, 5, false)},
      {SurveyKind::kWorkshop, date::year{2026} / 2 / 2, Scores(5, 4, 4, true, "Atelier utile")},
      {SurveyKind::kVisit, date::year{2025} / 12 / 31, Scores(1, 1, 1, false, "Autre année")},
  };
  ASSERT_TRUE(store_->ImportAnswers("s1", history, {"i1", "i2", "i3", "i4"}));
  ASSERT_TRUE(store_->ImportAnswers("s2", {history[0]}, {"j1"}));

  auto results = surveys_->Results(kCoordinator, 2026);
  ASSERT_TRUE(results) << results.error().message;
  EXPECT_EQ(results->summary.count, 3);
  ASSERT_EQ(results->summary.months.size(), 2u);
  EXPECT_EQ(results->summary.months[0].count, 2);
  EXPECT_DOUBLE_EQ(results->summary.months[0].Average("efficiency"), 4.0);
  EXPECT_DOUBLE_EQ(*results->summary.months[0].RecommendShare(), 0.5);
  EXPECT_TRUE(results->comments_allowed);
  ASSERT_EQ(results->comments.size(), 2u);
  EXPECT_EQ(results->comments[0].text, "Accueil chaleureux");
  EXPECT_EQ(results->comments[0].month, 1u);
  EXPECT_EQ(results->comments[1].kind, SurveyKind::kWorkshop);

  auto funder = surveys_->Results(kFunder, 2026);
  ASSERT_TRUE(funder);
  EXPECT_EQ(funder->summary.count, 3);
  EXPECT_FALSE(funder->comments_allowed);
  EXPECT_TRUE(funder->comments.empty()) << "free text never reaches a funder";

  EXPECT_EQ(surveys_->Results(kMediator, 2026).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(surveys_->Results(kCoordinator, 1999).error().field, "year");
  EXPECT_TRUE(surveys_->Results(kAdmin, 2026)->comments_allowed);
  EXPECT_EQ(*store_->CountAnswers("s2"), 1);
}

}  // namespace
}  // namespace relais::storage
