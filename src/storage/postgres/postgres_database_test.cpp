#include "storage/postgres/postgres_database.h"

#include <gtest/gtest.h>

#include "storage/test_database.h"

namespace relais::storage {
namespace {

TEST(PostgresPlaceholders, NumbersEachPlaceholderInOrder) {
  EXPECT_EQ(PostgresPlaceholders("SELECT a FROM t WHERE b = ? AND c > ? LIMIT ?"),
            "SELECT a FROM t WHERE b = $1 AND c > $2 LIMIT $3");
  EXPECT_EQ(PostgresPlaceholders("VALUES (?,?)"), "VALUES ($1,$2)");
  EXPECT_EQ(PostgresPlaceholders("SELECT 1"), "SELECT 1");
}

TEST(PostgresPlaceholders, LeavesLiteralsIdentifiersAndCommentsAlone) {
  EXPECT_EQ(PostgresPlaceholders("SELECT '?', 'it''s ?', ? FROM \"a?b\" WHERE x = ?"),
            "SELECT '?', 'it''s ?', $1 FROM \"a?b\" WHERE x = $2");
  EXPECT_EQ(PostgresPlaceholders("SELECT ? -- why?\n, ? /* or? */, ?"),
            "SELECT $1 -- why?\n, $2 /* or? */, $3");
  EXPECT_EQ(PostgresPlaceholders("x LIKE ? ESCAPE '\\' OR y = ?"),
            "x LIKE $1 ESCAPE '\\' OR y = $2");
}

TEST(WithoutPassword, HidesAUrlsPasswordOnly) {
  EXPECT_EQ(WithoutPassword("postgresql://relais:s3cr@t@db.example:5432/relais?sslmode=require"),
            "postgresql://relais:***@db.example:5432/relais?sslmode=require");
  EXPECT_EQ(WithoutPassword("postgres://db.example/relais?user=r&password=s3cret&sslmode=require"),
            "postgres://db.example/relais?user=r&password=***&sslmode=require");
  EXPECT_EQ(WithoutPassword("postgresql://relais@db.example/relais"),
            "postgresql://relais@db.example/relais");
  EXPECT_EQ(WithoutPassword("/var/lib/relais/a:b@c.sqlite"), "/var/lib/relais/a:b@c.sqlite");
}

// The driver itself, on the server RELAIS_TEST_POSTGRES names.
class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!TestingOnPostgres()) GTEST_SKIP() << "RELAIS_TEST_POSTGRES is not set";
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->Write([](Connection& c) {
      return c.ExecuteScript(
          "CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, i INTEGER, r DOUBLE PRECISION, "
          "b BOOLEAN, s TEXT); CREATE TABLE u (k TEXT PRIMARY KEY)");
    }));
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

// A statement is prepared once per connection and parameter types: a NULL
// where a number was leaves the type to the server, and both run.
TEST_F(PostgresDatabaseTest, StatementsArePreparedOncePerParameterTypes) {
  for (int i = 0; i < 4; ++i) {
    const Value n = i == 2 ? Value() : Value(std::int64_t{i});
    Status inserted = db_->Write([&](Connection& c) -> Status {
      return Check(c.Execute("INSERT INTO t (k, n) VALUES (?, ?)",
                             {std::string("k") + std::to_string(i), n}));
    });
    ASSERT_TRUE(inserted) << inserted.error().message;
  }
  Status read = db_->Write([](Connection& c) -> Status {
    auto prepared = c.Query(
        "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO t %'", {});
    if (!prepared) return tl::unexpected(prepared.error());
    EXPECT_EQ(prepared->front().Int(0), 2) << "four inserts, one statement per parameter types";
    auto nulls = c.Query("SELECT COUNT(*) FROM t WHERE n IS NULL", {});
    if (!nulls) return tl::unexpected(nulls.error());
    EXPECT_EQ(nulls->front().Int(0), 1);
    return {};
  });
  ASSERT_TRUE(read) << read.error().message;
  // A failed run leaves the connection and its statements usable.
  EXPECT_FALSE(db_->Write([](Connection& c) -> Status {
    return Check(
        c.Execute("INSERT INTO t (k, n) VALUES (?, ?)", {std::string("k0"), std::int64_t{9}}));
  }));
  EXPECT_TRUE(db_->Write([](Connection& c) -> Status {
    return Check(
        c.Execute("INSERT INTO t (k, n) VALUES (?, ?)", {std::string("k9"), std::int64_t{9}}));
  }));
}

