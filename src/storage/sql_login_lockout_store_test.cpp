// The per-login lockout's store on the test database (SQLite, or PostgreSQL
// with RELAIS_TEST_POSTGRES): failures counted and read back, a reset, the
// prune of forgettable keys, and two handles (two processes) recording
// failures at once from several threads: every one counted, the lock set
// by the failure that reaches the maximum.
#include "storage/sql_login_lockout_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "storage/migrations.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using std::chrono::minutes;

const app::Instant kNow{std::chrono::seconds(1'750'000'000)};
const LockoutRule kRule{5, minutes(15), minutes(15)};

class SqlLoginLockoutStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    store_ = std::make_unique<SqlLoginLockoutStore>(*db_);
  }

  // `count` failures on `key` at `at`; the last state.
  LockoutState Fail(const std::string& key, int count, app::Instant at) {
    LockoutState state;
    for (int i = 0; i < count; ++i) {
      auto recorded = store_->RecordLoginFailure(key, kRule, at);
      EXPECT_TRUE(recorded) << recorded.error().message;
      if (recorded) state = *recorded;
    }
    return state;
  }

  std::int64_t Failures(const std::string& key) {
    auto found = store_->FindLockout(key);
    EXPECT_TRUE(found);
    return found ? found->failures : -1;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlLoginLockoutStore> store_;
};

TEST_F(SqlLoginLockoutStoreTest, FailuresAreCountedUntilTheLock) {
  auto unknown = store_->FindLockout("k1");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(*unknown, LockoutState{});
  LockoutState four = Fail("k1", 4, kNow);
  EXPECT_EQ(four, (LockoutState{4, kNow, {}}));
  LockoutState five = Fail("k1", 1, kNow + minutes(3));
  EXPECT_EQ(five, (LockoutState{5, kNow, kNow + minutes(18)}));
  EXPECT_EQ(*store_->FindLockout("k1"), five) << "read back as saved";
  EXPECT_EQ(Failures("k2"), 0) << "one key only";
}

TEST_F(SqlLoginLockoutStoreTest, AnInstantIsStoredToTheSecond) {
  LockoutState state = Fail("k1", 1, kNow + std::chrono::milliseconds(700));
  EXPECT_EQ(state.window_start, kNow);
  EXPECT_EQ(*store_->FindLockout("k1"), state);
}

TEST_F(SqlLoginLockoutStoreTest, AResetForgetsTheKey) {
  Fail("k1", 5, kNow);
  Fail("k2", 2, kNow);
  ASSERT_TRUE(store_->ResetLockout("k1"));
  EXPECT_EQ(*store_->FindLockout("k1"), LockoutState{});
  EXPECT_EQ(Failures("k2"), 2);
  ASSERT_TRUE(store_->ResetLockout("never-seen"));
}

TEST_F(SqlLoginLockoutStoreTest, OnlyKeysWithNothingLeftToRememberArePruned) {
  Fail("early", 2, kNow);                 // window to +15
  Fail("locked", 5, kNow + minutes(20));  // window to +35, locked to +35
  Fail("late", 1, kNow + minutes(24));    // window to +39
  auto first = store_->PruneLockouts(kRule, kNow + minutes(26));
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, 1);
  EXPECT_EQ(Failures("early"), 0);
  EXPECT_EQ(Failures("locked"), 5);
  auto second = store_->PruneLockouts(kRule, kNow + minutes(36));
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, 1);
  EXPECT_EQ(Failures("locked"), 0);
  EXPECT_EQ(Failures("late"), 1);
}

// Two handles on one database, as two relais processes, and two threads on
// each, recording failures on one key at once: no failure is lost (each
// sees a distinct count) and only the one that reaches 5 sets the lock.
TEST_F(SqlLoginLockoutStoreTest, TwoHandlesRecordingAtOnceCountEveryFailure) {
  auto again = OpenTestDatabaseAgain(*db_, dir_);
  ASSERT_TRUE(again) << again.error().message;
  SqlLoginLockoutStore other(**again);
  constexpr int kThreads = 4;
  constexpr int kEach = 6;
  std::mutex mutex;
  std::vector<LockoutState> states;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      app::LoginLockoutStore& store = t % 2 == 0 ? static_cast<app::LoginLockoutStore&>(*store_)
                                                 : static_cast<app::LoginLockoutStore&>(other);
      for (int i = 0; i < kEach; ++i) {
        auto recorded = store.RecordLoginFailure("k1", kRule, kNow);
        std::lock_guard lock(mutex);
        if (recorded) {
          states.push_back(*recorded);
        } else {
          ADD_FAILURE() << recorded.error().message;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(states.size(), std::size_t{kThreads * kEach});
  std::sort(states.begin(), states.end(),
            [](const LockoutState& a, const LockoutState& b) { return a.failures < b.failures; });
  for (std::size_t i = 0; i < states.size(); ++i) {
    const LockoutState& state = states[i];
    EXPECT_EQ(state.failures, static_cast<std::int64_t>(i + 1)) << "every failure counted once";
    EXPECT_EQ(state.window_start, kNow);
    EXPECT_EQ(state.locked_until, state.failures < 5 ? app::Instant{} : kNow + minutes(15))
        << "failure " << state.failures;
  }
  EXPECT_EQ(Failures("k1"), kThreads * kEach);
}

}  // namespace
}  // namespace relais::storage
