// The audit journal over real SQLite: appends from many threads form one
// unbroken chain, and a row changed, removed or inserted behind the
// program's back is found by Verify at that row.
#include "storage/sql_audit_store.h"

#include <gtest/gtest.h>

#include <date/date.h>

#include <atomic>
#include <thread>

#include "app/fake_clock.h"
#include "storage/migrations.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

class AuditJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    store_ = std::make_unique<SqlAuditStore>(*db_);
    journal_ = std::make_unique<app::AuditJournal>(*store_, clock_);
  }

  void Record(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(journal_->Record("antony", "agent-" + std::to_string(i % 3),
                                   app::audit_event::kPersonRead, "person-" + std::to_string(i)));
    }
  }

  // Runs `sql` on the file as someone with the file in hand would.
  // Runs `sql` on the file as someone with the file in hand would: first
  // dropping the database's guard (migration 016).
  void Tamper(const std::string& sql) {
    ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
      if (auto lifted = LiftAuditGuard(c, db_->Dialect()); !lifted) return lifted;
      return Check(c.Execute(sql, {}));
    }));
  }

  // `sql` run as any statement of the program would be.
  Status Run(const std::string& sql) {
    return db_->Write([&](Connection& c) -> Status { return Check(c.Execute(sql, {})); });
  }

  std::optional<std::int64_t> BrokenAt() {
    auto check = journal_->Verify();
    EXPECT_TRUE(check);
    return check ? check->broken_at : std::nullopt;
  }

  relais::testing::TempDir dir_;
  app::FakeClock clock_{date::sys_days{date::year{2026} / 11 / 30}};
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlAuditStore> store_;
  std::unique_ptr<app::AuditJournal> journal_;
};

TEST_F(AuditJournalTest, AnEmptyJournalHolds) {
  auto check = journal_->Verify();
  ASSERT_TRUE(check);
  EXPECT_EQ(check->entries, 0);
  EXPECT_EQ(check->head_hash, app::kAuditGenesis);
  EXPECT_FALSE(check->broken_at);
}

TEST_F(AuditJournalTest, AppendsFromManyThreadsFormOneChain) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back([this] { Record(25); });
  for (std::thread& thread : threads) thread.join();
  auto check = journal_->Verify();
  ASSERT_TRUE(check);
  EXPECT_EQ(check->entries, 200);
  EXPECT_FALSE(check->broken_at);
  auto last = store_->Scan(199, 10);
  ASSERT_TRUE(last);
  ASSERT_EQ(last->size(), 1u);
  EXPECT_EQ(check->head_hash, last->front().hash);
  EXPECT_EQ(last->front().at, 1795996800);
}

// Two relais processes on one database: each its own handle, its own
// writer, appending at once. They race for the next number; the journal
// stays one chain with every entry.
TEST_F(AuditJournalTest, TwoHandlesAppendingAtOnceKeepOneChain) {
  auto again = OpenTestDatabaseAgain(*db_, dir_);
  ASSERT_TRUE(again) << again.error().message;
  SqlAuditStore other_store(**again);
  app::AuditJournal other(other_store, clock_);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      app::AuditJournal& journal = t % 2 == 0 ? *journal_ : other;
      for (int i = 0; i < 20; ++i) {
        if (!journal.Record("antony", "agent", app::audit_event::kPersonRead, "p")) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto check = journal_->Verify();
  ASSERT_TRUE(check);
  EXPECT_EQ(check->entries, 80);
  EXPECT_FALSE(check->broken_at);
}

TEST_F(AuditJournalTest, TheDatabaseRefusesToChangeOrRemoveARow) {
  Record(5);
  EXPECT_FALSE(Run("UPDATE audit_journal SET agent_id = 'someone-else' WHERE seq = 3"));
  EXPECT_FALSE(Run("UPDATE audit_journal SET seq = seq + 10"));
  EXPECT_FALSE(Run("DELETE FROM audit_journal WHERE seq = 5"));
  EXPECT_FALSE(Run("DELETE FROM audit_journal"));
  if (db_->Dialect() == "postgresql") {
    EXPECT_FALSE(Run("TRUNCATE audit_journal"));
  }
  auto check = journal_->Verify();
  ASSERT_TRUE(check);
  EXPECT_EQ(check->entries, 5) << "every refused statement changed nothing";
  EXPECT_FALSE(check->broken_at);
  Record(1);  // appending still works

  // Lifted and restored inside one transaction (as CopyData does): the
  // guard holds again afterwards.
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
    if (auto lifted = LiftAuditGuard(c, db_->Dialect()); !lifted) return lifted;
    return RestoreAuditGuard(c, db_->Dialect());
  }));
  EXPECT_FALSE(Run("DELETE FROM audit_journal WHERE seq = 1"));
  auto again = journal_->Verify();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->entries, 6);
}

