// Privacy over the real binary: the retention purge run by `relais purge`
// on a live server's database (no trace of the names left in the file's
// bytes, the report unchanged, the file gone), the export of a person's
// data and who may have it, and the public privacy page.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "storage/test_database.h"
#include "tests/support/dates.h"
#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

const std::string kJson = "Content-Type: application/json";
// Distinctive strings: none of them can be in the database by chance.
const std::vector<std::string> kTraces = {"Quetzalcoatl",
                                          "quetzalcoatl",
                                          "Zéphyrine",
                                          "zephyrine.quetzalcoatl@exemple.org",
                                          "07 99 88 77 66",
                                          "0799887766",
                                          "Xochipilli",
                                          "xochipilli",
                                          "hyacinthe.xochipilli@exemple.org",
                                          "Tlaloc-Ixchel",
                                          "Ixchel",
                                          "Tonatiuh"};

// An instant `days` days from now, RFC 3339 in UTC.
std::string UtcInDays(int days) {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                             std::chrono::hours(24 * days));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// Every value of every row of every table of the database standing for
// `path`, as text: what any query could still read.
std::string EveryRow(const std::string& path) {
  auto db = OpenDeskDatabase(path);
  EXPECT_TRUE(db) << db.error().message;
  if (!db) return {};
  auto tables = storage::TableNames(**db);
  EXPECT_TRUE(tables) << tables.error().message;
  if (!tables) return {};
  std::string text;
  Status read = (*db)->Read([&](storage::Connection& c) -> Status {
    for (const std::string& table : *tables) {
      auto rows = c.Query("SELECT * FROM " + table, {});
      if (!rows) return tl::unexpected(rows.error());
      for (const storage::Row& row : *rows) {
        for (std::size_t i = 0; i < row.size(); ++i) text += row.Text(i) + '\n';
      }
    }
    return {};
  });
  EXPECT_TRUE(read) << read.error().message;
  return text;
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class PrivacyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<RelaisProcess>(std::vector<std::string>{"demo", "--db", db_});
    ASSERT_TRUE(server_->running()) << server_->Output();
    mediator_ = SignIn(*server_, "mediator", "demo");
    coordinator_ = SignIn(*server_, "coordinator", "demo");
    ASSERT_TRUE(mediator_.ok && coordinator_.ok);
  }

  HttpResponse Call(const std::string& method, const std::string& path, const json& body,
                    const std::string& cookie) {
    std::vector<std::string> headers{kJson};
    if (!cookie.empty()) headers.push_back(cookie);
    auto response = Http({method, server_->Url(path), body.is_null() ? "" : body.dump(), headers});
    EXPECT_LT(response.status, 500) << method << " " << path << ": " << response.body;
    return response;
  }
  json Ok(const std::string& method, const std::string& path, const json& body,
          const std::string& cookie, long status = 200) {
    auto response = Call(method, path, body, cookie);
    EXPECT_EQ(response.status, status) << method << " " << path << ": " << response.body;
    auto parsed = json::parse(response.body, nullptr, false);
    return parsed.is_discarded() ? json::object() : parsed;
  }

  // A file with a note, a procedure and a referral, all naming the person.
  std::string CreateFile() {
    const std::string id = Ok("POST", "/api/v1/people",
                              {{"consent", true},
                               {"first_name", "Zéphyrine"},
                               {"last_name", "Quetzalcoatl"},
                               {"birth_year", 1961},
                               {"phone", "07 99 88 77 66"},
                               {"email", "zephyrine.quetzalcoatl@exemple.org"},
                               {"commune_insee", "92002"}},
                              mediator_.cookie, 201)
                               .value("id", "");
    Ok("POST", "/api/v1/people/" + id + "/notes",
       {{"text", "Mme Quetzalcoatl attend la réponse de la CAF"}, {"private", false}},
       mediator_.cookie, 201);
    Ok("POST", "/api/v1/people/" + id + "/procedures",
       {{"kind", "aide-logement"}, {"partner", "caf"}, {"documents", {"RIB Tonatiuh"}}},
       mediator_.cookie, 201);
    Ok("POST", "/api/v1/referrals",
       {{"person_id", id}, {"partner", "caf"}, {"reason", "APL pour Zéphyrine Quetzalcoatl"}},
       mediator_.cookie, 201);
    return id;
  }

  TempDir dir_;
  const std::string db_ = dir_.File("demo.sqlite");
  std::unique_ptr<RelaisProcess> server_;
  StaffSession mediator_;
  StaffSession coordinator_;
};

// The count printed for `label` by `relais purge`, or -1.
long Printed(const std::string& out, const std::string& label) {
  const auto at = out.find(label + " : ");
  if (at == std::string::npos) return -1;
  return std::stol(out.substr(at + label.size() + 3));
}

