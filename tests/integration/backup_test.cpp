// relais backup and relais restore as an installer runs them: a backup of
// the demo desk taken while it serves writes comes back, checked, into a
// new file that a server then serves; a damaged, truncated or foreign
// backup and a target that is not empty are refused, the target left as it
// was; an older backup is brought to the current schema.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "storage/migrations.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

// "schéma 11": the current schema, as the commands print it.
std::string CurrentSchema() {
  return "schéma " + std::to_string(storage::LatestSchemaVersion());
}

std::unique_ptr<storage::Database> OpenDb(const std::string& path) {
  auto db = OpenDeskDatabase(path);
  EXPECT_TRUE(db) << db.error().message;
  return std::move(*db);
}

// Every table of the database at `path` and its number of rows.
std::map<std::string, std::int64_t> RowCounts(const std::string& path) {
  std::map<std::string, std::int64_t> counts;
  auto db = OpenDb(path);
  EXPECT_TRUE(db->Read([&](storage::Connection& c) -> Status {
    auto tables = c.Query("SELECT name FROM sqlite_master WHERE type = 'table'", {});
    if (!tables) return tl::unexpected(tables.error());
    for (const storage::Row& table : *tables) {
      auto rows = c.Query("SELECT COUNT(*) FROM \"" + table.Text(0) + "\"", {});
      if (!rows) return tl::unexpected(rows.error());
      counts[table.Text(0)] = (*rows)[0].Int(0);
    }
    return {};
  }));
  return counts;
}

// relais backup and restore copy an SQLite file; on PostgreSQL they refuse
// (Cli.BackupCopiesALiveDatabase checks that) and pg_dump does the work.
constexpr char kSqliteOnly[] =
    "relais backup et restore copient un fichier SQLite ; sur PostgreSQL, pg_dump";

// The ids of every visit in the database at `path`.
std::set<std::string> VisitIds(const std::string& path) {
  std::set<std::string> ids;
  auto db = OpenDb(path);
  EXPECT_TRUE(db->Read([&](storage::Connection& c) -> Status {
    auto rows = c.Query("SELECT visit_id FROM visits", {});
    if (!rows) return tl::unexpected(rows.error());
    for (const storage::Row& row : *rows) ids.insert(row.Text(0));
    return {};
  }));
  return ids;
}

std::string Bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string MediatorCookie(const RelaisProcess& server) {
  auto session = Http({"POST",
                       server.Url("/api/v1/session"),
                       json{{"login", "mediator"}, {"password", "demo"}}.dump(),
                       {"Content-Type: application/json"}});
  EXPECT_EQ(session.status, 200) << session.body;
  return "Cookie: " + CookieFrom(session, "relais_session");
}

// A small relais database (the schema, no demo) and a checked backup of it.
class RestoreRefusals : public ::testing::Test {
 protected:
  void SetUp() override {
    if (OnPostgres()) GTEST_SKIP() << kSqliteOnly;
    ASSERT_EQ(RunRelais({"migrate", "--db", base_}).exit_code, 0);
    auto backup = RunRelais({"backup", good_, "--db", base_});
    ASSERT_EQ(backup.exit_code, 0) << backup.out;
    EXPECT_NE(backup.out.find("intégrité vérifiée"), std::string::npos) << backup.out;
  }

  // `relais restore` of `from` into target_ (with --force when asked),
  // which must refuse with `message` and leave target_ as it was.
  void ExpectRefused(const std::string& from, const std::string& message, bool force) {
    const bool existed = std::filesystem::exists(target_);
    const std::string before = existed ? Bytes(target_) : "";
    std::vector<std::string> args = {"restore", "--from", from, "--db", target_};
    if (force) args.push_back("--force");
    auto result = RunRelais(args);
    EXPECT_EQ(result.exit_code, 2) << result.out;
    EXPECT_NE(result.out.find(message), std::string::npos) << result.out;
    EXPECT_EQ(std::filesystem::exists(target_), existed);
    if (existed) {
      EXPECT_TRUE(Bytes(target_) == before) << "the target changed";
    }
    EXPECT_FALSE(std::filesystem::exists(target_ + ".restauration"));
  }

