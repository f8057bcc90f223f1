// Retention: the cutoffs' calendar arithmetic, which record is due (one
// second either side of its end), what the purge erases and keeps, over
// real SQLite; and the server's daily run driven by a fake clock.
#include "app/retention.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

#include "app/daily_purge.h"
#include "app/fake_clock.h"
#include "app/people.h"
#include "storage/migrations.h"
#include "storage/sql_people_store.h"
#include "storage/sql_retention_store.h"
#include "storage/sql_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/temp_dir.h"

namespace relais::app {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using std::chrono::sys_seconds;

sys_seconds At(date::year_month_day day, hours hour) {
  return date::sys_days{day} + hour;
}

// Monday 15 June 2026, 08:00 UTC.
const sys_seconds kStart = At(date::year{2026} / 6 / 15, hours(8));
const Agent kMediator{"a-med", "mediator", Role::kMediator, {"s1"}};

TEST(RetentionRules, MonthsAreCalendarMonthsClampedToTheMonthsEnd) {
  EXPECT_EQ(MonthsBefore(At(date::year{2028} / 6 / 15, hours(8)), 24), kStart);
  EXPECT_EQ(MonthsBefore(At(date::year{2026} / 5 / 31, hours(10)), 3),
            At(date::year{2026} / 2 / 28, hours(10)));
  EXPECT_EQ(MonthsBefore(At(date::year{2024} / 5 / 31, hours(10)), 3),
            At(date::year{2024} / 2 / 29, hours(10)));
  EXPECT_EQ(MonthsBefore(At(date::year{2026} / 1 / 10, hours(0)), 3),
            At(date::year{2025} / 10 / 10, hours(0)));
}

TEST(RetentionRules, ARecordIsDueOnceItsDurationHasRunOut) {
  const RetentionPolicy policy;
  const sys_seconds end = At(date::year{2028} / 6 / 15, hours(8));  // kStart + 24 months
  EXPECT_FALSE(IsDue(kStart, CutoffsAt(policy, end - seconds(1)).person));
  EXPECT_TRUE(IsDue(kStart, CutoffsAt(policy, end).person));
  EXPECT_TRUE(IsDue(kStart, CutoffsAt(policy, end + seconds(1)).person));
  const sys_seconds three = At(date::year{2026} / 9 / 15, hours(8));
  EXPECT_FALSE(IsDue(kStart, CutoffsAt(policy, three - seconds(1)).appointment));
  EXPECT_TRUE(IsDue(kStart, CutoffsAt(policy, three + seconds(1)).appointment));
  EXPECT_TRUE(IsDue(kStart, CutoffsAt(policy, three + seconds(1)).registration));
  EXPECT_TRUE(IsDue(kStart, CutoffsAt(policy, three + seconds(1)).outbox));
}

TEST(RetentionRules, DurationsRunFromOneToTenYears) {
  EXPECT_TRUE(CheckRetention({}));
  RetentionPolicy policy;
  policy.appointment_months = 0;
  EXPECT_EQ(CheckRetention(policy).error().field, "appointment_months");
  policy = {};
  policy.person_months = 121;
  EXPECT_EQ(CheckRetention(policy).error().field, "person_months");
}

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenSqlite(dir_.File("db.sqlite"));
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*db_));
    sql_ = std::make_unique<storage::SqlStore>(*db_);
    ASSERT_TRUE(sql_->SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "Mo-Fr 09:00-12:00"},
                               clock_.Now()));
    ASSERT_TRUE(sql_->SavePartner("s1", {"caf", "CAF"}));
    sites_ = std::make_unique<Sites>(*sql_, clock_);
    ASSERT_TRUE(sites_->Load("s1"));
    auto table = ShippedCommunes();
    ASSERT_TRUE(table);
    communes_ = std::make_unique<Communes>(*table);
    people_store_ = std::make_unique<storage::SqlPeopleStore>(*db_);
    people_ = std::make_unique<People>(*people_store_, *sites_, *communes_, clock_);
    store_ = std::make_unique<storage::SqlRetentionStore>(*db_);
    retention_ = std::make_unique<Retention>(*store_, RetentionPolicy{}, clock_);
  }

  Person Create(const std::string& first, const std::string& last) {
    PersonDraft draft;
    draft.consent = true;
    draft.first_name = first;
    draft.last_name = last;
    draft.email = "personne@exemple.fr";
    auto created = people_->CreatePerson(kMediator, draft);
    EXPECT_TRUE(created) << created.error().message;
    return created ? created->person : Person{};
  }

  PurgeCounts PurgeAt(sys_seconds now, bool dry_run = false) {
    clock_.Set(now);
    auto report = retention_->Purge(dry_run);
    EXPECT_TRUE(report) << report.error().message;
    return report ? report->counts : PurgeCounts{};
  }

  std::int64_t Scalar(const std::string& sql) {
    std::int64_t value = -1;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
      auto rows = c.Query(sql, {});
      if (!rows) return tl::unexpected(rows.error());
      value = rows->front().Int(0);
      return {};
    }));
    return value;
  }

  void Run(const std::string& sql) {
    auto done = db_->Write([&](storage::Connection& c) { return c.ExecuteScript(sql); });
    ASSERT_TRUE(done) << done.error().message;
  }

  // An appointment and a workshop registration starting at kStart, with a
  // person's contact data, and a sent message about the appointment.
  void AddBookings() {
    const std::string at = std::to_string(storage::Seconds(kStart));
    Run("INSERT INTO agents (agent_id, login, password_hash, role, created_at) VALUES ('a-med', "
        "'mediator', 'x', 'mediator', 0);"
        "INSERT INTO appointment_types VALUES ('s1', 't1', 'CAF', 30, 'caf', '', 1, 0, 30, 0, 1);"
        "INSERT INTO appointments (site_id, appointment_id, type_id, agent_id, starts_at, ends_at,"
        " busy_until, status, token_digest, first_name, last_name, phone, email, commune_insee,"
        " consent_at, created_at, updated_at) VALUES ('s1', 'r1', 't1', 'a-med', " +
        at + ", " + at + " + 1800, " + at +
        " + 1800, 'seen', 'd', 'Awa', 'Diallo', '0612345678',"
        " 'awa@exemple.fr', '92002', 0, 0, 0);"
        "INSERT INTO workshops VALUES ('s1', 'w1', 'Premiers pas', '', 'beginner', 'first-steps', "
        "1);"
        "INSERT INTO workshop_sessions (site_id, session_id, workshop_id, starts_at, ends_at, room,"
        " capacity, agent_id, created_at) VALUES ('s1', 'ws1', 'w1', " +
        at + ", " + at +
        " + 7200, 'Salle', 8, 'a-med', 0);"
        "INSERT INTO workshop_registrations (site_id, registration_id, session_id, arrival, status,"
        " seat, attendance, token_digest, first_name, last_name, phone, email, commune_insee,"
        " consent_at, created_at, updated_at) VALUES ('s1', 'g1', 'ws1', 1, 'registered', 1,"
        " 'present', 'd', 'Awa', 'Diallo', NULL, 'awa@exemple.fr', '92002', 0, 0, 0);"
        "INSERT INTO outbox (site_id, message_id, appointment_id, kind, channel, sequence, due_at,"
        " status, attempts, next_attempt_at, sent_at, created_at) VALUES ('s1', 'm1', 'r1',"
        " 'confirmation', 'email', 0, " +
        at + ", 'sent', 1, " + at + ", " + at +
        ", 0);"
        "INSERT INTO outbox (site_id, message_id, appointment_id, kind, channel, sequence, due_at,"
        " status, attempts, next_attempt_at, sent_at, created_at) VALUES ('s1', 'm2', 'r1',"
        " 'reminder', 'email', 0, " +
        at + ", 'pending', 0, " + at + ", NULL, 0);");
  }

  testing::TempDir dir_;
  FakeClock clock_{kStart};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::SqlStore> sql_;
  std::unique_ptr<Sites> sites_;
  std::unique_ptr<Communes> communes_;
  std::unique_ptr<storage::SqlPeopleStore> people_store_;
  std::unique_ptr<People> people_;
  std::unique_ptr<storage::SqlRetentionStore> store_;
  std::unique_ptr<Retention> retention_;
};

