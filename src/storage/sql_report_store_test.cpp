// The visits' roll-ups over real SQLite: written in the visit's own
// transaction, they equal what a GROUP BY over the visits gives, by one
// insert or in bulk; read back per day and month; and the GIP's members.
#include "storage/sql_report_store.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>

#include "app/visits.h"
#include "storage/migrations.h"
#include "storage/sql_store.h"
#include "storage/sql_visit_store.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;
const app::Instant kNow{seconds(1'750'000'000)};

// (day, dimension, key) → visits
using RollupMap = std::map<std::tuple<std::string, std::string, std::string>, std::int64_t>;

date::sys_days Day(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}};
}

class SqlReportStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    SqlStore sites(*db_);
    // UTC, so that SQLite's own date functions give the local day and hour.
    ASSERT_TRUE(sites.SaveSite({"s1", "Lieu", "1 rue A", "UTC", "24/7"}, kNow));
    ASSERT_TRUE(sites.SaveSite({"s2", "Autre", "2 rue B", "UTC", "24/7"}, kNow));
    ASSERT_TRUE(sites.SaveSite({"s3", "Paris", "3 rue C", "Europe/Paris", "24/7"}, kNow));
    visits_ = std::make_unique<SqlVisitStore>(*db_);
    reports_ = std::make_unique<SqlReportStore>(*db_);
    utc_ = std::make_unique<app::TimeZone>(*app::TimeZone::Find("UTC"));
  }

  // `count` visits spread over 2023-2024 with every kind of answer.
  static std::vector<app::Visit> RandomVisits(int count, std::uint32_t seed,
                                              const std::string& prefix) {
    std::mt19937 random(seed);
    const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    const std::vector<std::string> communes = {"92002", "91377", "91477", "75056"};
    const std::vector<std::string> partners = {"caf", "cpam", "ants"};
    const std::vector<std::string> themes = {"famille", "logement", "emploi", "numerique"};
    const sys_seconds start = sys_seconds{date::sys_days{date::year{2023} / 1 / 1}};
    std::vector<app::Visit> visits;
    for (int i = 0; i < count; ++i) {
      app::Visit v;
      v.id = prefix + std::to_string(i);
      v.at = start + seconds(static_cast<std::int64_t>(random() % (2u * 365 * 86400)));
      if (pick(5) > 0) v.commune_insee = communes[static_cast<std::size_t>(pick(4))];
      if (const int q = pick(3); q < 2) v.qpv = q == 0;
      if (pick(4) > 0) v.partner = partners[static_cast<std::size_t>(pick(3))];
      for (const std::string& theme : themes) {
        if (pick(3) == 0) v.themes.push_back(theme);
      }
      v.outcome = app::kOutcomes[pick(4)];
      v.channel = app::kChannels[pick(4)];
      if (const int f = pick(3); f < 2) v.first_visit = f == 0;
      v.logged_by = "agent";
      v.created_at = v.at;
      visits.push_back(std::move(v));
    }
    return visits;
  }

  RollupMap StoredRollups(const std::string& site_id) {
    RollupMap map;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
      auto rows = c.Query("SELECT day, dimension, key, visits FROM visit_rollups WHERE site_id = ?",
                          {site_id});
      if (!rows) return tl::unexpected(rows.error());
      for (const Row& row : *rows) map[{row.Text(0), row.Text(1), row.Text(2)}] = row.Int(3);
      return {};
    }));
    return map;
  }

  // The roll-ups recomputed from the visits by GROUP BY (UTC days), in the
  // database's own date functions.
  RollupMap GroupedVisits(const std::string& site_id) {
    const bool sqlite = db_->Dialect() == "sqlite";
    const std::string utc = "(to_timestamp(v.visited_at) AT TIME ZONE 'UTC')";
    const std::string day =
        sqlite ? "date(v.visited_at, 'unixepoch')" : "to_char(" + utc + ", 'YYYY-MM-DD')";
    // ISO weekday (Monday 1 … Sunday 7), '-', the hour.
    const std::string weekday_hour =
        sqlite ? "(CASE strftime('%w', v.visited_at, 'unixepoch') WHEN '0' THEN '7' "
                 "ELSE strftime('%w', v.visited_at, 'unixepoch') END) || '-' || "
                 "strftime('%H', v.visited_at, 'unixepoch')"
               : "to_char(" + utc + ", 'ID') || '-' || to_char(" + utc + ", 'HH24')";
    const std::vector<std::pair<std::string, std::string>> dimensions = {
        {"total", "''"},
        {"people",
         "CASE v.first_visit WHEN 1 THEN 'first' WHEN 0 THEN 'returning' ELSE 'unknown' END"},
        {"commune", "COALESCE(v.commune_insee, '')"},
        {"qpv", "CASE v.qpv WHEN 1 THEN 'yes' WHEN 0 THEN 'no' ELSE 'unknown' END"},
        {"partner", "COALESCE(v.partner, '')"},
        {"outcome", "v.outcome"},
        {"channel", "v.channel"},
        {"weekday_hour", weekday_hour},
    };
    RollupMap map;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
      for (const auto& [name, key] : dimensions) {
        auto rows = c.Query("SELECT " + day + ", " + key + ", COUNT(*) FROM visits v " +
                                "WHERE v.site_id = ? GROUP BY 1, 2",
                            {site_id});
        if (!rows) return tl::unexpected(rows.error());
        for (const Row& row : *rows) map[{row.Text(0), name, row.Text(1)}] = row.Int(2);
      }
      auto themes = c.Query("SELECT " + day +
                                ", t.theme, COUNT(*) FROM visits v JOIN visit_themes t "
                                "ON t.site_id = v.site_id AND t.visit_id = v.visit_id "
                                "WHERE v.site_id = ? GROUP BY 1, 2",
                            {site_id});
      if (!themes) return tl::unexpected(themes.error());
      for (const Row& row : *themes) map[{row.Text(0), "theme", row.Text(1)}] = row.Int(2);
      return {};
    }));
    return map;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlVisitStore> visits_;
  std::unique_ptr<SqlReportStore> reports_;
  std::unique_ptr<app::TimeZone> utc_;
};