  TempDir dir_;
  const std::string base_ = dir_.File("base.sqlite");
  const std::string good_ = dir_.File("good.sqlite");
  const std::string target_ = dir_.File("target.sqlite");
};

TEST(Backup, ABackupTakenUnderWritesRestoresIntoADatabaseThatServesTheSameData) {
  if (OnPostgres()) GTEST_SKIP() << kSqliteOnly;
  TempDir dir;
  const std::string live = dir.File("demo.sqlite");
  const std::string copy = dir.File("copy.sqlite");
  const std::string restored = dir.File("restored.sqlite");
  std::vector<std::string> before_backup;  // visits answered 201 before the backup began
  std::vector<std::string> all;            // every visit answered 201
  {
    RelaisProcess server({"demo", "--db", live});
    ASSERT_TRUE(server.running()) << server.Output();
    const std::string cookie = MediatorCookie(server);
    std::mutex mutex;
    std::atomic<bool> stop{false};
    std::atomic<int> answered{0};
    std::string refused;  // GUARDED_BY(mutex)
    std::vector<std::thread> clients;
    for (int i = 0; i < 2; ++i) {
      clients.emplace_back([&] {
        while (!stop) {
          auto response = Http({"POST",
                                server.Url("/api/v1/visits"),
                                json{{"outcome", "resolved"}}.dump(),
                                {"Content-Type: application/json", cookie}});
          std::lock_guard lock(mutex);
          if (response.status != 201) {
            refused = std::to_string(response.status) + " " + response.body;
            stop = true;
            return;
          }
          all.push_back(json::parse(response.body)["id"]);
          ++answered;
        }
      });
    }
    const auto answers = [&](int n) {
      while (answered < n && !stop) std::this_thread::yield();
    };
    answers(20);
    {
      std::lock_guard lock(mutex);
      before_backup = all;
    }
    auto backup = RunRelais({"backup", copy, "--db", live});
    answers(answered + 20);  // writes went on after the backup
    stop = true;
    for (auto& client : clients) client.join();
    ASSERT_EQ(refused, "");
    ASSERT_EQ(backup.exit_code, 0) << backup.out;
    EXPECT_NE(backup.out.find("Sauvegarde écrite dans " + copy), std::string::npos) << backup.out;
    EXPECT_NE(backup.out.find(CurrentSchema()), std::string::npos) << backup.out;
    EXPECT_NE(backup.out.find("intégrité vérifiée (PRAGMA integrity_check : ok)"),
              std::string::npos)
        << backup.out;
  }
  EXPECT_FALSE(std::filesystem::exists(copy + "-wal")) << "a backup is one self-contained file";

  auto restore = RunRelais({"restore", "--from", copy, "--db", restored});
  ASSERT_EQ(restore.exit_code, 0) << restore.out;
  EXPECT_NE(restore.out.find("restaurée"), std::string::npos) << restore.out;
  EXPECT_NE(restore.out.find(CurrentSchema()), std::string::npos) << restore.out;
  EXPECT_NE(restore.out.find("intégrité vérifiée"), std::string::npos) << restore.out;
  EXPECT_FALSE(std::filesystem::exists(copy + "-wal")) << "the backup is only read";
  EXPECT_EQ(RowCounts(restored), RowCounts(copy));

  RelaisProcess server({"demo", "--db", restored});
  ASSERT_TRUE(server.running()) << server.Output();
  const std::string cookie = MediatorCookie(server);
  auto today = Http({"GET", server.Url("/api/v1/visits"), "", {cookie}});
  ASSERT_EQ(today.status, 200) << today.body;
  std::set<std::string> served;
  for (const auto& visit : json::parse(today.body)) served.insert(visit["id"].get<std::string>());
  for (const std::string& id : before_backup) {
    EXPECT_EQ(served.count(id), 1u) << "visit " << id << " answered before the backup is lost";
  }
  const std::set<std::string> in_copy = VisitIds(copy);
  std::size_t in_backup = 0;
  for (const std::string& id : all) {
    in_backup += in_copy.count(id);
    EXPECT_EQ(served.count(id), in_copy.count(id)) << "visit " << id;
  }
  EXPECT_LT(in_backup, all.size()) << "the writes after the backup's snapshot are not in it";
}

