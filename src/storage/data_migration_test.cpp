#include "storage/data_migration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "storage/migrations.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage/test_database.h"

namespace relais::storage {
namespace {

std::unique_ptr<Database> Sqlite(const testing::TempDir& dir, const std::string& name) {
  auto db = OpenSqlite(dir.File(name));
  EXPECT_TRUE(db) << db.error().message;
  return std::move(*db);
}

std::unique_ptr<Database> TestDb(const testing::TempDir& dir) {
  auto db = OpenTestDatabase(dir, "target.sqlite");
  EXPECT_TRUE(db) << db.error().message;
  return std::move(*db);
}

Status Script(Database& db, const std::string& sql) {
  return db.Write([&](Connection& c) { return c.ExecuteScript(sql); });
}

std::int64_t Count(Database& db, const std::string& table) {
  std::int64_t n = -1;
  EXPECT_TRUE(db.Read([&](Connection& c) -> Status {
    auto rows = c.Query("SELECT COUNT(*) FROM " + table, {});
    if (!rows) return tl::unexpected(rows.error());
    n = (*rows)[0].Int(0);
    return {};
  }));
  return n;
}

// A few rows of a desk with awkward values (SQLite's SQL): NULLs, '',
// quotes, accents, a line break, the largest integer, text keys that a
// French collation orders unlike bytes (france-travail, franceconnect, Zeta).
constexpr char kDeskRows[] = R"sql(
INSERT INTO sites (site_id, name, address, timezone, opening_hours, created_at, alsace_moselle)
  VALUES ('antony', 'PIMMS d''Antony', '1 rue' || char(10) || 'des Écoles', 'Europe/Paris', 'Mo 09:00-12:00', 1700000000, 0);
INSERT INTO partners (site_id, code, name) VALUES ('antony', 'france-travail', 'France Travail'),
  ('antony', 'franceconnect', 'Élan « spécial »'), ('antony', 'Zeta', ''), ('antony', 'caf', 'CAF');
INSERT INTO visits (site_id, visit_id, visited_at, commune_insee, qpv, partner, outcome,
  duration_minutes, channel, first_visit, logged_by, created_at)
  VALUES ('antony', 'v1', 9223372036854775807, NULL, NULL, 'caf', 'resolved', 0, 'walk_in', 1, 'm', 1),
         ('antony', 'v2', 1700000000, '92002', 1, NULL, 'pending', NULL, 'phone', 0, 'm', 2);
INSERT INTO visit_themes (site_id, visit_id, theme) VALUES ('antony', 'v1', 'logement'),
  ('antony', 'v1', 'santé'), ('antony', 'v2', 'impôts');
)sql";

TEST(CanonicalRow, TellsTypesNullsAndBoundariesApart) {
  const auto row = [](std::vector<Value> values) { return CanonicalRow(Row(std::move(values))); };
  EXPECT_NE(row({std::int64_t{1}}), row({std::string("1")}));
  EXPECT_NE(row({std::monostate{}}), row({std::string()}));
  EXPECT_NE(row({std::int64_t{1}}), row({1.0}));
  EXPECT_NE(row({std::string("a"), std::string("bc")}), row({std::string("ab"), std::string("c")}));
  EXPECT_NE(row({std::string("a;")}), row({std::string("a"), std::monostate{}}));
  EXPECT_NE(row({}), row({std::monostate{}}));
  EXPECT_EQ(row({0.1, std::int64_t{-5}, std::string("é")}),
            row({0.1, std::int64_t{-5}, std::string("é")}));
  EXPECT_EQ(row({0.1}), "1|r0.1;") << "reals in their shortest exact form";
  EXPECT_EQ(row({std::monostate{}, std::int64_t{42}, std::string("ab")}), "3|n;i42;t2:ab");
}

TEST(TableDigest, DependsOnTheRowsNotOnTheirOrder) {
  const Row a({std::string("antony"), std::int64_t{1}});
  const Row b({std::string("massy"), std::monostate{}});
  const Row b2({std::string("massy"), std::string()});
  TableDigest ab, ba, ab2, a_only, empty;
  ab.Add(a);
  ab.Add(b);
  ba.Add(b);
  ba.Add(a);
  ab2.Add(a);
  ab2.Add(b2);
  a_only.Add(a);
  EXPECT_EQ(ab, ba);
  EXPECT_EQ(ab.Hex(), ba.Hex());
  EXPECT_EQ(ab.Hex().size(), 64u);
  EXPECT_NE(ab.Hex(), ab2.Hex());
  EXPECT_NE(ab.Hex(), a_only.Hex());
  EXPECT_EQ(empty.Hex(), std::string(64, '0'));
  EXPECT_EQ(ab.rows(), 2);
}

TEST(SchemaTables, PutEachTableAfterTheTablesItReferences) {
  testing::TempDir dir;
  auto db = TestDb(dir);
  ASSERT_TRUE(Migrate(*db));
  std::vector<std::string> tables;
  ASSERT_TRUE(db->Read([&](Connection& c) -> Status {
    auto order = SchemaTables(c, db->Dialect());
    if (!order) return tl::unexpected(order.error());
    tables = *order;
    return {};
  }));
  const auto position = [&](const std::string& table) {
    return std::find(tables.begin(), tables.end(), table) - tables.begin();
  };
  auto all = TableNames(*db);
  ASSERT_TRUE(all);
  EXPECT_EQ(tables.size(), all->size() - 1) << "every table but schema_migrations";
  EXPECT_EQ(position("schema_migrations"), static_cast<long>(tables.size()));
  EXPECT_LT(position("sites"), position("partners"));
  EXPECT_LT(position("agents"), position("site_agents"));
  EXPECT_LT(position("appointments"), position("appointment_units"));
  EXPECT_LT(position("mediators"), position("mediator_types"));
  EXPECT_LT(position("appointment_types"), position("mediator_types"));
  EXPECT_LT(position("workshop_registrations"), position("outbox"));
  EXPECT_LT(position("procedures"), position("procedure_steps"));
}

// An SQLite source with the desk's rows and an empty target (SQLite, or
// PostgreSQL when RELAIS_TEST_POSTGRES is set), both at the latest schema.
class CopyDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Migrate(*source_));
    ASSERT_TRUE(Migrate(*target_));
    ASSERT_TRUE(Script(*source_, kDeskRows));
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> source_ = Sqlite(dir_, "source.sqlite");
  std::unique_ptr<Database> target_ = TestDb(dir_);
};