TEST_F(SqlReportStoreTest, RollupsOfSingleInsertsEqualAGroupByOverTheVisits) {
  const auto visits = RandomVisits(300, 7, "v");
  for (const app::Visit& v : visits) {
    ASSERT_TRUE(visits_->AddVisit("s1", v, app::VisitRollups(v, *utc_)));
  }
  const RollupMap stored = StoredRollups("s1");
  EXPECT_GT(stored.size(), 1000u);
  EXPECT_EQ(stored, GroupedVisits("s1"));
  EXPECT_TRUE(StoredRollups("s2").empty()) << "sites are isolated";
  auto check = visits_->CheckRollups("s1");
  ASSERT_TRUE(check);
  EXPECT_EQ(check->visits, 300);
  EXPECT_EQ(check->rolled_up, 300);
}

TEST_F(SqlReportStoreTest, ABulkImportWritesTheSameRollupsInOneGo) {
  const auto visits = RandomVisits(500, 11, "b");
  ASSERT_TRUE(app::ImportVisits(*visits_, "s2", *utc_, visits));
  for (const app::Visit& v : visits) {
    ASSERT_TRUE(visits_->AddVisit("s1", v, app::VisitRollups(v, *utc_)));
  }
  EXPECT_EQ(StoredRollups("s2"), StoredRollups("s1"));
  EXPECT_EQ(StoredRollups("s2"), GroupedVisits("s2"));
  // A second import adds to the existing roll-ups.
  const auto more = RandomVisits(300, 12, "c");
  ASSERT_TRUE(app::ImportVisits(*visits_, "s2", *utc_, more));
  EXPECT_EQ(StoredRollups("s2"), GroupedVisits("s2"));
}

