// The steering pages and the XLSX export over real HTTP, on the demo desk:
// who may see them (sign-in redirect or 401, 403 by role), bad years and
// periods refused with 400 or 422 (never a 500), the XLSX's content type,
// file name and zip signature, the staff home's links, and
// `relais report --format xlsx`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

class ReportPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new RelaisProcess({"demo", "--db", dir_->File("demo.sqlite")});
    ASSERT_TRUE(server_->running()) << server_->Output();
    for (const char* login : {"admin", "coordinator", "mediator", "reception", "funder"}) {
      StaffSession session = SignIn(*server_, login, "demo");
      ASSERT_TRUE(session.ok) << login;
      (*sessions_)[login] = session;
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
    sessions_->clear();
  }

  static HttpResponse Get(const std::string& path, const std::string& login = "") {
    std::vector<std::string> headers = {"Accept: text/html"};
    if (!login.empty()) headers.push_back(sessions_->at(login).cookie);
    auto response = Http({"GET", server_->Url(path), "", headers});
    EXPECT_LT(response.status, 500) << path << ": " << response.body;
    return response;
  }
  static HttpResponse GetApi(const std::string& path, const std::string& login = "") {
    std::vector<std::string> headers;
    if (!login.empty()) headers.push_back(sessions_->at(login).cookie);
    auto response = Http({"GET", server_->Url(path), "", headers});
    EXPECT_LT(response.status, 500) << path << ": " << response.body;
    return response;
  }

  static inline TempDir* dir_ = nullptr;
  static inline RelaisProcess* server_ = nullptr;
  static inline auto* sessions_ = new std::map<std::string, StaffSession>();
};

const char* const kPages[] = {
    "/rapport?annee=2024",
    "/tableau-de-bord",
    "/financement?annee=2024&budget=250000",
    "/financement/antony?annee=2024&budget=250000",
};

TEST_F(ReportPagesTest, SignedOutVisitorsAreSentToTheLoginPageAndTheApiSays401) {
  for (const char* page : kPages) {
    auto response = Get(page);
    EXPECT_EQ(response.status, 303) << page;
    EXPECT_EQ(response.Header("location"), "/connexion") << page;
  }
  EXPECT_EQ(GetApi("/api/v1/reports/activity.xlsx?year=2024").status, 401);
}

TEST_F(ReportPagesTest, MediatorsAndReceptionAreRefused) {
  for (const char* login : {"mediator", "reception"}) {
    for (const char* page : kPages) {
      auto response = Get(page, login);
      EXPECT_EQ(response.status, 403) << login << " " << page;
      EXPECT_NE(response.body.find("ne permet pas"), std::string::npos) << login << " " << page;
    }
    EXPECT_EQ(GetApi("/api/v1/reports/activity.xlsx?year=2024", login).status, 403) << login;
  }
}

TEST_F(ReportPagesTest, CoordinatorFunderAndAdminSeeEveryPage) {
  for (const char* login : {"coordinator", "funder", "admin"}) {
    for (const char* page : kPages) {
      auto response = Get(page, login);
      EXPECT_EQ(response.status, 200) << login << " " << page << ": " << response.body;
      EXPECT_EQ(response.Header("content-type"), "text/html; charset=utf-8");
      EXPECT_NE(response.body.find("<caption"), std::string::npos) << login << " " << page;
      EXPECT_NE(response.body.find("scope=\"col\""), std::string::npos) << login << " " << page;
      EXPECT_NE(response.body.find("/static/rapport.css"), std::string::npos) << page;
    }
  }
}

TEST_F(ReportPagesTest, TheReportPageShowsEveryBreakdownAndLinksToTheExports) {
  auto response = Get("/rapport?annee=2024", "coordinator");
  ASSERT_EQ(response.status, 200);
  for (const char* id :
       {"t-chiffres", "t-mois", "t-semaine", "t-heures", "t-communes", "t-departements", "t-qpv",
        "t-partenaires", "t-themes", "t-resultats", "t-canaux", "t-jours"}) {
    EXPECT_NE(response.body.find("id=\"" + std::string(id) + "\""), std::string::npos) << id;
  }
  EXPECT_NE(response.body.find("Rapport d'activité 2024"), std::string::npos);
  EXPECT_NE(response.body.find("href=\"/api/v1/reports/activity.xlsx?year=2024\""),
            std::string::npos);
  EXPECT_NE(response.body.find("href=\"/api/v1/reports/activity.csv?year=2024\""),
            std::string::npos);
  // A period given by its two days links to the same period's exports.
  auto period = Get("/rapport?du=2024-03-01&au=2024-05-31", "coordinator");
  ASSERT_EQ(period.status, 200) << period.body;
  EXPECT_NE(period.body.find("activity.xlsx?from=2024-03-01&amp;to=2024-05-31"), std::string::npos);
}

