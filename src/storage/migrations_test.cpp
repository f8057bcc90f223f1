#include "storage/migrations.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "storage/test_database.h"

namespace relais::storage {
namespace {

std::unique_ptr<Database> Open(const testing::TempDir& dir) {
  auto db = OpenTestDatabase(dir);
  EXPECT_TRUE(db) << db.error().message;
  return std::move(*db);
}

bool TableExists(Database& db, const std::string& table) {
  auto tables = TableNames(db);
  EXPECT_TRUE(tables) << tables.error().message;
  return tables && tables->count(table) > 0;
}

TEST(Migrations, OnlyRelaisHistoriesHaveARelaisSchemaVersion) {
  testing::TempDir dir;
  auto db = Open(dir);
  ASSERT_TRUE(Migrate(*db));
  std::vector<std::pair<int, std::string>> applied;
  ASSERT_TRUE(db->Read([&](Connection& c) -> Status {
    auto rows = c.Query("SELECT version, name FROM schema_migrations ORDER BY version", {});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) applied.emplace_back(static_cast<int>(row.Int(0)), row.Text(1));
    return {};
  }));
  EXPECT_EQ(RelaisSchemaVersion(applied), LatestSchemaVersion());
  EXPECT_EQ(RelaisSchemaVersion({}), 0);

  auto newer = applied;
  newer.emplace_back(LatestSchemaVersion() + 1, "999_from_a_newer_relais.sql");
  EXPECT_EQ(RelaisSchemaVersion(newer), LatestSchemaVersion() + 1);
  auto renamed = applied;
  renamed[1].second = "002_something_else.sql";
  EXPECT_EQ(RelaisSchemaVersion(renamed), 0);
  auto gap = applied;
  gap.erase(gap.begin() + 2);
  EXPECT_EQ(RelaisSchemaVersion(gap), 0);
}

TEST(Migrations, DialectBlocksAreKeptForTheirDialectAlone) {
  const std::string sql =
      "CREATE TABLE t (a INTEGER);\n"
      "-- only on sqlite\n"
      "CREATE TRIGGER s;\n"
      "-- end only\n"
      "-- only on postgresql\n"
      "CREATE FUNCTION p;\n"
      "-- end only\n"
      "CREATE INDEX i ON t (a);";
  EXPECT_EQ(ForDialect(sql, "sqlite"),
            "CREATE TABLE t (a INTEGER);\nCREATE TRIGGER s;\nCREATE INDEX i ON t (a);");
  EXPECT_EQ(ForDialect(sql, "postgresql"),
            "CREATE TABLE t (a INTEGER);\nCREATE FUNCTION p;\nCREATE INDEX i ON t (a);");
  EXPECT_EQ(ForDialect("SELECT 1", "sqlite"), "SELECT 1");
}

TEST(Migrations, AnEmptyDatabaseReachesTheLatestVersion) {
  testing::TempDir dir;
  auto db = Open(dir);
  EXPECT_EQ(*SchemaVersion(*db), 0);
  ASSERT_TRUE(Migrate(*db));
  EXPECT_EQ(*SchemaVersion(*db), LatestSchemaVersion());
  EXPECT_TRUE(TableExists(*db, "sites"));
  EXPECT_TRUE(TableExists(*db, "partners"));
  ASSERT_TRUE(Migrate(*db)) << "a second run must be a no-op";
  EXPECT_EQ(*SchemaVersion(*db), LatestSchemaVersion());
}

TEST(Migrations, ADatabaseCreatedAtVersionOneIsUpgradedWithItsData) {
  testing::TempDir dir;
  auto db = Open(dir);
  ASSERT_TRUE(Migrate(*db, 1));
  EXPECT_EQ(*SchemaVersion(*db), 1);
  EXPECT_FALSE(TableExists(*db, "partners"));
  ASSERT_TRUE(db->Write([](Connection& c) -> Status {
    return c
        .Execute("INSERT INTO sites VALUES ('s1', 'Lieu', 'Adresse', 'Europe/Paris', '24/7', 0)",
                 {})
        .map([](auto) {});
  }));
  ASSERT_TRUE(Migrate(*db));
  EXPECT_EQ(*SchemaVersion(*db), LatestSchemaVersion());
  ASSERT_TRUE(db->Read([](Connection& c) -> Status {
    auto rows = c.Query("SELECT name FROM sites WHERE site_id = 's1'", {});
    EXPECT_TRUE(rows);
    EXPECT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().Text(0), "Lieu");
    return {};
  }));
  ASSERT_TRUE(db->Write([](Connection& c) -> Status {
    return c.Execute("INSERT INTO partners VALUES ('s1', 'caf', 'CAF')", {}).map([](auto) {});
  }));
}

TEST(Migrations, ADatabaseNewerThanTheBinaryIsRefused) {
  testing::TempDir dir;
  auto db = Open(dir);
  ASSERT_TRUE(Migrate(*db));
  ASSERT_TRUE(db->Write([](Connection& c) -> Status {
    return c
        .Execute("INSERT INTO schema_migrations VALUES (?, 'future.sql', 0)",
                 {std::int64_t{LatestSchemaVersion() + 1}})
        .map([](auto) {});
  }));
  Status refused = Migrate(*db);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "schema_too_new");
  EXPECT_NE(refused.error().message.find("plus récent"), std::string::npos);
}

TEST(Migrations, EverySiteOwnedTableCarriesSiteId) {
  testing::TempDir dir;
  auto db = Open(dir);
  ASSERT_TRUE(Migrate(*db));
  // Tables that hold no desk's data: the schema's own, staff identity and
  // its lockouts, the names of networks (which sites a network groups is
  // site-owned).
  const std::set<std::string> kNotSiteOwned = {"schema_migrations", "agents", "sessions",
                                               "login_lockouts", "networks"};
  const auto tables = TableNames(*db);
  ASSERT_TRUE(tables);
  EXPECT_GT(tables->size(), kNotSiteOwned.size());
  for (const std::string& table : *tables) {
    if (kNotSiteOwned.count(table) > 0) continue;
    auto columns = ColumnNames(*db, table);
    ASSERT_TRUE(columns);
    EXPECT_EQ(std::count(columns->begin(), columns->end(), "site_id"), 1)
        << table << " has no site_id";
  }
}

}  // namespace
}  // namespace relais::storage
