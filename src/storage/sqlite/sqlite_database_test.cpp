#include "storage/sqlite/sqlite_database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(dir_.File("test.sqlite"));
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->Write([](Connection& c) {
      return c.ExecuteScript("CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, x REAL, z TEXT)");
    }));
  }

  std::int64_t Count() {
    std::int64_t count = -1;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
      auto rows = c.Query("SELECT COUNT(*) FROM t", {});
      if (!rows) return tl::unexpected(rows.error());
      count = (*rows)[0].Int(0);
      return {};
    }));
    return count;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteDatabaseTest, RoundTripsEveryValueType) {
  ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
    auto n = c.Execute("INSERT INTO t VALUES (?, ?, ?, ?)",
                       {std::string("clé ' \"; DROP TABLE t; --"), std::int64_t{1} << 40, 2.5,
                        std::monostate{}});
    if (!n) return tl::unexpected(n.error());
    EXPECT_EQ(*n, 1);
    return {};
  }));
  ASSERT_TRUE(db_->Read([](Connection& c) -> Status {
    auto rows = c.Query("SELECT k, n, x, z FROM t", {});
    EXPECT_TRUE(rows);
    EXPECT_EQ(rows->size(), 1u);
    const Row& row = rows->front();
    EXPECT_EQ(row.Text(0), "clé ' \"; DROP TABLE t; --");
    EXPECT_EQ(row.Int(1), std::int64_t{1} << 40);
    EXPECT_DOUBLE_EQ(std::get<double>(row.At(2)), 2.5);
    EXPECT_TRUE(row.IsNull(3));
    return {};
  }));
}

TEST_F(SqliteDatabaseTest, FailedWorkRollsBack) {
  Status result = db_->Write([](Connection& c) -> Status {
    (void)c.Execute("INSERT INTO t (k) VALUES (?)", {std::string("a")});
    return Fail(ErrorKind::kInvalid, "nope", "refusé");
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "nope");
  EXPECT_EQ(Count(), 0);
}

TEST_F(SqliteDatabaseTest, ConstraintViolationIsAConflict) {
  ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
    return c.Execute("INSERT INTO t (k) VALUES (?)", {std::string("a")}).map([](auto) {});
  }));
  Status again = db_->Write([](Connection& c) -> Status {
    return c.Execute("INSERT INTO t (k) VALUES (?)", {std::string("a")}).map([](auto) {});
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(Count(), 1);
}

TEST_F(SqliteDatabaseTest, WrongParameterCountIsAnErrorNotACrash) {
  Status result = db_->Write([](Connection& c) -> Status {
    return c.Execute("INSERT INTO t (k) VALUES (?)", {}).map([](auto) {});
  });
  EXPECT_FALSE(result);
}

TEST_F(SqliteDatabaseTest, ConcurrentWritersLoseNothing) {
  constexpr int kThreads = 4;
  constexpr int kEach = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Status ok = db_->Write([&](Connection& c) -> Status {
          return c.Execute("INSERT INTO t (k) VALUES (?)",
                           {std::to_string(t) + "-" + std::to_string(i)})
              .map([](auto) {});
        });
        if (!ok) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count(), kThreads * kEach);
}

// Under group commit, a failing write in a batch rolls back its own
// changes only.
TEST_F(SqliteDatabaseTest, FailuresInAGroupCommitAreIsolated) {
  constexpr int kThreads = 8;
  constexpr int kEach = 40;
  std::atomic<int> succeeded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const bool fail = (t + i) % 3 == 0;
        Status ok = db_->Write([&](Connection& c) -> Status {
          auto inserted = c.Execute("INSERT INTO t (k) VALUES (?)", {std::to_string(t) + "-" + std::to_string(i)});
          if (!inserted) return tl::unexpected(inserted.error());
          if (fail) return Fail(ErrorKind::kInvalid, "refused", "refusé");
          return {};
        });
        EXPECT_EQ(static_cast<bool>(ok), !fail);
        if (ok) ++succeeded;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(Count(), succeeded.load());
  int expected = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) expected += (t + i) % 3 != 0;
  }
  EXPECT_EQ(succeeded.load(), expected);
}