TEST_F(ReportPagesTest, BadYearsPeriodsAndBudgetsAreRefusedNeverWith500) {
  struct Case {
    const char* path;
    long status;
  };
  const Case cases[] = {
      {"/rapport?annee=abcd", 400},
      {"/rapport?annee=20245", 400},
      {"/rapport?annee=-2024", 400},
      {"/rapport?annee=1800", 422},
      {"/rapport?du=2024-01-01", 400},
      {"/rapport?du=2024-02-30&au=2024-03-01", 400},
      {"/rapport?du=2024-03-01&au=2024-01-01", 422},
      {"/rapport?du=2023-01-01&au=2024-12-31", 422},
      {"/rapport?annee=2024&du=2024-01-01&au=2024-02-01", 400},
      {"/financement?annee=abc&budget=1000", 400},
      {"/financement?annee=2024&budget=douze", 400},
      {"/financement?annee=2024&budget=-5", 422},
      {"/financement/antony?annee=2024", 400},
      {"/financement/inconnu?annee=2024&budget=250000", 404},
      {"/tableau-de-bord?periode=siecle", 400},
  };
  for (const Case& c : cases) {
    auto response = Get(c.path, "coordinator");
    EXPECT_EQ(response.status, c.status) << c.path << ": " << response.body;
  }
  EXPECT_EQ(GetApi("/api/v1/reports/activity.xlsx?year=20x4", "coordinator").status, 400);
  EXPECT_EQ(GetApi("/api/v1/reports/activity.xlsx?year=1800", "coordinator").status, 422);
  EXPECT_EQ(GetApi("/api/v1/reports/activity.xlsx?from=2024-01-01", "coordinator").status, 400);
  // The refused form says why, next to the field at fault.
  auto page = Get("/rapport?annee=abcd", "coordinator");
  EXPECT_NE(page.body.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(page.body.find("aria-invalid=\"true\""), std::string::npos);
}

TEST_F(ReportPagesTest, TheXlsxIsAZipWorkbookNamedAfterTheYear) {
  for (const char* login : {"coordinator", "funder"}) {
    auto response = GetApi("/api/v1/reports/activity.xlsx?year=2024", login);
    ASSERT_EQ(response.status, 200) << login << ": " << response.body;
    EXPECT_EQ(response.Header("content-type"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(response.Header("content-disposition"),
              "attachment; filename=\"rapport-activite-2024.xlsx\"");
    ASSERT_GT(response.body.size(), 4u);
    EXPECT_EQ(response.body.substr(0, 4), std::string("PK\x03\x04", 4));
    EXPECT_NE(response.body.find("xl/charts/chart1.xml"), std::string::npos);
  }
  auto period =
      GetApi("/api/v1/reports/activity.xlsx?from=2024-03-01&to=2024-03-31", "coordinator");
  ASSERT_EQ(period.status, 200);
  EXPECT_EQ(period.Header("content-disposition"),
            "attachment; filename=\"rapport-activite-2024-03-01-2024-03-31.xlsx\"");
}

TEST_F(ReportPagesTest, TheStaffHomeLinksThePagesTheRoleMaySee) {
  const auto home = [](const char* login) { return Get("/agent", login).body; };
  const std::string coordinator = home("coordinator");
  EXPECT_NE(coordinator.find("href=\"/tableau-de-bord\""), std::string::npos);
  EXPECT_NE(coordinator.find("href=\"/rapport\""), std::string::npos);
  EXPECT_NE(coordinator.find("href=\"/financement\""), std::string::npos);
  const std::string funder = home("funder");
  EXPECT_NE(funder.find("href=\"/tableau-de-bord\""), std::string::npos);
  EXPECT_NE(funder.find("href=\"/financement\""), std::string::npos);
  const std::string mediator = home("mediator");
  EXPECT_EQ(mediator.find("href=\"/tableau-de-bord\""), std::string::npos);
  EXPECT_EQ(mediator.find("href=\"/financement\""), std::string::npos);
}

TEST_F(ReportPagesTest, TheFundingPageAsksForTheBudgetFirst) {
  auto response = Get("/financement", "funder");
  ASSERT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("Indiquez le budget"), std::string::npos);
  EXPECT_EQ(response.body.find("t-membres"), std::string::npos);
  auto split = Get("/financement?annee=2024&budget=250000", "funder");
  ASSERT_EQ(split.status, 200) << split.body;
  EXPECT_NE(split.body.find("href=\"/financement/antony?annee=2024&amp;budget=250000.00\""),
            std::string::npos);
  auto statement = Get("/financement/essonne?annee=2024&budget=250000", "funder");
  ASSERT_EQ(statement.status, 200);
  EXPECT_NE(statement.body.find("Appel de contribution 2024"), std::string::npos);
  EXPECT_NE(statement.body.find("45\u202f000,00\u00a0€"), std::string::npos);
}

TEST_F(ReportPagesTest, TheCommandWritesTheXlsxToAFile) {
  const std::string file = dir_->File("rapport.xlsx");
  auto written = RunRelais({"report", "--db", dir_->File("demo.sqlite"), "--site", "antony",
                            "--year", "2024", "--format", "xlsx", "--output", file});
  ASSERT_EQ(written.exit_code, 0) << written.out;
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 4u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  // A binary file never goes to the terminal.
  auto refused = RunRelais({"report", "--db", dir_->File("demo.sqlite"), "--site", "antony",
                            "--year", "2024", "--format", "xlsx"});
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
}

}  // namespace
}  // namespace relais::testing