TEST_F(PrivacyTest, PurgeLeavesNoTraceAndTheReportUnchanged) {
  const std::string later = UtcInDays(25 * 31);  // past every retention
  auto baseline = RunRelais({"purge", "--db", db_, "--dry-run", "--now", later});
  ASSERT_EQ(baseline.exit_code, 0) << baseline.out;
  EXPECT_NE(baseline.out.find("Simulation"), std::string::npos) << baseline.out;

  const std::string person = CreateFile();
  // An appointment booked online, a workshop registration, visits.
  const json types = Ok("GET", "/api/v1/appointment-types", nullptr, "");
  ASSERT_FALSE(types.empty());
  const std::string type = types[0]["id"];
  const json slots =
      Ok("GET",
         "/api/v1/slots?type=" + type + "&from=" + DateFromToday(1) + "&to=" + DateFromToday(20),
         nullptr, "");
  ASSERT_FALSE(slots["slots"].empty());
  Ok("POST", "/api/v1/appointments",
     {{"type", type},
      {"start", slots["slots"][0]["start"]},
      {"consent", true},
      {"person",
       {{"first_name", "Hyacinthe"},
        {"last_name", "Xochipilli"},
        {"phone", "07 99 88 77 66"},
        {"email", "hyacinthe.xochipilli@exemple.org"},
        {"commune_insee", "92002"}}}},
     "", 201);
  std::string session;
  for (const json& workshop : Ok("GET", "/api/v1/workshops", nullptr, "")) {
    for (const json& s : workshop["sessions"]) {
      if (session.empty() && s["start"].get<std::string>() > DateFromToday(1)) session = s["id"];
    }
  }
  ASSERT_FALSE(session.empty());
  Ok("POST", "/api/v1/workshop-sessions/" + session + "/registrations",
     {{"consent", true},
      {"person",
       {{"first_name", "Ixchel"},
        {"last_name", "Tlaloc-Ixchel"},
        {"email", "zephyrine.quetzalcoatl@exemple.org"},
        {"commune_insee", "92002"}}}},
     "", 201);
  for (int i = 0; i < 3; ++i) {
    Ok("POST", "/api/v1/visits",
       {{"at", UtcInDays(0)},
        {"commune_insee", "92002"},
        {"qpv", true},
        {"partner", "caf"},
        {"themes", {"logement"}},
        {"outcome", "resolved"},
        {"duration_minutes", 15},
        {"channel", "walk_in"},
        {"first_visit", i == 0}},
       mediator_.cookie, 201);
  }
  const std::string year = DateFromToday(0).substr(0, 4);
  const json report_before =
      Ok("GET", "/api/v1/reports/activity?year=" + year, nullptr, coordinator_.cookie);
  ASSERT_TRUE(report_before.contains("visits"));

  auto purged = RunRelais({"purge", "--db", db_, "--now", later});
  ASSERT_EQ(purged.exit_code, 0) << purged.out;
  EXPECT_EQ(Printed(purged.out, "dossiers de personnes supprimés"),
            Printed(baseline.out, "dossiers de personnes supprimés") + 1)
      << purged.out;
  EXPECT_EQ(Printed(purged.out, "rendez-vous anonymisés"),
            Printed(baseline.out, "rendez-vous anonymisés") + 1);
  EXPECT_EQ(Printed(purged.out, "inscriptions aux ateliers anonymisées"),
            Printed(baseline.out, "inscriptions aux ateliers anonymisées") + 1);
  EXPECT_GE(Printed(purged.out, "messages envoyés supprimés"),
            Printed(baseline.out, "messages envoyés supprimés"));

  // The server still runs: no trace in any row, nor (SQLite) in the bytes
  // of the file and its companions. PostgreSQL keeps an erased row's bytes
  // until VACUUM, and in its WAL (decision 011, docs/operations.md).
  const std::string rows = EveryRow(db_);
  for (const std::string& trace : kTraces) {
    EXPECT_EQ(rows.find(trace), std::string::npos) << trace << " in a row";
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (OnPostgres()) break;
    const std::string bytes = FileBytes(db_ + suffix);
    for (const std::string& trace : kTraces) {
      EXPECT_EQ(bytes.find(trace), std::string::npos) << trace << " in the file" << suffix;
    }
  }
  EXPECT_EQ(Call("GET", "/api/v1/people/" + person, nullptr, mediator_.cookie).status, 404);
  EXPECT_EQ(Ok("GET", "/api/v1/reports/activity?year=" + year, nullptr, coordinator_.cookie),
            report_before);
  auto again = RunRelais({"purge", "--db", db_, "--now", later});
  EXPECT_EQ(Printed(again.out, "dossiers de personnes supprimés"), 0) << again.out;
}