TEST_F(CopyDataTest, CopiesEveryRowAndChecksEachTableOnBothSides) {
  auto copied = CopyData(*source_, *target_, {.force = false, .page_rows = 2});
  ASSERT_TRUE(copied) << copied.error().message;
  std::map<std::string, std::int64_t> rows;
  for (const auto& table : *copied) rows[table.table] = table.rows;
  EXPECT_EQ(rows["sites"], 1);
  EXPECT_EQ(rows["partners"], 4) << "keyset pages of 2 rows, text keys";
  EXPECT_EQ(rows["visits"], 2);
  EXPECT_EQ(rows["visit_themes"], 3);
  EXPECT_EQ(rows["people"], 0);
  EXPECT_EQ(rows.count("schema_migrations"), 0u);
  for (const auto& [table, n] : rows) EXPECT_EQ(Count(*target_, table), n) << table;

  std::string address;
  std::int64_t visited_at = 0;
  bool qpv_null = false;
  ASSERT_TRUE(target_->Read([&](Connection& c) -> Status {
    auto site = c.Query("SELECT address FROM sites", {});
    if (!site) return tl::unexpected(site.error());
    address = (*site)[0].Text(0);
    auto visit = c.Query("SELECT visited_at, qpv FROM visits WHERE visit_id = 'v1'", {});
    if (!visit) return tl::unexpected(visit.error());
    visited_at = (*visit)[0].Int(0);
    qpv_null = (*visit)[0].IsNull(1);
    return {};
  }));
  EXPECT_EQ(address, "1 rue\ndes Écoles");
  EXPECT_EQ(visited_at, INT64_MAX);
  EXPECT_TRUE(qpv_null);
}