TEST_F(RetentionTest, AFileGoesTwentyFourMonthsAfterItsLastContactNotBefore) {
  const Person person = Create("Awa", "Diallo");
  // The last contact: a note a month later.
  const sys_seconds last = At(date::year{2026} / 7 / 15, hours(8));
  clock_.Set(last);
  ASSERT_TRUE(people_->AddNote(kMediator, person.id, "Dossier CAF complet", false));
  const sys_seconds end = At(date::year{2028} / 7 / 15, hours(8));

  EXPECT_EQ(PurgeAt(end - seconds(1)).people, 0);
  EXPECT_TRUE(people_->FindPerson(kMediator, person.id));
  EXPECT_EQ(PurgeAt(end + seconds(1), true).people, 1) << "the dry run counts it";
  EXPECT_TRUE(people_->FindPerson(kMediator, person.id)) << "and changes nothing";
  EXPECT_EQ(PurgeAt(end + seconds(1)).people, 1);
  EXPECT_EQ(people_->FindPerson(kMediator, person.id).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM person_notes"), 0);
  EXPECT_EQ(PurgeAt(end + seconds(2)).people, 0) << "nothing left to purge";
}

TEST_F(RetentionTest, EveryLinkedRecordCountsAsAContact) {
  const Person person = Create("Awa", "Diallo");
  ProcedureDraft draft;
  draft.kind = "aide-logement";
  draft.partner = "caf";
  auto procedure = people_->OpenProcedure(kMediator, person.id, draft);
  ASSERT_TRUE(procedure);
  ReferralDraft referral;
  referral.person_id = person.id;
  referral.partner = "caf";
  referral.reason = "Awa Diallo, APL";
  auto referred = people_->Refer(kMediator, referral);
  ASSERT_TRUE(referred);
  // A year later the procedure moves on, then the referral's outcome.
  const sys_seconds step = At(date::year{2027} / 6 / 15, hours(8));
  clock_.Set(step);
  ASSERT_TRUE(people_->ChangeStatus(kMediator, procedure->id, "in_progress", "Pièces reçues"));
  const sys_seconds outcome = At(date::year{2027} / 8 / 15, hours(8));
  clock_.Set(outcome);
  ASSERT_TRUE(people_->RecordOutcome(kMediator, referred->id, "reached"));

  EXPECT_EQ(PurgeAt(At(date::year{2029} / 7 / 15, hours(8))).people, 0)
      << "24 months after the step, not after the outcome";
  EXPECT_EQ(PurgeAt(At(date::year{2029} / 8 / 15, hours(8))).people, 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM procedures"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM procedure_steps"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM referrals WHERE person_id IS NULL AND reason = ''"
                   " AND partner = 'caf' AND outcome = 'reached'"),
            1)
      << "the referral stays for the statistics, without its free text";
}

