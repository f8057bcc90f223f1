// The relais commands as an installer runs them: exit codes, messages, and
// what they leave in the database.
#include <gtest/gtest.h>

#include <filesystem>

#include "storage/migrations.h"
#include "storage/sql_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

std::unique_ptr<storage::Database> OpenDb(const std::string& path) {
  auto db = OpenDeskDatabase(path);
  EXPECT_TRUE(db);
  return std::move(*db);
}

TEST(Cli, HelpOnEveryCommand) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--help"},
                                        {"serve", "--help"},
                                        {"demo", "--help"},
                                        {"migrate", "--help"},
                                        {"migrate-data", "--help"},
                                        {"user", "add", "--help"},
                                        {"user", "reset-password", "--help"},
                                        {"user", "reset-totp", "--help"},
                                        {"backup", "--help"},
                                        {"restore", "--help"},
                                        {"hours", "--help"}}) {
    auto result = RunRelais(args);
    EXPECT_EQ(result.exit_code, 0) << args[0] << "\n" << result.out;
    EXPECT_NE(result.out.find("Usage"), std::string::npos) << result.out;
  }
}

TEST(Cli, UnknownCommandsAndMissingOptionsFail) {
  EXPECT_NE(RunRelais({"fly"}).exit_code, 0);
  EXPECT_NE(RunRelais({}).exit_code, 0);
  EXPECT_NE(RunRelais({"user", "add", "--login", "x"}).exit_code, 0);
}

TEST(Cli, ServeCreatesAndMigratesANewDatabase) {
  TempDir dir;
  const std::string path = dir.File("new.sqlite");
  {
    RelaisProcess server({"serve", "--db", path});
    ASSERT_TRUE(server.running()) << server.Output();
    auto site = Http({"GET", server.Url("/api/v1/site"), "", {}});
    EXPECT_EQ(site.status, 200);
    EXPECT_EQ(server.Stop(), 0);
  }
  if (!OnPostgres()) {
    ASSERT_TRUE(std::filesystem::exists(path));
  }
  auto db = OpenDb(path);
  EXPECT_EQ(*storage::SchemaVersion(*db), storage::LatestSchemaVersion());
}

TEST(Cli, ADatabaseNewerThanTheBinaryIsRefused) {
  TempDir dir;
  const std::string path = dir.File("future.sqlite");
  ASSERT_EQ(RunRelais({"migrate", "--db", path}).exit_code, 0);
  {
    auto db = OpenDb(path);
    ASSERT_TRUE(db->Write([](storage::Connection& c) -> Status {
      return c.Execute("INSERT INTO schema_migrations VALUES (999, 'future.sql', 0)", {})
          .map([](auto) {});
    }));
  }
  for (std::vector<std::string> args :
       {std::vector<std::string>{"serve", "--db", path, "--listen",
                                 "127.0.0.1:" + std::to_string(FreePort())},
        {"migrate", "--db", path}}) {
    auto result = RunRelais(args);
    EXPECT_NE(result.exit_code, 0) << args[0];
    EXPECT_NE(result.out.find("plus récent"), std::string::npos) << result.out;
  }
}

TEST(Cli, UserAddReadsThePasswordOnStdin) {
  TempDir dir;
  const std::string path = dir.File("desk.sqlite");
  ASSERT_EQ(RunRelais({"migrate", "--db", path}).exit_code, 0);
  // The configured site must exist: serve creates it; here, the demo does.
  auto weak =
      RunRelais({"user", "add", "--login", "marie", "--role", "mediator", "--db", path}, "court\n");
  EXPECT_EQ(weak.exit_code, 2) << weak.out;

  auto demo_db = dir.File("demo.sqlite");
  {
    RelaisProcess demo({"demo", "--db", demo_db});
    ASSERT_TRUE(demo.running());
  }
  auto bad_role = RunRelais(
      {"user", "add", "--login", "marie", "--role", "boss", "--site", "antony", "--db", demo_db},
      "un mot de passe long\n");
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_NE(bad_role.out.find("Rôle inconnu"), std::string::npos);
  auto added = RunRelais({"user", "add", "--login", "marie", "--role", "mediator", "--site",
                          "antony", "--db", demo_db},
                         "un mot de passe long\n");
  ASSERT_EQ(added.exit_code, 0) << added.out;
  auto again = RunRelais({"user", "add", "--login", "marie", "--role", "mediator", "--site",
                          "antony", "--db", demo_db},
                         "un mot de passe long\n");
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.out.find("déjà utilisé"), std::string::npos);

  auto db = OpenDb(demo_db);
  storage::SqlStore store(*db);
  auto marie = store.FindAgentByLogin("marie");
  ASSERT_TRUE(marie && *marie);
  EXPECT_EQ((*marie)->agent.role, Role::kMediator);
  EXPECT_EQ((*marie)->agent.site_ids, std::vector<std::string>{"antony"});
  EXPECT_EQ((*marie)->password_hash.rfind("$argon2id$", 0), 0u);
}