TEST_F(SqlReportStoreTest, AFailedInsertLeavesNoRollup) {
  const auto visits = RandomVisits(3, 5, "v");
  ASSERT_TRUE(visits_->AddVisit("s1", visits[0], app::VisitRollups(visits[0], *utc_)));
  const RollupMap before = StoredRollups("s1");
  app::Visit again = visits[1];
  again.id = visits[0].id;
  Status refused = visits_->AddVisit("s1", again, app::VisitRollups(again, *utc_));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(StoredRollups("s1"), before);
  // A bulk import with one bad visit writes nothing at all.
  std::vector<app::Visit> batch = {visits[1], visits[2], visits[0]};
  EXPECT_FALSE(app::ImportVisits(*visits_, "s1", *utc_, batch));
  EXPECT_EQ(StoredRollups("s1"), before);
  EXPECT_EQ(visits_->CheckRollups("s1")->visits, 1);
}

TEST_F(SqlReportStoreTest, LocalDaysFollowTheSiteZoneAcrossDaylightSaving) {
  const auto paris = *app::TimeZone::Find("Europe/Paris");
  app::Visit late;  // 2024-10-26 22:30 UTC = Sunday 27 October 00:30 in Paris (CEST)
  late.id = "late";
  late.at = sys_seconds{date::sys_days{date::year{2024} / 10 / 26}} + std::chrono::hours(22) +
            std::chrono::minutes(30);
  late.logged_by = "a";
  app::Visit winter = late;  // 2024-10-27 23:30 UTC = Monday 28 October 00:30 (CET)
  winter.id = "winter";
  winter.at = late.at + std::chrono::hours(25);
  ASSERT_TRUE(visits_->AddVisit("s3", late, app::VisitRollups(late, paris)));
  ASSERT_TRUE(visits_->AddVisit("s3", winter, app::VisitRollups(winter, paris)));
  const RollupMap stored = StoredRollups("s3");
  EXPECT_EQ((stored.at({"2024-10-27", "total", ""})), 1);
  EXPECT_EQ((stored.at({"2024-10-27", "weekday_hour", "7-00"})), 1);
  EXPECT_EQ((stored.at({"2024-10-28", "weekday_hour", "1-00"})), 1);
  EXPECT_EQ(stored.count({"2024-10-26", "total", ""}), 0u);
}

TEST_F(SqlReportStoreTest, ReportRollupsGiveDailyTotalsAndMonthlySums) {
  const auto visits = RandomVisits(800, 3, "v");
  ASSERT_TRUE(app::ImportVisits(*visits_, "s1", *utc_, visits));
  const date::sys_days from = Day(2024, 2, 10);
  const date::sys_days to = Day(2024, 5, 20);
  auto rows = reports_->ReportRollups("s1", from, to);
  ASSERT_TRUE(rows) << rows.error().message;

  // What the visits say, directly.
  std::map<date::sys_days, std::int64_t> per_day;
  std::map<std::tuple<date::sys_days, Dimension, std::string>, std::int64_t> per_month;
  for (const app::Visit& v : visits) {
    for (const Rollup& r : app::VisitRollups(v, *utc_)) {
      if (r.day < from || r.day > to) continue;
      if (r.dimension == Dimension::kTotal) {
        per_day[r.day] += 1;
      } else {
        const date::year_month_day ymd{r.day};
        const date::sys_days month = std::max(date::sys_days{ymd.year() / ymd.month() / 1}, from);
        per_month[{month, r.dimension, r.key}] += 1;
      }
    }
  }
  std::map<date::sys_days, std::int64_t> got_days;
  std::map<std::tuple<date::sys_days, Dimension, std::string>, std::int64_t> got_months;
  for (const Rollup& r : *rows) {
    if (r.dimension == Dimension::kTotal) {
      got_days[r.day] += r.visits;
    } else {
      EXPECT_EQ(got_months.count({r.day, r.dimension, r.key}), 0u) << "one row per month and key";
      got_months[{r.day, r.dimension, r.key}] += r.visits;
    }
  }
  EXPECT_EQ(got_days, per_day);
  EXPECT_EQ(got_months, per_month);
  EXPECT_EQ(std::get<0>(got_months.begin()->first), from) << "February starts at `from`";
}

