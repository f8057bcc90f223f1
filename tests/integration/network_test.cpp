// A network of two desks in one database: the demo's "antony" and a second
// site, "massy", served by a second relais process whose visits are logged
// through its own API. The network's consolidated report sums the two
// sites' own reports; an agent of one site only is refused it; a funder
// sees aggregates only. Also `relais network` and `relais report --network`.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "storage/sql_store.h"
#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "reseau-mot-de-passe-long";

const char* const kBreakdowns[] = {"by_month",   "by_day",        "by_weekday", "by_weekday_hour",
                                   "by_commune", "by_department", "by_partner", "by_theme",
                                   "by_outcome", "by_channel"};

std::map<std::string, std::int64_t> Visits(const json& counts) {
  std::map<std::string, std::int64_t> map;
  for (const json& count : counts) {
    const std::int64_t visits = count.at("visits");
    if (visits != 0) map[count.at("key")] += visits;
  }
  return map;
}

void CollectKeys(const json& value, std::set<std::string>& keys) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      keys.insert(key);
      CollectKeys(member, keys);
    }
  } else if (value.is_array()) {
    for (const json& member : value) CollectKeys(member, keys);
  }
}

void AddUser(const std::string& db, const std::string& login, const std::string& role,
             const std::vector<std::string>& sites) {
  std::vector<std::string> args = {"user", "add", "--db", db, "--login", login, "--role", role};
  for (const std::string& site : sites) {
    args.push_back("--site");
    args.push_back(site);
  }
  auto added = RunRelais(args, std::string(kPassword) + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.out;
}

// One desk database for the suite: its tests only read, once it is set up.
class NetworkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = dir_->File("reseau.sqlite");
    {
      RelaisProcess demo({"demo", "--db", db_});
      ASSERT_TRUE(demo.running()) << demo.Output();
      ASSERT_EQ(demo.Stop(), 0);
    }
    {
      auto db = OpenDeskDatabase(db_);
      ASSERT_TRUE(db);
      storage::SqlStore store(**db);
      ASSERT_TRUE(store.SaveSite({"massy", "France Services de Massy",
                                  "1 avenue de France, 91300 Massy", "Europe/Paris", "24/7"},
                                 std::chrono::system_clock::now()));
      ASSERT_TRUE(store.SavePartner("massy", {"caf", "Caisse d'allocations familiales"}));
    }
    AddUser(db_, "reseau-coordination", "coordinator", {"antony", "massy"});
    AddUser(db_, "reseau-financeur", "funder", {"antony", "massy"});
    AddUser(db_, "massy-coordination", "coordinator", {"massy"});
    AddUser(db_, "antony-coordination", "coordinator", {"antony"});
    AddUser(db_, "massy-accueil", "mediator", {"massy"});
    auto network = RunRelais({"network", "add", "--db", db_, "--id", "sud-francilien", "--name",
                              "Réseau Sud francilien", "--site", "antony", "--site", "massy"});
    ASSERT_EQ(network.exit_code, 0) << network.out;

    for (const char* site : {"antony", "massy"}) {
      const std::string config = dir_->File(std::string(site) + ".toml");
      std::ofstream(config) << "[site]\nid = \"" << site << "\"\n";
      configs_[site] = config;
    }
    antony_ = new RelaisProcess({"--config", configs_["antony"], "serve", "--db", db_});
    ASSERT_TRUE(antony_->running()) << antony_->Output();
    massy_ = new RelaisProcess({"--config", configs_["massy"], "serve", "--db", db_});
    ASSERT_TRUE(massy_->running()) << massy_->Output();

    // A few visits at Massy, logged through the Massy process.
    const StaffSession mediator = Session(*massy_, "massy-accueil");
    ASSERT_TRUE(mediator.ok);
    const std::vector<json> visits = {{{"commune_insee", "91377"},
                                       {"qpv", true},
                                       {"partner", "caf"},
                                       {"themes", json::array({"famille", "logement"})},
                                       {"outcome", "resolved"},
                                       {"channel", "walk_in"},
                                       {"first_visit", true}},
                                      {{"commune_insee", "91377"},
                                       {"qpv", false},
                                       {"partner", nullptr},
                                       {"themes", json::array({"numerique"})},
                                       {"outcome", "referred"},
                                       {"channel", "phone"},
                                       {"first_visit", false}},
                                      {{"commune_insee", "92002"},
                                       {"qpv", nullptr},
                                       {"partner", "caf"},
                                       {"themes", json::array()},
                                       {"outcome", "pending"},
                                       {"channel", "walk_in"},
                                       {"first_visit", nullptr}},
                                      {{"commune_insee", nullptr},
                                       {"qpv", false},
                                       {"partner", nullptr},
                                       {"themes", json::array({"famille"})},
                                       {"outcome", "resolved"},
                                       {"channel", "email"},
                                       {"first_visit", true}}};
    for (const json& visit : visits) {
      auto created = Http({"POST",
                           massy_->Url("/api/v1/visits"),
                           visit.dump(),
                           {"Content-Type: application/json", mediator.cookie}});
      ASSERT_EQ(created.status, 201) << visit.dump() << " → " << created.body;
    }
  }

  static void TearDownTestSuite() {
    delete antony_;
    delete massy_;
    delete dir_;
    antony_ = massy_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(antony_, nullptr);
    ASSERT_TRUE(antony_->running() && massy_->running());
  }

  // The session of `login`, signed in once for the suite at `server` (a
  // TOTP code serves once); both processes share the sessions' table.
  static StaffSession Session(const RelaisProcess& server, const std::string& login) {
    static std::map<std::string, StaffSession> sessions;
    auto it = sessions.find(login);
    if (it == sessions.end()) {
      StaffSession session = SignIn(server, login, kPassword);
      EXPECT_TRUE(session.ok) << login;
      it = sessions.emplace(login, session).first;
    }
    return it->second;
  }

  static HttpResponse Get(const RelaisProcess& server, const std::string& path,
                          const StaffSession& session) {
    return Http({"GET", server.Url(path), "", {session.cookie}});
  }

  // The current year at the desks (the visits above are of today).
  static std::string Year(const StaffSession& session) {
    auto report = Get(*antony_, "/api/v1/reports/activity", session);
    EXPECT_EQ(report.status, 200) << report.body;
    return json::parse(report.body).value("from", "0000").substr(0, 4);
  }

  static inline TempDir* dir_ = nullptr;
  static inline std::string db_;
  static inline std::map<std::string, std::string> configs_;
  static inline RelaisProcess* antony_ = nullptr;
  static inline RelaisProcess* massy_ = nullptr;
};