TEST_F(RestoreRefusals, ADamagedBackupIsRefusedAndTheTargetUntouched) {
  std::string bytes = Bytes(good_);
  ASSERT_GT(bytes.size(), 8 * 4096u);
  // Every page but the first (the header and the schema) up to the middle.
  std::string damaged = bytes;
  for (std::size_t i = 4096; i < bytes.size() / 2; ++i) {
    damaged[i] = static_cast<char>(0xA5 ^ (i % 251));
  }
  WriteBytes(dir_.File("damaged.sqlite"), damaged);
  ExpectRefused(dir_.File("damaged.sqlite"), "est endommagée", false);

  WriteBytes(dir_.File("truncated.sqlite"), bytes.substr(0, bytes.size() / 2));
  ExpectRefused(dir_.File("truncated.sqlite"), "est endommagée", false);

  // Also over an existing database, with --force: the backup is refused first.
  ASSERT_EQ(RunRelais({"migrate", "--db", target_}).exit_code, 0);
  ExpectRefused(dir_.File("damaged.sqlite"), "est endommagée", true);
  ExpectRefused(dir_.File("truncated.sqlite"), "est endommagée", true);
}

TEST_F(RestoreRefusals, AForeignOrMissingFileIsRefused) {
  WriteBytes(dir_.File("notes.txt"), std::string(8192, 'x'));
  ExpectRefused(dir_.File("notes.txt"), "n'est pas une base de données SQLite", false);
  {
    auto other = OpenDb(dir_.File("other.sqlite"));
    ASSERT_TRUE(other->Write([](storage::Connection& c) {
      return c.ExecuteScript(
          "CREATE TABLE schema_migrations (version TEXT PRIMARY KEY);"
          "INSERT INTO schema_migrations VALUES ('20240101000000');");
    }));
  }
  ExpectRefused(dir_.File("other.sqlite"), "n'est pas une sauvegarde d'une base relais", false);
  ExpectRefused(dir_.File("absent.sqlite"), "n'existe pas", false);
  EXPECT_FALSE(std::filesystem::exists(dir_.File("absent.sqlite")));
}

TEST_F(RestoreRefusals, ANonEmptyTargetIsReplacedOnlyWithForce) {
  ASSERT_EQ(RunRelais({"migrate", "--db", target_}).exit_code, 0);
  {
    auto db = OpenDb(target_);
    ASSERT_TRUE(db->Write([](storage::Connection& c) {
      return c.ExecuteScript(
          "INSERT INTO sites (site_id, name, address, timezone, opening_hours, created_at) "
          "VALUES ('vitry', 'Relais de Vitry', '', 'Europe/Paris', '24/7', 0)");
    }));
  }
  ExpectRefused(good_, "--force", false);
  EXPECT_EQ(RowCounts(target_).at("sites"), 1);

  auto forced = RunRelais({"restore", "--from", good_, "--db", target_, "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.out;
  EXPECT_EQ(RowCounts(target_), RowCounts(good_));
  EXPECT_EQ(RowCounts(target_).at("sites"), 0);

  // An empty file is no database to protect.
  WriteBytes(dir_.File("empty.sqlite"), "");
  auto into_empty = RunRelais({"restore", "--from", good_, "--db", dir_.File("empty.sqlite")});
  EXPECT_EQ(into_empty.exit_code, 0) << into_empty.out;
  auto onto_itself = RunRelais({"restore", "--from", good_, "--db", good_, "--force"});
  EXPECT_EQ(onto_itself.exit_code, 2) << onto_itself.out;
}

TEST_F(RestoreRefusals, AnOlderBackupIsBroughtToTheCurrentSchema) {
  const std::string old = dir_.File("old.sqlite");
  {
    auto db = OpenDb(old);
    ASSERT_TRUE(storage::Migrate(*db, 1));
  }
  auto restored = RunRelais({"restore", "--from", old, "--db", target_});
  ASSERT_EQ(restored.exit_code, 0) << restored.out;
  EXPECT_NE(restored.out.find(CurrentSchema() + " (mise à jour depuis le schéma 1)"),
            std::string::npos)
      << restored.out;
  auto db = OpenDb(target_);
  EXPECT_EQ(*storage::SchemaVersion(*db), storage::LatestSchemaVersion());
}

}  // namespace
}  // namespace relais::testing
