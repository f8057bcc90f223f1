#include "web/report_xlsx.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "web/report_rows.h"

namespace relais::web {
namespace {

using date::days;
using date::sys_days;
using namespace date::literals;

Count C(std::string key, std::string label, std::int64_t visits, std::int64_t total) {
  return Count{std::move(key), std::move(label), visits,
               total == 0 ? 0.0 : static_cast<double>(visits) / static_cast<double>(total)};
}

ActivityReport Year(int year, std::int64_t scale) {
  ActivityReport r;
  r.from = sys_days{date::year{year} / 1 / 1};
  r.to = sys_days{date::year{year} / 12 / 31};
  r.visits = 120 * scale;
  r.people = 80 * scale;
  for (unsigned m = 1; m <= 12; ++m) {
    char key[8];
    std::snprintf(key, sizeof key, "%04d-%02u", year, m);
    r.by_month.push_back(C(key, "", 10 * scale, r.visits));
  }
  for (sys_days day = r.from; day <= r.to; day += days{1}) {
    r.by_day.push_back(C(date::format("%F", day), "", 0, r.visits));
  }
  r.by_day[10].visits = r.visits;
  for (int d = 1; d <= 7; ++d) {
    r.by_weekday.push_back(C(std::to_string(d), WeekdayName(d), d <= 5 ? 24 * scale : 0, r.visits));
  }
  r.by_weekday_hour = {C("1-09", "", 60 * scale, r.visits), C("3-14", "", 60 * scale, r.visits)};
  r.by_commune = {C("91377", "Massy", 70 * scale, r.visits),
                  C("92002", "Antony", 40 * scale, r.visits),
                  C("", "Commune inconnue", 10 * scale, r.visits)};
  r.by_department = {C("91", "Essonne", 70 * scale, r.visits),
                     C("92", "Hauts-de-Seine", 40 * scale, r.visits),
                     C("", "Inconnu", 10 * scale, r.visits)};
  r.by_partner = {C("caf", "CAF", 90 * scale, r.visits), C("", "Aucun", 30 * scale, r.visits)};
  r.by_theme = {C("housing", "Logement", 100 * scale, r.visits),
                C("tax", "Impôts", 50 * scale, r.visits)};
  r.by_outcome = {C("resolved", "Résolu sur place", 80 * scale, r.visits),
                  C("appointment", "Rendez-vous donné", 20 * scale, r.visits),
                  C("referred", "Orienté", 20 * scale, r.visits),
                  C("pending", "En attente", 0, r.visits)};
  r.by_channel = {C("walk_in", "Sans rendez-vous", 100 * scale, r.visits),
                  C("appointment", "Sur rendez-vous", 20 * scale, r.visits),
                  C("phone", "Téléphone", 0, r.visits), C("email", "Courriel", 0, r.visits)};
  r.qpv_share = 0.5;
  r.qpv_known = 100 * scale;
  r.resolved_share = 80.0 / 120.0;
  return r;
}

// The names of a zip's entries, from its central directory.
std::vector<std::string> ZipEntries(const std::string& zip) {
  std::vector<std::string> names;
  const auto u16 = [&](std::size_t at) {
    return static_cast<std::size_t>(static_cast<unsigned char>(zip[at]) |
                                    (static_cast<unsigned char>(zip[at + 1]) << 8));
  };
  for (std::size_t at = zip.find("PK\x01\x02"); at != std::string::npos && at + 46 <= zip.size();
       at = zip.find("PK\x01\x02", at + 4)) {
    const std::size_t length = u16(at + 28);
    names.push_back(zip.substr(at + 46, length));
  }
  return names;
}

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(ActivityXlsx, WritesNineSheetsAndTheirCharts) {
  auto bytes = ActivityXlsx({"PIMMS Médiation d'Antony", Year(2024, 2), Year(2023, 1)});
  ASSERT_TRUE(bytes) << bytes.error().message;
  ASSERT_GT(bytes->size(), 1000u);
  EXPECT_EQ(bytes->substr(0, 4), std::string("PK\x03\x04"));
  const auto entries = ZipEntries(*bytes);
  for (int sheet = 1; sheet <= 10; ++sheet) {
    EXPECT_TRUE(Has(entries, "xl/worksheets/sheet" + std::to_string(sheet) + ".xml")) << sheet;
  }
  EXPECT_FALSE(Has(entries, "xl/worksheets/sheet11.xml"));
  // Months, days, weekdays, communes, départements, partners, themes, outcomes, channels.
  for (int chart = 1; chart <= 9; ++chart) {
    EXPECT_TRUE(Has(entries, "xl/charts/chart" + std::to_string(chart) + ".xml")) << chart;
  }
  EXPECT_FALSE(Has(entries, "xl/charts/chart10.xml"));
}

TEST(ActivityXlsx, AnEmptyPeriodStillGivesEverySheet) {
  ActivityReport empty;
  empty.from = sys_days{2025_y / 3 / 1};
  empty.to = sys_days{2025_y / 3 / 31};
  empty.by_month = {C("2025-03", "mars 2025", 0, 0)};
  for (int d = 1; d <= 7; ++d) empty.by_weekday.push_back(C(std::to_string(d), "", 0, 0));
  ActivityReport before = empty;
  before.from = sys_days{2024_y / 3 / 1};
  before.to = sys_days{2024_y / 3 / 31};
  auto bytes = ActivityXlsx({"Lieu", empty, before});
  ASSERT_TRUE(bytes) << bytes.error().message;
  const auto entries = ZipEntries(*bytes);
  EXPECT_TRUE(Has(entries, "xl/worksheets/sheet10.xml"));
  EXPECT_TRUE(Has(entries, "xl/charts/chart1.xml"));   // the months, even at zero
  EXPECT_FALSE(Has(entries, "xl/charts/chart3.xml"));  // no commune, partner… to draw
}

TEST(ReportRows, MatchesLastYearByKeyAndKeepsKeysOnlySeenBefore) {
  const std::vector<Count> now = {C("91377", "Massy", 30, 40), C("92002", "Antony", 10, 40)};
  const std::vector<Count> before = {C("92002", "Antony", 20, 25), C("75056", "Paris", 5, 25)};
  const auto lines = CompareByKey(now, before);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].key, "91377");
  EXPECT_EQ(lines[0].previous_visits, 0);
  EXPECT_EQ(lines[1].previous_visits, 20);
  EXPECT_DOUBLE_EQ(lines[1].previous_share, 0.8);
  EXPECT_EQ(lines[2].key, "75056");
  EXPECT_EQ(lines[2].visits, 0);
  EXPECT_EQ(lines[2].previous_visits, 5);
}

