// relais migrate-data as a desk moving to PostgreSQL runs it: the demo
// desk (with a few visits of its own) copied from its SQLite file into a
// PostgreSQL database, every table with the same rows; a second copy
// refused without --force and changing nothing, accepted with it; a source
// of another schema refused; and the same activity report served from
// both databases. Each test creates its own database on the throwaway
// cluster of RELAIS_TEST_POSTGRES (scripts/postgres-test-cluster), and is
// skipped without one.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "storage/catalogue.h"
#include "storage/migrations.h"
#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

std::string ClusterUrl() {
  const char* url = std::getenv("RELAIS_TEST_POSTGRES");
  return url != nullptr ? url : "";
}

// Runs one statement outside any transaction (CREATE and DROP DATABASE
// refuse one), on the cluster's own database.
bool Admin(const std::string& sql) {
  PGconn* conn = PQconnectdb(ClusterUrl().c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (ok) {
    PGresult* result = PQexec(conn, sql.c_str());
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok) ADD_FAILURE() << sql << " : " << PQresultErrorMessage(result);
    PQclear(result);
  } else {
    ADD_FAILURE() << PQerrorMessage(conn);
  }
  PQfinish(conn);
  return ok;
}

// A PostgreSQL database of one test, dropped with the object. Its url()
// carries a password that the trust authentication of the test cluster
// ignores, so that a test can check it is never printed.
class TestPostgresDatabase {
 public:
  TestPostgresDatabase() {
    if (ClusterUrl().empty()) return;  // the test skips itself
    std::random_device random;
    name_ = "relais_migrate_" + std::to_string(random()) + "_" + std::to_string(random());
    created_ = Admin("CREATE DATABASE " + name_);
  }
  ~TestPostgresDatabase() {
    if (created_) Admin("DROP DATABASE " + name_ + " WITH (FORCE)");
  }
  TestPostgresDatabase(const TestPostgresDatabase&) = delete;
  TestPostgresDatabase& operator=(const TestPostgresDatabase&) = delete;

  bool created() const { return created_; }
  static constexpr char kPassword[] = "mot-de-passe-secret";
  // postgresql://postgres:PASSWORD@host:port/NAME
  std::string url() const {
    std::string url = ClusterUrl();
    const auto query = url.find('?');
    const auto slash = url.rfind('/', query);
    url = url.substr(0, slash + 1) + name_ + (query == std::string::npos ? "" : url.substr(query));
    const auto at = url.find('@');
    const auto scheme = url.find("://") + 3;
    if (at != std::string::npos && url.find(':', scheme) > at) {
      url.insert(at, std::string(":") + kPassword);
    }
    return url;
  }

 private:
  std::string name_;
  bool created_ = false;
};

std::unique_ptr<storage::Database> Open(const std::string& db) {
  auto opened = storage::IsPostgresUrl(db) ? storage::OpenPostgres(db) : storage::OpenSqlite(db);
  EXPECT_TRUE(opened) << opened.error().message;
  return opened ? std::move(*opened) : nullptr;
}

// Every table of `db` (schema_migrations included) and its number of rows.
std::map<std::string, std::int64_t> RowCounts(const std::string& db) {
  std::map<std::string, std::int64_t> counts;
  auto database = Open(db);
  if (database == nullptr) return counts;
  auto tables = storage::TableNames(*database);
  EXPECT_TRUE(tables) << tables.error().message;
  EXPECT_TRUE(database->Read([&](storage::Connection& c) -> Status {
    for (const std::string& table : *tables) {
      if (table.rfind("sqlite_", 0) == 0) continue;
      auto rows = c.Query("SELECT COUNT(*) FROM " + storage::QuoteIdentifier(table), {});
      if (!rows) return tl::unexpected(rows.error());
      counts[table] = (*rows)[0].Int(0);
    }
    return {};
  }));
  return counts;
}

std::int64_t VisitsOfCommune(const std::string& db, const std::string& insee) {
  std::int64_t n = -1;
  auto database = Open(db);
  EXPECT_TRUE(database->Read([&](storage::Connection& c) -> Status {
    auto rows = c.Query("SELECT COUNT(*) FROM visits WHERE commune_insee = ?", {insee});
    if (!rows) return tl::unexpected(rows.error());
    n = (*rows)[0].Int(0);
    return {};
  }));
  return n;
}