TEST_F(NetworkTest, TheNetworksReportIsTheSumOfItsSitesReports) {
  const StaffSession at_antony = Session(*antony_, "reseau-coordination");
  const StaffSession at_massy = Session(*massy_, "reseau-coordination");
  const std::string year = Year(at_antony);
  const std::string query = "/api/v1/reports/activity?year=" + year;

  auto antony = Get(*antony_, query, at_antony);
  auto massy = Get(*massy_, query, at_massy);
  auto network =
      Get(*antony_, "/api/v1/networks/sud-francilien/reports/activity?year=" + year, at_antony);
  ASSERT_EQ(antony.status, 200) << antony.body;
  ASSERT_EQ(massy.status, 200) << massy.body;
  ASSERT_EQ(network.status, 200) << network.body;
  // The same report from the other desk's process.
  auto from_massy =
      Get(*massy_, "/api/v1/networks/sud-francilien/reports/activity?year=" + year, at_massy);
  ASSERT_EQ(from_massy.status, 200) << from_massy.body;
  EXPECT_EQ(from_massy.body, network.body);

  const json a = json::parse(antony.body);
  const json m = json::parse(massy.body);
  const json n = json::parse(network.body);
  EXPECT_EQ(m.at("visits"), 4);
  EXPECT_GT(a.at("visits").get<std::int64_t>(), 0) << "the demo's history";
  EXPECT_EQ(n.at("network"), (json{{"id", "sud-francilien"}, {"name", "Réseau Sud francilien"}}));
  for (const json* period : {&n, &n.at("previous")}) {
    const json& site_a = period == &n ? a : a.at("previous");
    const json& site_m = period == &n ? m : m.at("previous");
    for (const char* figure : {"visits", "people", "qpv_known"}) {
      EXPECT_EQ(period->at(figure).get<std::int64_t>(),
                site_a.at(figure).get<std::int64_t>() + site_m.at(figure).get<std::int64_t>())
          << figure;
    }
    for (const char* breakdown : kBreakdowns) {
      auto summed = Visits(site_a.at(breakdown));
      for (const auto& [key, visits] : Visits(site_m.at(breakdown))) summed[key] += visits;
      EXPECT_EQ(Visits(period->at(breakdown)), summed) << breakdown;
    }
    // The breakdown per site: each site's own figures, in the network's order.
    const json& sites = period->at("sites");
    ASSERT_EQ(sites.size(), 2u);
    EXPECT_EQ(sites[0].at("id"), "antony");
    EXPECT_EQ(sites[1].at("id"), "massy");
    EXPECT_EQ(sites[1].at("name"), "France Services de Massy");
    EXPECT_EQ(sites[0].at("visits"), site_a.at("visits"));
    EXPECT_EQ(sites[0].at("people"), site_a.at("people"));
    EXPECT_EQ(sites[1].at("visits"), site_m.at("visits"));
    EXPECT_EQ(sites[1].at("people"), site_m.at("people"));
  }
}