TEST_F(SqlReportStoreTest, RollupTotalsSumAKeyOverThePeriod) {
  const auto visits = RandomVisits(500, 9, "v");
  ASSERT_TRUE(app::ImportVisits(*visits_, "s1", *utc_, visits));
  auto totals =
      reports_->RollupTotals("s1", Dimension::kCommune, Day(2024, 1, 1), Day(2024, 12, 31));
  ASSERT_TRUE(totals);
  std::map<std::string, std::int64_t> expected;
  for (const app::Visit& v : visits) {
    if (v.at >= sys_seconds{Day(2024, 1, 1)}) expected[v.commune_insee.value_or("")] += 1;
  }
  EXPECT_EQ((std::map<std::string, std::int64_t>(totals->begin(), totals->end())), expected);
}

TEST_F(SqlReportStoreTest, ReplaceRollupsRebuildsASite) {
  const auto visits = RandomVisits(200, 1, "v");
  for (const app::Visit& v : visits) ASSERT_TRUE(visits_->AddVisit("s1", v, {}));
  auto check = visits_->CheckRollups("s1");
  ASSERT_TRUE(check);
  EXPECT_EQ(check->visits, 200);
  EXPECT_EQ(check->rolled_up, 0);
  std::vector<Rollup> rows;
  for (const app::Visit& v : visits) {
    for (const Rollup& r : app::VisitRollups(v, *utc_)) rows.push_back(r);
  }
  ASSERT_TRUE(visits_->ReplaceRollups("s1", SumRollups(rows)));
  EXPECT_EQ(StoredRollups("s1"), GroupedVisits("s1"));
  ASSERT_TRUE(visits_->ReplaceRollups("s1", SumRollups(rows))) << "replaces, never adds";
  EXPECT_EQ(StoredRollups("s1"), GroupedVisits("s1"));
  EXPECT_EQ(visits_->CheckRollups("s1")->rolled_up, 200);
}

TEST_F(SqlReportStoreTest, MembersAreSavedListedInOrderAndDeleted) {
  const Member antony{
      "antony", "Ville d'Antony", MemberKind::kCommune, "92002", FundingKey::kUsage, 0, 2};
  const Member etat{"etat",    "État", MemberKind::kState, std::nullopt, FundingKey::kFixed,
                    60'000'00, 1};
  ASSERT_TRUE(reports_->SaveMember("s1", antony));
  ASSERT_TRUE(reports_->SaveMember("s1", etat));
  ASSERT_TRUE(reports_->SaveMember("s2", etat));
  auto members = reports_->ListMembers("s1");
  ASSERT_TRUE(members);
  EXPECT_EQ(*members, (std::vector<Member>{etat, antony}));
  Member renamed = etat;
  renamed.name = "Préfecture";
  renamed.fixed_cents = 1;
  renamed.position = 3;
  ASSERT_TRUE(reports_->SaveMember("s1", renamed));
  EXPECT_EQ(*reports_->ListMembers("s1"), (std::vector<Member>{antony, renamed}));
  ASSERT_TRUE(reports_->DeleteMember("s1", "antony"));
  Status gone = reports_->DeleteMember("s1", "antony");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(*reports_->ListMembers("s1"), (std::vector<Member>{renamed}));
  EXPECT_EQ(*reports_->ListMembers("s2"), (std::vector<Member>{etat}));
}

TEST(RollupDay, IsTheIsoDate) {
  EXPECT_EQ(RollupDay(Day(2024, 2, 29)), "2024-02-29");
  EXPECT_EQ(RollupDay(Day(2003, 11, 7)), "2003-11-07");
}

}  // namespace
}  // namespace relais::storage