// GET /api/v1/reports/activity?year=2024 as the demo's funder, from
// `relais serve` on `db` serving the demo's site.
std::string ActivityReport2024(const std::string& db) {
  setenv("RELAIS_SITE", "antony", 1);
  const KeepSqliteFiles as_named;  // the SQLite source, or the target's URL
  RelaisProcess server({"serve", "--db", db});
  unsetenv("RELAIS_SITE");
  EXPECT_TRUE(server.running()) << server.Output();
  if (!server.running()) return "";
  const StaffSession funder = SignIn(server, "funder", "demo");
  EXPECT_TRUE(funder.ok) << server.Output();
  auto report =
      Http({"GET", server.Url("/api/v1/reports/activity?year=2024"), "", {funder.cookie}});
  EXPECT_EQ(report.status, 200) << report.body;
  return report.body;
}

class MigrateData : public ::testing::Test {
 protected:
  // The demo desk, built once, with three visits of its own from commune
  // 92019 (Châtenay-Malabry) logged over the API.
  static void SetUpTestSuite() {
    if (ClusterUrl().empty()) return;
    dir_ = new TempDir();
    demo_ = dir_->File("demo.sqlite");
    const KeepSqliteFiles sqlite_source;  // what migrate-data copies from
    RelaisProcess server({"demo", "--db", demo_});
    ASSERT_TRUE(server.running()) << server.Output();
    const StaffSession mediator = SignIn(server, "mediator", "demo");
    ASSERT_TRUE(mediator.ok) << server.Output();
    for (int i = 0; i < 3; ++i) {
      auto visit = Http({"POST",
                         server.Url("/api/v1/visits"),
                         json{{"outcome", "referred"},
                              {"commune_insee", kCommune},
                              {"qpv", i == 0 ? json(nullptr) : json(i == 1)},
                              {"partner", "caf"},
                              {"themes", {"logement", "famille"}},
                              {"duration_minutes", 17 + i}}
                             .dump(),
                         {"Content-Type: application/json", mediator.cookie}});
      ASSERT_EQ(visit.status, 201) << visit.body;
    }
    ASSERT_EQ(server.Stop(), 0) << server.Output();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    if (ClusterUrl().empty()) {
      GTEST_SKIP() << "RELAIS_TEST_POSTGRES n'est pas défini : lancez ces tests sous "
                      "scripts/postgres-test-cluster run … pour les essayer sur PostgreSQL.";
    }
    ASSERT_TRUE(dir_ != nullptr && !demo_.empty());
    ASSERT_TRUE(target_.created());
    // Each test copies its own snapshot of the demo database.
    const KeepSqliteFiles sqlite_source;
    auto backup = RunRelais({"backup", source_, "--db", demo_});
    ASSERT_EQ(backup.exit_code, 0) << backup.out;
  }

  CommandResult MigrateTo(const std::string& url, bool force = false) {
    std::vector<std::string> args = {"migrate-data", "--from", source_, "--to", url};
    if (force) args.push_back("--force");
    return RunRelais(args);
  }

  static constexpr char kCommune[] = "92019";
  static inline TempDir* dir_ = nullptr;
  static inline std::string demo_;
  TempDir local_;
  const std::string source_ = local_.File("source.sqlite");
  TestPostgresDatabase target_;
};