TEST_F(NetworkTest, AnAgentOfOneSiteOnlyIsRefused) {
  const std::string path = "/api/v1/networks/sud-francilien/reports/activity";
  // Massy's coordinator, at Massy: not an agent of Antony.
  const StaffSession massy = Session(*massy_, "massy-coordination");
  auto refused = Get(*massy_, path, massy);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(json::parse(refused.body)["error"].value("code", ""), "forbidden");
  EXPECT_EQ(Get(*massy_, "/api/v1/reports/activity", massy).status, 200) << "its site's own";
  // Antony's coordinator, at Antony: not an agent of Massy.
  const StaffSession antony = Session(*antony_, "antony-coordination");
  refused = Get(*antony_, path, antony);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(json::parse(refused.body)["error"].value("code", ""), "forbidden");
  // A mediator of both would still be refused for the role.
  const StaffSession mediator = Session(*massy_, "massy-accueil");
  EXPECT_EQ(Get(*massy_, path, mediator).status, 403);
  // An unknown network is not found, for one allowed to see networks.
  const StaffSession both = Session(*antony_, "reseau-coordination");
  auto unknown = Get(*antony_, "/api/v1/networks/inconnu/reports/activity", both);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  auto bad_year = Get(*antony_, path + "?year=20x4", both);
  EXPECT_EQ(bad_year.status, 400) << bad_year.body;
}

TEST_F(NetworkTest, TheFunderSeesAggregatesOnly) {
  const StaffSession funder = Session(*antony_, "reseau-financeur");
  auto report = Get(*antony_, "/api/v1/networks/sud-francilien/reports/activity", funder);
  ASSERT_EQ(report.status, 200) << report.body;
  std::set<std::string> keys;
  CollectKeys(json::parse(report.body), keys);
  const std::set<std::string> allowed = {"network",
                                         "sites",
                                         "id",
                                         "name",
                                         "from",
                                         "to",
                                         "visits",
                                         "people",
                                         "qpv_share",
                                         "qpv_known",
                                         "resolved_share",
                                         "by_month",
                                         "by_day",
                                         "by_weekday",
                                         "by_weekday_hour",
                                         "by_commune",
                                         "by_department",
                                         "by_partner",
                                         "by_theme",
                                         "by_outcome",
                                         "by_channel",
                                         "previous",
                                         "key",
                                         "label",
                                         "share"};
  for (const std::string& key : keys) EXPECT_TRUE(allowed.count(key)) << key << " in the report";
  EXPECT_EQ(report.body.find("massy-accueil"), std::string::npos) << "no agent";
}

TEST_F(NetworkTest, TheCoordinatorsPageListsTheSitesWithTheirFigures) {
  const StaffSession both = Session(*antony_, "reseau-coordination");
  const std::string link = "<a href=\"/reseaux\">";
  EXPECT_NE(Get(*antony_, "/agent", both).body.find(link), std::string::npos) << "home links it";
  auto list = Get(*antony_, "/reseaux", both);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("href=\"/reseaux/sud-francilien\""), std::string::npos) << list.body;

  const std::string year = Year(both);
  auto page = Get(*antony_, "/reseaux/sud-francilien?annee=" + year, both);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<html lang=\"fr\""), std::string::npos);
  EXPECT_NE(page.body.find("Réseau Sud francilien"), std::string::npos);
  EXPECT_NE(page.body.find("France Services de Massy"), std::string::npos);
  EXPECT_NE(page.body.find("<caption id=\"t-lieux-titre\">"), std::string::npos);
  // Massy's four visits, in its line of the table of sites.
  const std::size_t massy = page.body.find("<th scope=\"row\">France Services de Massy</th>");
  ASSERT_NE(massy, std::string::npos);
  EXPECT_EQ(page.body.find("<td data-value=\"4\">4</td>", massy), page.body.find("<td", massy));

  auto bad_year = Get(*antony_, "/reseaux/sud-francilien?annee=20x4", both);
  EXPECT_EQ(bad_year.status, 400);
  EXPECT_NE(bad_year.body.find("aria-invalid=\"true\""), std::string::npos);

  const StaffSession antony_only = Session(*antony_, "antony-coordination");
  EXPECT_EQ(Get(*antony_, "/reseaux/sud-francilien", antony_only).status, 403);
  EXPECT_EQ(Get(*antony_, "/agent", antony_only).body.find(link), std::string::npos)
      << "no network of theirs: no link";
  auto none = Get(*antony_, "/reseaux", antony_only);
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(none.body.find("/reseaux/sud-francilien"), std::string::npos);
  EXPECT_EQ(Get(*antony_, "/reseaux/inconnu", both).status, 404);
}

