// The audit journal over HTTP and the command line: reading and changing a
// person file and exporting a report leave rows naming who and what (ids,
// never names); `relais audit verify` holds on an untouched journal and
// names the first row changed behind the program's back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "storage/sql_audit_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

struct Row {
  std::string agent_id;
  std::string event;
  std::string subject;
};

std::vector<Row> Journal(const std::string& path, std::string* everything = nullptr) {
  std::vector<Row> rows;
  auto db = OpenDeskDatabase(path);
  EXPECT_TRUE(db);
  if (!db) return rows;
  EXPECT_TRUE((*db)->Read([&](storage::Connection& c) -> Status {
    auto found = c.Query(
        "SELECT agent_id, event, subject, site_id, prev_hash, hash FROM audit_journal ORDER BY seq",
        {});
    if (!found) return tl::unexpected(found.error());
    for (const storage::Row& row : *found) {
      rows.push_back({row.Text(0), row.Text(1), row.Text(2)});
      if (everything) {
        for (std::size_t i = 0; i < row.size(); ++i) *everything += row.Text(i) + "|";
      }
    }
    return {};
  }));
  return rows;
}

bool Has(const std::vector<Row>& rows, const std::string& agent_id, const std::string& event,
         const std::string& subject) {
  for (const Row& row : rows) {
    if (row.agent_id == agent_id && row.event == event && row.subject == subject) return true;
  }
  return false;
}

std::string AgentId(const RelaisProcess& server, const StaffSession& session) {
  auto me = Http({"GET", server.Url("/api/v1/session"), "", {session.cookie}});
  return json::parse(me.body).value("id", "");
}

TEST(Audit, ReadsChangesAndExportsAreJournaledAndVerifyFindsTampering) {
  TempDir dir;
  const std::string db = dir.File("desk.sqlite");
  RelaisProcess server({"demo", "--db", db});
  ASSERT_TRUE(server.running()) << server.Output();
  auto mediator = SignIn(server, "mediator", "demo");
  auto coordinator = SignIn(server, "coordinator", "demo");
  ASSERT_TRUE(mediator.ok && coordinator.ok);
  const std::string mediator_id = AgentId(server, mediator);
  const std::string coordinator_id = AgentId(server, coordinator);
  const std::vector<std::string> as_mediator = {"Content-Type: application/json", mediator.cookie};

  auto created =
      Http({"POST", server.Url("/api/v1/people"),
            json{{"consent", true}, {"first_name", "Ysolde"}, {"last_name", "Quintanilla"}}.dump(),
            as_mediator});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string person = json::parse(created.body).value("id", "");
  EXPECT_EQ(Http({"GET", server.Url("/api/v1/people/" + person), "", as_mediator}).status, 200);
  EXPECT_EQ(Http({"POST", server.Url("/api/v1/people/" + person + "/notes"),
                  json{{"text", "Dossier CAF à compléter"}}.dump(), as_mediator})
                .status,
            201);
  EXPECT_EQ(Http({"GET", server.Url("/personnes/" + person), "", {mediator.cookie}}).status, 200);
  EXPECT_EQ(Http({"GET", server.Url("/api/v1/people?q=quint"), "", as_mediator}).status, 200);
  EXPECT_EQ(
      Http({"GET", server.Url("/api/v1/people/" + person + "/export"), "", as_mediator}).status,
      200);
  // A refused read leaves nothing: the funder never reaches the file.
  auto funder = SignIn(server, "funder", "demo");
  EXPECT_EQ(Http({"GET", server.Url("/api/v1/people/" + person), "", {funder.cookie}}).status, 403);
  auto wrong = Http({"POST",
                     server.Url("/api/v1/session"),
                     json{{"login", "mediator"}, {"password", "pas-le-bon-mot-de-passe"}}.dump(),
                     {"Content-Type: application/json"}});
  EXPECT_EQ(wrong.status, 401);
  auto csv =
      Http({"GET", server.Url("/api/v1/reports/activity.csv?year=2025"), "", {coordinator.cookie}});
  EXPECT_EQ(csv.status, 200);
  ASSERT_EQ(server.Stop(), 0);
  auto purged = RunRelais({"purge", "--db", db});
  ASSERT_EQ(purged.exit_code, 0) << purged.out;

  std::string everything;
  auto rows = Journal(db, &everything);
  EXPECT_TRUE(Has(rows, mediator_id, "login", ""));
  EXPECT_TRUE(Has(rows, coordinator_id, "login", ""));
  EXPECT_TRUE(
      Has(rows, mediator_id, "login.refused", json::parse(wrong.body)["error"].value("code", "")));
  EXPECT_EQ(everything.find("pas-le-bon"), std::string::npos) << "never what was typed";
  EXPECT_TRUE(Has(rows, mediator_id, "person.create", person));
  EXPECT_TRUE(Has(rows, mediator_id, "person.read", person));
  EXPECT_TRUE(Has(rows, mediator_id, "person.change", person));
  EXPECT_TRUE(Has(rows, mediator_id, "person.search", ""));
  EXPECT_TRUE(Has(rows, mediator_id, "person.export", person));
  EXPECT_TRUE(Has(rows, coordinator_id, "report.export", "activity 2025-01-01..2025-12-31"));
  ASSERT_FALSE(rows.empty());
  const std::size_t total = rows.size();
  EXPECT_EQ(rows.back().event, "purge") << "the purge, by the command line, comes last";
  EXPECT_EQ(rows.back().agent_id, "");
  EXPECT_EQ(rows.back().subject.rfind("people=", 0), 0u) << rows.back().subject;
  rows.pop_back();
  int reads = 0;
  for (const Row& row : rows) reads += row.event == "person.read" && row.subject == person;
  EXPECT_EQ(reads, 2) << "the API and the page each read the file once";
  for (const Row& row : rows) {
    if (row.event == "purge") continue;  // the daily purge at the server's start
    EXPECT_FALSE(row.agent_id.empty()) << row.event;
  }
  EXPECT_EQ(everything.find("Ysolde"), std::string::npos) << "no name in the journal";
  EXPECT_EQ(everything.find("Quintanilla"), std::string::npos);
  EXPECT_EQ(everything.find("quint"), std::string::npos) << "not even what was searched";

  auto verified = RunRelais({"audit", "verify", "--db", db});
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  EXPECT_NE(verified.out.find("intègre : " + std::to_string(total) + " entrées"), std::string::npos)
      << verified.out;

  {
    auto file = OpenDeskDatabase(db);
    ASSERT_TRUE(file);
    const auto change = [](storage::Connection& c) -> Status {
      return storage::Check(
          c.Execute("UPDATE audit_journal SET agent_id = ? WHERE seq = 3", {"quelqu-un-d-autre"}));
    };
    EXPECT_FALSE((*file)->Write(change)) << "the database refuses it";
    // Someone with the file in hand drops the guard first.
    ASSERT_TRUE((*file)->Write([&](storage::Connection& c) -> Status {
      if (auto lifted = storage::LiftAuditGuard(c, (*file)->Dialect()); !lifted) return lifted;
      return change(c);
    }));
  }
  auto tampered = RunRelais({"audit", "verify", "--db", db});
  EXPECT_EQ(tampered.exit_code, 1) << tampered.out;
  EXPECT_NE(tampered.out.find("l'entrée n° 3"), std::string::npos) << tampered.out;
}

}  // namespace
}  // namespace relais::testing