TEST_F(CopyDataTest, RefusesATargetThatHoldsDataUnlessForcedAndThenReplacesIt) {
  ASSERT_TRUE(CopyData(*source_, *target_));
  ASSERT_TRUE(Script(*target_,
                     "INSERT INTO partners (site_id, code, name) VALUES ('antony', 'msa', 'MSA')"));
  auto refused = CopyData(*source_, *target_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "target_not_empty");
  EXPECT_NE(refused.error().message.find("partners"), std::string::npos) << refused.error().message;
  EXPECT_EQ(Count(*target_, "partners"), 5) << "a refusal changes nothing";
  auto held = TablesWithRows(*target_, {"sites", "people", "partners", "no_such_table"});
  ASSERT_TRUE(held);
  EXPECT_EQ(*held, (std::vector<std::string>{"sites", "partners"}));

  // The target's audit journal, which the database refuses to delete from,
  // is replaced too, and its guard put back.
  const std::string entry =
      "INSERT INTO audit_journal (seq, at, site_id, agent_id, event, subject, prev_hash, hash) "
      "VALUES (1, 0, 'antony', '', 'purge', '', 'x', 'y')";
  ASSERT_TRUE(Script(*target_, entry));
  auto forced = CopyData(*source_, *target_, {.force = true});
  ASSERT_TRUE(forced) << forced.error().message;
  EXPECT_EQ(Count(*target_, "partners"), 4);
  EXPECT_EQ(Count(*target_, "visit_themes"), 3);
  EXPECT_EQ(Count(*target_, "audit_journal"), Count(*source_, "audit_journal"));
  ASSERT_EQ(Count(*target_, "audit_journal"), 0);
  ASSERT_TRUE(Script(*target_, entry));
  EXPECT_FALSE(Script(*target_, "DELETE FROM audit_journal")) << "the guard is back";
}

TEST_F(CopyDataTest, RefusesATargetWhoseSchemaDiffers) {
  ASSERT_TRUE(Script(*target_, "ALTER TABLE partners ADD COLUMN colour TEXT"));
  auto refused = CopyData(*source_, *target_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "schema_mismatch");
  EXPECT_NE(refused.error().message.find("partners"), std::string::npos) << refused.error().message;
  EXPECT_EQ(Count(*target_, "sites"), 0);
}

// A target that changes a row as it is written: the read-back finds it and
// the whole copy is rolled back.
TEST(CopyDataCheck, ATableThatReadsBackDifferentlyRollsTheWholeCopyBack) {
  testing::TempDir dir;
  auto source = Sqlite(dir, "source.sqlite");
  auto target = Sqlite(dir, "target.sqlite");
  ASSERT_TRUE(Migrate(*source));
  ASSERT_TRUE(Migrate(*target));
  ASSERT_TRUE(Script(*source, kDeskRows));
  ASSERT_TRUE(Script(*target,
                     "CREATE TRIGGER spoil AFTER INSERT ON visit_themes BEGIN "
                     "UPDATE visit_themes SET theme = theme || '!' WHERE theme = 'santé'; END"));
  auto copied = CopyData(*source, *target);
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, "copy_mismatch");
  EXPECT_NE(copied.error().message.find("visit_themes"), std::string::npos)
      << copied.error().message;
  EXPECT_EQ(copied.error().message.find("partners"), std::string::npos) << copied.error().message;
  EXPECT_EQ(Count(*target, "sites"), 0);
  EXPECT_EQ(Count(*target, "visit_themes"), 0);
}

// PostgreSQL only: a copied identity column's sequence continues after the
// largest value copied (relais's own schema has no such column).
TEST(CopyDataCheck, AnIdentityColumnsSequenceContinuesAfterTheCopiedRows) {
  if (!TestingOnPostgres()) GTEST_SKIP() << "RELAIS_TEST_POSTGRES n'est pas défini";
  testing::TempDir dir;
  auto source = Sqlite(dir, "source.sqlite");
  auto target = TestDb(dir);
  ASSERT_TRUE(Script(*source,
                     "CREATE TABLE tickets (id INTEGER PRIMARY KEY, label TEXT NOT NULL);"
                     "INSERT INTO tickets VALUES (1, 'a'), (7, 'b'), (41, 'c')"));
  ASSERT_TRUE(Script(*target,
                     "CREATE TABLE tickets (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY "
                     "KEY, label TEXT NOT NULL)"));
  auto copied = CopyData(*source, *target);
  ASSERT_TRUE(copied) << copied.error().message;
  std::int64_t next = 0;
  ASSERT_TRUE(target->Write([&](Connection& c) -> Status {
    auto rows = c.Query("INSERT INTO tickets (label) VALUES ('d') RETURNING id", {});
    if (!rows) return tl::unexpected(rows.error());
    next = (*rows)[0].Int(0);
    return {};
  }));
  EXPECT_EQ(next, 42);
}

}  // namespace
}  // namespace relais::storage