TEST_F(RetentionTest, ContactDataGoesThreeMonthsAfterTheAppointmentAndTheSession) {
  AddBookings();
  const sys_seconds end = At(date::year{2026} / 9 / 15, hours(8));
  EXPECT_EQ(PurgeAt(end - seconds(1)), PurgeCounts{});
  EXPECT_EQ(PurgeAt(end + seconds(1), true), (PurgeCounts{0, 1, 1, 1}));
  EXPECT_EQ(PurgeAt(end + seconds(1)), (PurgeCounts{0, 1, 1, 1}));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM appointments WHERE first_name IS NULL AND last_name IS "
                   "NULL AND phone IS NULL AND email IS NULL AND status = 'seen' AND type_id = "
                   "'t1' AND commune_insee = '92002'"),
            1)
      << "the statistics stay: kind, status, commune";
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM workshop_registrations WHERE first_name IS NULL AND "
                   "email IS NULL AND attendance = 'present' AND status = 'registered'"),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM outbox"), 1) << "the pending message stays";
  EXPECT_EQ(PurgeAt(end + seconds(2)), PurgeCounts{}) << "each record counted once";
}

TEST_F(RetentionTest, NoErasedByteIsLeftInTheFiles) {
  Create("Zéphyrine", "Quetzalcoatl");
  AddBookings();
  EXPECT_EQ(PurgeAt(At(date::year{2030} / 1 / 1, hours(0))), (PurgeCounts{1, 1, 1, 1}));
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(dir_.File("db.sqlite") + suffix, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    for (const char* trace : {"Quetzalcoatl", "quetzalcoatl", "Diallo", "awa@exemple.fr",
                              "personne@exemple.fr", "0612345678"}) {
      EXPECT_EQ(bytes.find(trace), std::string::npos) << trace << " in db.sqlite" << suffix;
    }
  }
}

TEST_F(RetentionTest, TheDailyPurgeRunsAtStartThenOnceADayByTheClock) {
  Create("Awa", "Diallo");
  clock_.Set(At(date::year{2028} / 6 / 15, hours(7)));  // one hour short of 24 months
  std::vector<std::string> lines;
  std::mutex mutex;
  DailyPurge daily(
      *retention_, clock_,
      [&](const std::string& line) {
        std::lock_guard lock(mutex);
        lines.push_back(line);
      },
      std::chrono::milliseconds(5));
  daily.Start();
  const auto wait_for_runs = [&](int runs) {
    for (int i = 0; i < 400 && daily.runs() < runs; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return daily.runs();
  };
  EXPECT_EQ(wait_for_runs(1), 1);
  clock_.Advance(hours(23));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(daily.runs(), 1) << "not twice in a day";
  clock_.Advance(hours(1));
  EXPECT_EQ(wait_for_runs(2), 2);
  daily.Stop();
  std::lock_guard lock(mutex);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find(" 0 dossier"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(" 1 dossier"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[1].find("Diallo"), std::string::npos) << "no personal data in the log";
}

}  // namespace
}  // namespace relais::app