TEST(Cli, UserResetsReplaceTheCredentialsAndEndTheSessions) {
  TempDir dir;
  const std::string path = dir.File("demo.sqlite");
  RelaisProcess server({"demo", "--db", path});
  ASSERT_TRUE(server.running()) << server.Output();
  // The staff home: 200 while the session lives, else 303 to the login page.
  const auto signed_in = [&](const StaffSession& session) {
    return Http({"GET", server.Url("/agent"), "", {session.cookie}}).status;
  };
  const auto login = [&](const std::string& who, const std::string& password) {
    return Http({"POST",
                 server.Url("/api/v1/session"),
                 "{\"login\":\"" + who + "\",\"password\":\"" + password + "\"}",
                 {"Content-Type: application/json"}});
  };

  // A lost phone: the coordinator's TOTP goes, and the password alone
  // opens only the enrolment of a new one.
  const StaffSession coordinator = SignIn(server, "coordinator", "demo");
  ASSERT_TRUE(coordinator.ok);
  ASSERT_EQ(signed_in(coordinator), 200);
  EXPECT_EQ(login("coordinator", "demo").status, 401) << "a code is needed before the reset";
  auto totp = RunRelais({"user", "reset-totp", "coordinator", "--db", path});
  ASSERT_EQ(totp.exit_code, 0) << totp.out;
  EXPECT_EQ(signed_in(coordinator), 303) << "the sessions are closed";
  auto again = login("coordinator", "demo");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_NE(again.body.find("\"enrollment_required\":true"), std::string::npos) << again.body;

  // A forgotten password: a weak one is refused and changes nothing.
  const StaffSession mediator = SignIn(server, "mediator", "demo");
  ASSERT_TRUE(mediator.ok);
  auto weak = RunRelais({"user", "reset-password", "mediator", "--db", path}, "court\n");
  EXPECT_EQ(weak.exit_code, 2) << weak.out;
  EXPECT_EQ(signed_in(mediator), 200);
  auto reset = RunRelais({"user", "reset-password", "mediator", "--db", path},
                         "un nouveau mot de passe solide\n");
  ASSERT_EQ(reset.exit_code, 0) << reset.out;
  EXPECT_EQ(signed_in(mediator), 303);
  EXPECT_EQ(login("mediator", "demo").status, 401);
  EXPECT_EQ(login("mediator", "un nouveau mot de passe solide").status, 200);
  auto unknown = RunRelais({"user", "reset-totp", "personne", "--db", path});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.out.find("personne"), std::string::npos) << unknown.out;
  server.Stop();
  auto verified = RunRelais({"audit", "verify", "--db", path});
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
}

TEST(Cli, BackupCopiesALiveDatabase) {
  TempDir dir;
  const std::string path = dir.File("demo.sqlite");
  RelaisProcess server({"demo", "--db", path});
  ASSERT_TRUE(server.running());
  const std::string copy = dir.File("copy.sqlite");
  auto result = RunRelais({"backup", copy, "--db", path});
  if (OnPostgres()) {
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.out.find("pg_dump"), std::string::npos) << result.out;
    EXPECT_FALSE(std::filesystem::exists(copy));
    return;
  }
  ASSERT_EQ(result.exit_code, 0) << result.out;
  auto db = OpenDb(copy);
  storage::SqlStore store(*db);
  auto site = store.FindSite("antony");
  ASSERT_TRUE(site && *site);
  EXPECT_EQ((*site)->name, "PIMMS Médiation d'Antony");
  EXPECT_NE(RunRelais({"backup", copy, "--db", path}).exit_code, 0) << "never overwrites";
  auto absent = RunRelais({"backup", dir.File("x.sqlite"), "--db", dir.File("absent.sqlite")});
  EXPECT_NE(absent.exit_code, 0);
  EXPECT_NE(absent.out.find("n'existe pas"), std::string::npos) << absent.out;
  EXPECT_FALSE(std::filesystem::exists(dir.File("absent.sqlite"))) << "a typo creates no database";
  EXPECT_FALSE(std::filesystem::exists(dir.File("x.sqlite")));
}

}  // namespace
}  // namespace relais::testing