TEST(ReportRows, MatchesDaysByDayOfTheYear) {
  const auto lines = CompareByDay({C("2024-02-29", "", 1, 3), C("2024-03-01", "", 2, 3)},
                                  {C("2023-02-28", "", 7, 9), C("2023-03-01", "", 2, 9)});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].previous_visits, 0);
  EXPECT_EQ(lines[1].previous_visits, 2);
}

TEST(ReportRows, MatchesMonthsByPosition) {
  const auto lines = CompareByPosition({C("2024-01", "", 5, 5)}, {C("2023-01", "", 4, 4)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].key, "2024-01");
  EXPECT_EQ(lines[0].previous_visits, 4);
}

TEST(ReportRows, WritesFiguresTheFrenchWay) {
  EXPECT_EQ(FrenchCount(8123), "8\u202f123");
  EXPECT_EQ(FrenchCount(1234567), "1\u202f234\u202f567");
  EXPECT_EQ(FrenchCount(12), "12");
  EXPECT_EQ(FrenchPercent(0.4567), "45,7\u00a0%");
  EXPECT_EQ(ChangeText(Change(110, 100)), "+10,0\u00a0%");
  EXPECT_EQ(ChangeText(Change(90, 100)), "−10,0\u00a0%");
  EXPECT_EQ(ChangeText(Change(5, 0)), "—");
  EXPECT_EQ(PeriodLabel(sys_days{2024_y / 1 / 1}, sys_days{2024_y / 12 / 31}), "2024");
  EXPECT_EQ(PeriodLabel(sys_days{2025_y / 3 / 1}, sys_days{2025_y / 3 / 31}),
            "du 1er mars 2025 au 31 mars 2025");
  EXPECT_EQ(WeekdayName(1), "lundi");
  EXPECT_EQ(WeekdayName(7), "dimanche");
}

}  // namespace
}  // namespace relais::web