TEST_F(MigrateData, CopiesEveryTableAndRefusesASecondCopyUnlessForced) {
  auto result = MigrateTo(target_.url());
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("Données copiées"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("  visits : "), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find(TestPostgresDatabase::kPassword), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(":***@"), std::string::npos) << result.out;

  auto source = RowCounts(source_);
  auto target = RowCounts(target_.url());
  ASSERT_GT(source["visits"], 10000) << "the demo's history";
  ASSERT_FALSE(source.empty());
  for (const auto& [table, rows] : source) {
    EXPECT_EQ(target.count(table), 1u) << table;
    if (table != "schema_migrations") {
      EXPECT_EQ(target[table], rows) << table;
    }
  }
  EXPECT_EQ(target.size(), source.size());
  EXPECT_EQ(target["schema_migrations"], storage::LatestSchemaVersion());
  EXPECT_EQ(VisitsOfCommune(target_.url(), kCommune), VisitsOfCommune(source_, kCommune));
  EXPECT_GE(VisitsOfCommune(target_.url(), kCommune), 3);

  // A second copy is refused, and changes nothing.
  auto again = MigrateTo(target_.url());
  EXPECT_EQ(again.exit_code, 2) << again.out;
  EXPECT_NE(again.out.find("contient déjà des données"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("--force"), std::string::npos) << again.out;
  EXPECT_EQ(again.out.find(TestPostgresDatabase::kPassword), std::string::npos) << again.out;
  EXPECT_EQ(RowCounts(target_.url()), target);

  // --force replaces what the target holds, here short of a few visits' themes.
  auto db = Open(target_.url());
  ASSERT_TRUE(db->Write([](storage::Connection& c) -> Status {
    return storage::Check(
        c.Execute("DELETE FROM visit_themes WHERE visit_id IN (SELECT visit_id FROM "
                  "visits WHERE commune_insee = ?)",
                  {std::string(kCommune)}));
  }));
  db.reset();
  auto forced = MigrateTo(target_.url(), /*force=*/true);
  ASSERT_EQ(forced.exit_code, 0) << forced.out;
  EXPECT_EQ(RowCounts(target_.url()), target);
}

TEST_F(MigrateData, RefusesASourceOfAnotherSchemaAndLeavesTheTargetEmpty) {
  {
    auto db = Open(source_);
    ASSERT_TRUE(db->Write([](storage::Connection& c) -> Status {
      return storage::Check(c.Execute(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)",
          {std::int64_t{storage::LatestSchemaVersion() + 1}, std::string("999_futur.sql")}));
    }));
  }
  auto newer = MigrateTo(target_.url());
  EXPECT_EQ(newer.exit_code, 2) << newer.out;
  EXPECT_NE(newer.out.find("plus récent"), std::string::npos) << newer.out;
  EXPECT_NE(newer.out.find("Aucune donnée n'a été copiée"), std::string::npos) << newer.out;

  {
    auto db = Open(source_);
    ASSERT_TRUE(db->Write([](storage::Connection& c) -> Status {
      return storage::Check(c.Execute("DELETE FROM schema_migrations WHERE version >= ?",
                                      {std::int64_t{storage::LatestSchemaVersion()}}));
    }));
  }
  auto older = MigrateTo(target_.url());
  EXPECT_EQ(older.exit_code, 2) << older.out;
  EXPECT_NE(older.out.find("plus ancien"), std::string::npos) << older.out;
  EXPECT_NE(older.out.find("relais migrate --db " + source_), std::string::npos) << older.out;

  auto missing =
      RunRelais({"migrate-data", "--from", local_.File("absente.sqlite"), "--to", target_.url()});
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
  EXPECT_FALSE(std::filesystem::exists(local_.File("absente.sqlite")));
  auto not_a_url = RunRelais({"migrate-data", "--from", source_, "--to", local_.File("b.sqlite")});
  EXPECT_EQ(not_a_url.exit_code, 2) << not_a_url.out;
  EXPECT_NE(not_a_url.out.find("postgresql://"), std::string::npos) << not_a_url.out;

  auto tables = storage::TableNames(*Open(target_.url()));
  ASSERT_TRUE(tables) << tables.error().message;
  EXPECT_TRUE(tables->empty()) << "the target was not even migrated";
}

TEST_F(MigrateData, TheMigratedDatabaseServesTheSameActivityReport) {
  auto result = MigrateTo(target_.url());
  ASSERT_EQ(result.exit_code, 0) << result.out;
  const std::string from_sqlite = ActivityReport2024(source_);
  const std::string from_postgres = ActivityReport2024(target_.url());
  ASSERT_FALSE(from_sqlite.empty());
  const json report = json::parse(from_sqlite);
  EXPECT_GT(report["visits"].get<std::int64_t>(), 10000) << from_sqlite.substr(0, 300);
  EXPECT_EQ(json::parse(from_postgres), report);
}

}  // namespace
}  // namespace relais::testing