TEST_F(AuditJournalTest, AChangedRowIsFoundWhereItWasChanged) {
  Record(20);
  Tamper("UPDATE audit_journal SET agent_id = 'someone-else' WHERE seq = 7");
  EXPECT_EQ(BrokenAt(), 7);
}

TEST_F(AuditJournalTest, ARowChangedWithItsHashRecomputedBreaksTheNextLink) {
  Record(20);
  auto rows = store_->Scan(11, 1);
  ASSERT_TRUE(rows);
  app::AuditEntry forged = rows->front();
  forged.subject = "person-999";
  Tamper("UPDATE audit_journal SET subject = 'person-999', hash = '" + app::AuditHash(forged) +
         "' WHERE seq = 12");
  EXPECT_EQ(BrokenAt(), 13);
}

TEST_F(AuditJournalTest, ARemovedRowIsFound) {
  Record(20);
  Tamper("DELETE FROM audit_journal WHERE seq = 5");
  EXPECT_EQ(BrokenAt(), 6);
}

TEST_F(AuditJournalTest, AnInsertedRowIsFound) {
  Record(5);
  // Rows 3..5 move to 4..6, and a forged row 3, well chained to row 2,
  // takes their place: the moved row 4 no longer holds.
  for (int seq = 5; seq >= 3; --seq) {
    Tamper("UPDATE audit_journal SET seq = " + std::to_string(seq + 1) +
           " WHERE seq = " + std::to_string(seq));
  }
  auto second = store_->Scan(1, 1);
  ASSERT_TRUE(second);
  app::AuditEntry forged{
      3, 0, "antony", "intruder", app::audit_event::kPersonRead, "p", second->front().hash, ""};
  forged.hash = app::AuditHash(forged);
  Tamper("INSERT INTO audit_journal VALUES (3, 0, 'antony', 'intruder', 'person.read', 'p', '" +
         forged.prev_hash + "', '" + forged.hash + "')");
  EXPECT_EQ(BrokenAt(), 4);
}

TEST_F(AuditJournalTest, RowsAboutOneSubjectComeNewestFirst) {
  ASSERT_TRUE(journal_->Record("antony", "a1", app::audit_event::kPersonCreate, "p1"));
  ASSERT_TRUE(journal_->Record("antony", "a2", app::audit_event::kPersonRead, "p2"));
  clock_.Advance(std::chrono::seconds(60));
  ASSERT_TRUE(journal_->Record("antony", "a2", app::audit_event::kPersonRead, "p1"));
  ASSERT_TRUE(journal_->Record("massy", "a3", app::audit_event::kPersonRead, "p1"));
  ASSERT_TRUE(
      Run("INSERT INTO agents (agent_id, login, password_hash, role, created_at) "
          "VALUES ('a2', 'lea', 'x', 'mediator', 0)"));
  auto about = journal_->About("antony", "p1", 10);
  ASSERT_TRUE(about);
  ASSERT_EQ(about->size(), 2u);
  EXPECT_EQ((*about)[0].agent_login, "lea");
  EXPECT_EQ((*about)[0].event, app::audit_event::kPersonRead);
  EXPECT_EQ((*about)[0].at, (*about)[1].at + 60);
  EXPECT_EQ((*about)[1].agent_login, "") << "an agent unknown to the database";
  EXPECT_EQ((*about)[1].event, app::audit_event::kPersonCreate);
  auto latest = journal_->About("antony", "p1", 1);
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->front().event, app::audit_event::kPersonRead);
}

}  // namespace
}  // namespace relais::storage