TEST_F(PostgresDatabaseTest, ValuesComeBackAsOnSqlite) {
  EXPECT_EQ(db_->Dialect(), "postgresql");
  ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
    return Check(c.Execute("INSERT INTO t (k, n, i, r, b, s) VALUES (?, ?, ?, ?, ?, ?)",
                           {std::string("a"), std::int64_t{9'007'199'254'740'993}, std::int64_t{-7},
                            0.1, std::string("true"), std::string("l'été « ? »")}));
  }));
  ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
    return Check(c.Execute("INSERT INTO t (k, n) VALUES (?, ?)", {std::string("b"), Value{}}));
  }));
  std::vector<Row> rows;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
    auto read =
        c.Query("SELECT n, i, r, b, s, COUNT(*) OVER (), SUM(n) OVER () FROM t ORDER BY k", {});
    if (!read) return tl::unexpected(read.error());
    rows = std::move(*read);
    return {};
  }));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(rows[0].At(0)), 9'007'199'254'740'993);
  EXPECT_EQ(std::get<std::int64_t>(rows[0].At(1)), -7);
  EXPECT_EQ(std::get<double>(rows[0].At(2)), 0.1);
  EXPECT_EQ(rows[0].Int(3), 1);
  EXPECT_EQ(rows[0].Text(4), "l'été « ? »");
  EXPECT_EQ(rows[0].Int(5), 2);
  EXPECT_EQ(std::get<std::int64_t>(rows[0].At(6)), 9'007'199'254'740'993);  // a NUMERIC sum
  EXPECT_TRUE(rows[1].IsNull(0));
  EXPECT_TRUE(rows[1].IsNull(4));
}

TEST_F(PostgresDatabaseTest, ExecuteCountsTheRowsChanged) {
  std::int64_t changed = -1;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
    for (const char* k : {"a", "b", "c"}) {
      if (auto ok = Check(c.Execute("INSERT INTO u (k) VALUES (?)", {std::string(k)})); !ok) {
        return ok;
      }
    }
    auto deleted = c.Execute("DELETE FROM u WHERE k <> ?", {std::string("b")});
    if (!deleted) return tl::unexpected(deleted.error());
    changed = *deleted;
    return {};
  }));
  EXPECT_EQ(changed, 2);
}

TEST_F(PostgresDatabaseTest, AUniqueViolationIsAConflictAndRollsTheWriteBack) {
  ASSERT_TRUE(db_->Write([](Connection& c) {
    return Check(c.Execute("INSERT INTO u (k) VALUES (?)", {std::string("x")}));
  }));
  Status refused = db_->Write([](Connection& c) -> Status {
    if (auto ok = Check(c.Execute("INSERT INTO u (k) VALUES (?)", {std::string("y")})); !ok) {
      return ok;
    }
    return Check(c.Execute("INSERT INTO u (k) VALUES (?)", {std::string("x")}));
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  // No value of the row at fault in the message (PostgreSQL's DETAIL has it).
  EXPECT_EQ(refused.error().message.find("(x)"), std::string::npos) << refused.error().message;
  std::int64_t count = -1;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
    auto rows = c.Query("SELECT COUNT(*) FROM u", {});
    if (!rows) return tl::unexpected(rows.error());
    count = (*rows)[0].Int(0);
    return {};
  }));
  EXPECT_EQ(count, 1);  // "y" went with the failed write
  // The writer is usable again after the rollback.
  EXPECT_TRUE(db_->Write([](Connection& c) {
    return Check(c.Execute("INSERT INTO u (k) VALUES (?)", {std::string("z")}));
  }));
}

TEST_F(PostgresDatabaseTest, ASyntaxErrorIsAStorageErrorAndBackupIsRefused) {
  Status failed = db_->Read([](Connection& c) -> Status {
    auto rows = c.Query("SELEC 1", {});
    if (!rows) return tl::unexpected(rows.error());
    return {};
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::kUnavailable);
  Status backup = db_->Backup(dir_.File("copy"));
  ASSERT_FALSE(backup);
  EXPECT_EQ(backup.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(backup.error().message.find("pg_dump"), std::string::npos);
}

TEST(OpenPostgres, AnUnreachableServerIsAStorageError) {
  auto db = OpenPostgres("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace relais::storage
