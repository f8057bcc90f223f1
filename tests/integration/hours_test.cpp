// Opening hours over HTTP: the API window, the "open now" pages and the
// admin's page with its error in place, preview and exceptions.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

class HoursTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<RelaisProcess>(std::vector<std::string>{"demo", "--db", dir_.File("demo.sqlite")});
    ASSERT_TRUE(server_->running()) << server_->Output();
  }
  HttpResponse Get(const std::string& path, std::vector<std::string> headers = {}) {
    return Http({"GET", server_->Url(path), "", std::move(headers)});
  }
  TempDir dir_;
  std::unique_ptr<RelaisProcess> server_;
};

TEST_F(HoursTest, TheApiGivesTheSeedsIntervalsAndHolidays) {
  // Good Friday 2025-04-18 is open (not a holiday outside Alsace-Moselle),
  // Easter Monday 2025-04-21 is closed, Tuesday 2025-04-22 opens the morning.
  auto response = Get("/api/v1/opening-hours?from=2025-04-18&to=2025-04-22");
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = json::parse(response.body);
  ASSERT_EQ(body["intervals"].size(), 2u);
  EXPECT_EQ(body["intervals"][0]["start"], "2025-04-18T09:30:00+02:00");
  EXPECT_EQ(body["intervals"][0]["end"], "2025-04-18T13:00:00+02:00");
  EXPECT_EQ(body["intervals"][1]["start"], "2025-04-22T09:30:00+02:00");
  ASSERT_EQ(body["closed_days"].size(), 1u);
  EXPECT_EQ(body["closed_days"][0], json({{"date", "2025-04-21"}, {"reason", "Lundi de Pâques"}}));
}

TEST_F(HoursTest, TheApiWindowIsInWinterTimeAfterTheAutumnChange) {
  auto body = json::parse(Get("/api/v1/opening-hours?from=2025-10-24&to=2025-10-27").body);
  ASSERT_EQ(body["intervals"].size(), 3u);  // Fri morning, Mon two ranges
  EXPECT_EQ(body["intervals"][0]["start"], "2025-10-24T09:30:00+02:00");
  EXPECT_EQ(body["intervals"][1]["start"], "2025-10-27T09:30:00+01:00");
}

TEST_F(HoursTest, BadWindowsAreRefused) {
  EXPECT_EQ(Get("/api/v1/opening-hours").status, 400);
  EXPECT_EQ(Get("/api/v1/opening-hours?from=2025-02-30&to=2025-03-01").status, 400);
  EXPECT_EQ(Get("/api/v1/opening-hours?from=2025-03-02&to=2025-03-01").status, 422);
  EXPECT_EQ(Get("/api/v1/opening-hours?from=2025-01-01&to=2027-01-01").status, 422);
  EXPECT_EQ(Get("/api/v1/opening-hours?from=2025-01-01&to=2025-01-01%00").status, 400);
}

TEST_F(HoursTest, OnlyTheAdminReachesTheHoursPage) {
  EXPECT_EQ(Get("/admin/horaires").status, 303);
  auto mediator = SignIn(*server_, "mediator", "demo");
  ASSERT_TRUE(mediator.ok);
  EXPECT_EQ(Get("/admin/horaires", {mediator.cookie, "Accept: text/html"}).status, 403);
  EXPECT_EQ(PostForm(*server_, mediator, "/admin/horaires", "opening_hours=24/7&timezone=Europe/Paris&action=save").status, 403);
  EXPECT_EQ(json::parse(Get("/api/v1/site").body)["opening_hours"],
            "Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off");
  auto admin = SignIn(*server_, "admin", "demo");
  auto page = Get("/admin/horaires", {admin.cookie});
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Aperçu des quatorze prochains jours"), std::string::npos);
}

TEST_F(HoursTest, AnInvalidValueIsShownInPlaceAndNothingIsSaved) {
  auto admin = SignIn(*server_, "admin", "demo");
  ASSERT_TRUE(admin.ok);
  auto refused = PostForm(*server_, admin, "/admin/horaires", "opening_hours=Mo-Xx+09%3A00-12%3A00&timezone=Europe%2FParis&action=save");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"Mo-Xx 09:00-12:00\""), std::string::npos) << "the typed value is kept";
  EXPECT_NE(refused.body.find("caractère"), std::string::npos) << "the error names a position";
  EXPECT_EQ(json::parse(Get("/api/v1/site").body)["opening_hours"],
            "Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off");
  auto bad_zone = PostForm(*server_, admin, "/admin/horaires", "opening_hours=24%2F7&timezone=Mars%2FOlympus&action=save");
  EXPECT_EQ(bad_zone.status, 422);
}