TEST_F(NetworkTest, TheCommandLinePrintsTheNetworksReport) {
  const StaffSession both = Session(*antony_, "reseau-coordination");
  const std::string year = Year(both);
  auto api = Get(*antony_, "/api/v1/networks/sud-francilien/reports/activity?year=" + year, both);
  ASSERT_EQ(api.status, 200);
  const std::string file = dir_->File("reseau.json");
  auto printed = RunRelais({"--config", configs_["antony"], "report", "--db", db_, "--network",
                            "sud-francilien", "--year", year, "--output", file});
  ASSERT_EQ(printed.exit_code, 0) << printed.out;
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(json::parse(text, nullptr, false), json::parse(api.body));
  auto unknown = RunRelais({"report", "--db", db_, "--network", "inconnu"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.out.find("réseau"), std::string::npos) << unknown.out;
  auto csv = RunRelais(
      {"report", "--db", db_, "--network", "sud-francilien", "--year", year, "--format", "csv"});
  EXPECT_EQ(csv.exit_code, 0) << csv.out;
  EXPECT_NE(csv.out.find("Passages par lieu du réseau"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("France Services de Massy;massy;4;"), std::string::npos) << csv.out;
}

TEST_F(NetworkTest, TheNetworksReportDownloadsAsCsvAndXlsx) {
  const StaffSession both = Session(*antony_, "reseau-coordination");
  const std::string year = Year(both);
  const std::string base = "/api/v1/networks/sud-francilien/reports/activity";
  auto api = Get(*antony_, base + "?year=" + year, both);
  ASSERT_EQ(api.status, 200);
  const json report = json::parse(api.body);

  auto csv = Get(*antony_, base + ".csv?year=" + year, both);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.Header("content-disposition"),
            "attachment; filename=\"rapport-reseau-sud-francilien-" + year + ".csv\"");
  EXPECT_NE(csv.body.find("Rapport d'activité;Réseau Sud francilien\r\n"), std::string::npos);
  EXPECT_NE(csv.body.find("Passages;" + report["visits"].dump() + ";"), std::string::npos)
      << "the network's visits";
  // The breakdown by site, each with its own visits of the network's JSON.
  const std::size_t by_site = csv.body.find("Passages par lieu du réseau");
  ASSERT_NE(by_site, std::string::npos) << csv.body;
  for (const json& site : report["sites"]) {
    const std::string line = site["name"].get<std::string>() + ";" + site["id"].get<std::string>() +
                             ";" + site["visits"].dump() + ";";
    EXPECT_NE(csv.body.find(line, by_site), std::string::npos) << line;
  }

  auto xlsx = Get(*antony_, base + ".xlsx?year=" + year, both);
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.Header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u) << "a zip file";
  EXPECT_NE(xlsx.body.find("xl/worksheets/sheet"), std::string::npos);

  // The page links both files.
  auto page = Get(*antony_, "/reseaux/sud-francilien?annee=" + year, both);
  EXPECT_NE(page.body.find("href=\"" + base + ".xlsx?year=" + year + "\""), std::string::npos);

  // The funder exports the aggregates too; an agent of one site only, a
  // mediator and an unknown network are refused.
  EXPECT_EQ(Get(*antony_, base + ".csv?year=" + year, Session(*antony_, "reseau-financeur")).status,
            200);
  EXPECT_EQ(Get(*antony_, base + ".csv", Session(*antony_, "antony-coordination")).status, 403);
  EXPECT_EQ(Get(*antony_, base + ".xlsx", Session(*antony_, "antony-coordination")).status, 403);
  EXPECT_EQ(Get(*massy_, base + ".csv", Session(*massy_, "massy-accueil")).status, 403);
  EXPECT_EQ(Get(*antony_, "/api/v1/networks/inconnu/reports/activity.csv", both).status, 404);
  EXPECT_EQ(Get(*antony_, base + ".csv?year=20x4", both).status, 400);
}

}  // namespace
}  // namespace relais::testing