TEST_F(PrivacyTest, ErasureOnRequestLeavesNoTrace) {
  const std::string person = CreateFile();
  ASSERT_NE(EveryRow(db_).find("Quetzalcoatl"), std::string::npos) << "the check can see a name";
  Ok("DELETE", "/api/v1/people/" + person, nullptr, mediator_.cookie);
  const std::string rows = EveryRow(db_);
  for (const char* trace : {"Quetzalcoatl", "quetzalcoatl", "Tonatiuh"}) {
    EXPECT_EQ(rows.find(trace), std::string::npos) << trace << " in a row";
  }
  for (const char* suffix : {"", "-wal"}) {
    if (OnPostgres()) break;  // see PurgeLeavesNoTraceAndTheReportUnchanged
    const std::string bytes = FileBytes(db_ + suffix);
    for (const char* trace : {"Quetzalcoatl", "quetzalcoatl", "Tonatiuh"}) {
      EXPECT_EQ(bytes.find(trace), std::string::npos) << trace << " in the file" << suffix;
    }
  }
}

TEST_F(PrivacyTest, ExportHoldsTheWholeFileForThoseWhoMaySeeIt) {
  const std::string person = CreateFile();
  const std::string path = "/api/v1/people/" + person + "/export";
  auto response = Call("GET", path, nullptr, mediator_.cookie);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_NE(response.Header("content-disposition").find("attachment"), std::string::npos);
  const json exported = json::parse(response.body);
  EXPECT_FALSE(exported.value("exported_at", "").empty());
  EXPECT_TRUE(exported["site"].contains("name"));
  const json& file = exported["person"];
  for (const char* field : {"id", "first_name", "last_name", "birth_year", "phone", "email",
                            "commune_insee", "household_size", "consent_at", "consent_version",
                            "created_at", "updated_at", "notes", "procedures", "referrals"}) {
    EXPECT_TRUE(file.contains(field)) << field;
  }
  EXPECT_EQ(file["last_name"], "Quetzalcoatl");
  EXPECT_EQ(file["birth_year"], 1961);
  ASSERT_EQ(file["notes"].size(), 1u);
  ASSERT_EQ(file["procedures"].size(), 1u);
  EXPECT_EQ(file["procedures"][0]["steps"].size(), 1u);
  EXPECT_EQ(file["procedures"][0]["documents"][0]["label"], "RIB Tonatiuh");
  EXPECT_EQ(file["referrals"][0]["reason"], "APL pour Zéphyrine Quetzalcoatl");
  EXPECT_EQ(Call("GET", path, nullptr, coordinator_.cookie).status, 200);

  for (const char* login : {"reception", "funder"}) {
    const auto session = SignIn(*server_, login, "demo");
    ASSERT_TRUE(session.ok);
    EXPECT_EQ(Call("GET", path, nullptr, session.cookie).status, 403) << login;
  }
  EXPECT_EQ(Call("GET", path, nullptr, "").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/people/inconnu/export", nullptr, mediator_.cookie).status, 404);

  // The file's page offers both rights.
  auto page = Http({"GET", server_->Url("/personnes/" + person), "", {mediator_.cookie}});
  EXPECT_NE(page.body.find("/api/v1/people/" + person + "/export"), std::string::npos);
  EXPECT_NE(page.body.find("/personnes/" + person + "/effacement"), std::string::npos);
  EXPECT_EQ(PostForm(*server_, mediator_, "/personnes/" + person + "/effacement", "").status, 422)
      << "not without the confirmation";
  EXPECT_EQ(Call("GET", path, nullptr, mediator_.cookie).status, 200);
  EXPECT_EQ(
      PostForm(*server_, mediator_, "/personnes/" + person + "/effacement", "confirm=1").status,
      303);
  EXPECT_EQ(Call("GET", path, nullptr, mediator_.cookie).status, 404);
}

TEST(PrivacyPage, AnswersEveryoneWithTheConfiguredDurations) {
  TempDir dir;
  setenv("RELAIS_RETENTION_APPOINTMENT_MONTHS", "5", 1);
  RelaisProcess server({"demo", "--db", dir.File("demo.sqlite")});
  unsetenv("RELAIS_RETENTION_APPOINTMENT_MONTHS");
  ASSERT_TRUE(server.running()) << server.Output();
  auto page = Http({"GET", server.Url("/confidentialite"), "", {}});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("5 mois après le rendez-vous"), std::string::npos);
  EXPECT_NE(page.body.find("2 ans après votre dernier contact"), std::string::npos);
  EXPECT_NE(page.body.find("Droit à l'effacement"), std::string::npos);
  EXPECT_NE(page.body.find("Antony"), std::string::npos) << "whom to ask";
  auto home = Http({"GET", server.Url("/"), "", {}});
  EXPECT_NE(home.body.find("href=\"/confidentialite\""), std::string::npos);
}

}  // namespace
}  // namespace relais::testing