TEST_F(HoursTest, PreviewDoesNotSaveAndSaveDoes) {
  auto admin = SignIn(*server_, "admin", "demo");
  const std::string value = "Mo-Fr+08%3A00-12%3A00%3B+PH+off";
  auto preview = PostForm(*server_, admin, "/admin/horaires", "opening_hours=" + value + "&timezone=Europe%2FParis&action=preview");
  EXPECT_EQ(preview.status, 200);
  EXPECT_NE(preview.body.find("8 h 00 – 12 h 00"), std::string::npos);
  EXPECT_NE(preview.body.find("(non enregistré)"), std::string::npos);
  EXPECT_NE(json::parse(Get("/api/v1/site").body)["opening_hours"], "Mo-Fr 08:00-12:00; PH off");

  auto saved = PostForm(*server_, admin, "/admin/horaires", "opening_hours=" + value + "&timezone=Europe%2FParis&action=save");
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(json::parse(Get("/api/v1/site").body)["opening_hours"], "Mo-Fr 08:00-12:00; PH off");
  auto window = json::parse(Get("/api/v1/opening-hours?from=2025-04-18&to=2025-04-18").body);
  EXPECT_EQ(window["intervals"][0]["start"], "2025-04-18T08:00:00+02:00");
}

TEST_F(HoursTest, ExceptionsCloseOrOpenADayWithTheirReason) {
  auto admin = SignIn(*server_, "admin", "demo");
  auto closed = PostForm(*server_, admin, "/admin/horaires/exceptions", "date=2025-04-22&hours=off&reason=Formation+de+l%27%C3%A9quipe");
  EXPECT_EQ(closed.status, 303);
  auto opened = PostForm(*server_, admin, "/admin/horaires/exceptions", "date=2025-04-19&hours=10%3A00-12%3A00&reason=Permanence");
  EXPECT_EQ(opened.status, 303);
  auto window = json::parse(Get("/api/v1/opening-hours?from=2025-04-19&to=2025-04-22").body);
  ASSERT_EQ(window["intervals"].size(), 1u);
  EXPECT_EQ(window["intervals"][0]["start"], "2025-04-19T10:00:00+02:00");
  ASSERT_EQ(window["closed_days"].size(), 2u);
  EXPECT_EQ(window["closed_days"][1], json({{"date", "2025-04-22"}, {"reason", "Formation de l'équipe"}}));

  auto bad = PostForm(*server_, admin, "/admin/horaires/exceptions", "date=2025-02-30&hours=off&reason=x");
  EXPECT_EQ(bad.status, 422);
  auto no_reason = PostForm(*server_, admin, "/admin/horaires/exceptions", "date=2025-02-03&hours=off&reason=");
  EXPECT_EQ(no_reason.status, 422);
  auto bad_hours = PostForm(*server_, admin, "/admin/horaires/exceptions", "date=2025-02-03&hours=25%3A00-26%3A00&reason=x");
  EXPECT_EQ(bad_hours.status, 422);

  EXPECT_EQ(PostForm(*server_, admin, "/admin/horaires/exceptions/supprimer", "date=2025-04-22").status, 303);
  EXPECT_EQ(json::parse(Get("/api/v1/opening-hours?from=2025-04-22&to=2025-04-22").body)["intervals"].size(), 1u);
  EXPECT_EQ(PostForm(*server_, admin, "/admin/horaires/exceptions/supprimer", "date=2025-04-22").status, 404);
}

TEST_F(HoursTest, HomePagesSayWhetherTheDeskIsOpen) {
  auto home = Get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_TRUE(home.body.find("<strong>Ouvert") != std::string::npos ||
              home.body.find("<strong>Fermé") != std::string::npos);
  EXPECT_NE(home.body.find("(aujourd'hui)"), std::string::npos);
}

}  // namespace
}  // namespace relais::testing