TEST_F(SqliteDatabaseTest, BackupIsACompleteCopyAndRefusesToOverwrite) {
  ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
    return c.Execute("INSERT INTO t (k) VALUES (?)", {std::string("kept")}).map([](auto) {});
  }));
  const std::string copy = dir_.File("copy.sqlite");
  ASSERT_TRUE(db_->Backup(copy));
  auto reopened = OpenSqlite(copy);
  ASSERT_TRUE(reopened);
  ASSERT_TRUE((*reopened)->Read([](Connection& c) -> Status {
    auto rows = c.Query("SELECT k FROM t", {});
    EXPECT_TRUE(rows);
    EXPECT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().Text(0), "kept");
    return {};
  }));
  Status again = db_->Backup(copy);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "file_exists");
}

TEST_F(SqliteDatabaseTest, ACheckReadsALiveOrAWalFileAndLeavesNothingBehind) {
  const std::string path = dir_.File("test.sqlite");
  auto live = CheckSqliteFile(path);
  ASSERT_TRUE(live) << live.error().message;
  EXPECT_TRUE(live->problems.empty());
  EXPECT_FALSE(live->migrations.has_value()) << "no schema_migrations table";
  EXPECT_GT(live->bytes, 0u);
  db_.reset();  // the last connection gone, the file is in WAL mode with no -wal
  ASSERT_FALSE(std::filesystem::exists(path + "-wal"));
  ASSERT_TRUE(CheckSqliteFile(path));
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(path + "-shm"));
  auto absent = CheckSqliteFile(dir_.File("absent.sqlite"));
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, "file_missing");
  EXPECT_FALSE(std::filesystem::exists(dir_.File("absent.sqlite")));
}

TEST_F(SqliteDatabaseTest, RestoreReplacesTheTargetAndDropsItsStaleWal) {
  ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
    return c.Execute("INSERT INTO t (k) VALUES (?)", {std::string("restored")}).map([](auto) {});
  }));
  const std::string backup = dir_.File("backup.sqlite");
  ASSERT_TRUE(db_->Backup(backup));
  const std::string target = dir_.File("target.sqlite");
  {
    auto other = OpenSqlite(target);
    ASSERT_TRUE(other);
    ASSERT_TRUE(
        (*other)->Write([](Connection& c) { return c.ExecuteScript("CREATE TABLE u (x)"); }));
  }
  // A -wal left by the old file (here, bytes of another log) must not be
  // replayed into the restored one.
  std::ofstream(target + "-wal", std::ios::binary) << std::string(8192, '\x37');
  ASSERT_TRUE(RestoreSqliteFile(backup, target));
  EXPECT_FALSE(std::filesystem::exists(target + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(target + ".restauration"));
  auto check = CheckSqliteFile(target);
  ASSERT_TRUE(check);
  EXPECT_TRUE(check->problems.empty());
  auto reopened = OpenSqlite(target);
  ASSERT_TRUE(reopened);
  ASSERT_TRUE((*reopened)->Read([](Connection& c) -> Status {
    auto rows = c.Query("SELECT k FROM t", {});
    EXPECT_TRUE(rows);
    EXPECT_EQ(rows->size(), 1u);
    EXPECT_FALSE(c.Query("SELECT x FROM u", {})) << "the old file's table is gone";
    return {};
  }));
  Status missing = RestoreSqliteFile(dir_.File("absent.sqlite"), target);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "file_missing");
}

TEST(SqliteOpen, UnwritablePathIsAClearError) {
  auto opened = OpenSqlite("/nonexistent-dir/sub/x.sqlite");
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("impossible d'ouvrir"), std::string::npos);
}

}  // namespace
}  // namespace relais::storage
