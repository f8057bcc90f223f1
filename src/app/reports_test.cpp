// The reports' use cases over real SQLite: visits logged through
// app::Visits make the report (local days in Paris), the year before sits
// beside it, old visits are rolled up at load, the funding split comes from
// the members and the year's roll-ups, and who may see what.
#include "app/reports.h"

#include <gtest/gtest.h>

#include <map>

#include "app/fake_clock.h"
#include "app/visits.h"
#include "storage/migrations.h"
#include "storage/sql_report_store.h"
#include "storage/sql_store.h"
#include "storage/sql_visit_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/temp_dir.h"

namespace relais::app {
namespace {

using std::chrono::hours;
using std::chrono::sys_seconds;

// Monday 15 June 2026, 10:00 in Paris (08:00 UTC).
const sys_seconds kNow = sys_seconds{date::sys_days{date::year{2026} / 6 / 15}} + hours(8);

const Agent kMediator{"a-med", "mediator", Role::kMediator, {"s1"}};
const Agent kCoordinator{"a-coo", "coordinator", Role::kCoordinator, {"s1"}};
const Agent kReception{"a-rec", "reception", Role::kReception, {"s1"}};
const Agent kFunder{"a-fun", "funder", Role::kFunder, {"s1"}};
const Agent kOtherFunder{"a-fun2", "funder2", Role::kFunder, {"s2"}};
const Agent kAdmin{"a-adm", "admin", Role::kAdmin, {}};

date::sys_days Day(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}};
}

class ReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenSqlite(dir_.File("db.sqlite"));
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*db_));
    sql_ = std::make_unique<storage::SqlStore>(*db_);
    ASSERT_TRUE(
        sql_->SaveSite({"s1", "PIMMS d'essai", "1 rue A", "Europe/Paris", "24/7"}, clock_.Now()));
    ASSERT_TRUE(sql_->SavePartner("s1", {"caf", "Caisse d'allocations familiales"}));
    ASSERT_TRUE(sql_->SavePartner("s1", {"cpam", "Assurance maladie"}));
    sites_ = std::make_unique<Sites>(*sql_, clock_);
    ASSERT_TRUE(sites_->Load("s1"));
    auto table = ShippedCommunes();
    ASSERT_TRUE(table);
    communes_ = std::make_unique<Communes>(*table);
    visit_store_ = std::make_unique<storage::SqlVisitStore>(*db_);
    visits_ = std::make_unique<Visits>(*visit_store_, *sites_, *communes_, clock_);
    report_store_ = std::make_unique<storage::SqlReportStore>(*db_);
    reports_ = std::make_unique<Reports>(*report_store_, *sites_, *communes_, clock_);
  }

  void Log(const std::string& at, std::optional<std::string> commune,
           std::optional<std::string> partner, std::vector<std::string> themes,
           const std::string& outcome, std::optional<bool> qpv = std::nullopt,
           std::optional<bool> first = std::nullopt) {
    VisitDraft draft;
    draft.at = at;
    draft.commune_insee = std::move(commune);
    draft.partner = std::move(partner);
    draft.themes = std::move(themes);
    draft.outcome = outcome;
    draft.qpv = qpv;
    draft.first_visit = first;
    auto logged = visits_->Log(kMediator, draft);
    ASSERT_TRUE(logged) << logged.error().message;
  }

  // A small known year: 2025 (5 visits) and 2024 (2 visits).
  void LogKnownVisits() {
    Log("2025-01-06T09:30:00+01:00", "92002", "caf", {"famille", "logement"}, "resolved", true,
        true);
    Log("2025-01-06T10:15:00+01:00", "91377", "cpam", {"social-sante"}, "referred", false, true);
    // 23:30 UTC on 31 March is 1 April in Paris (summer time).
    Log("2025-03-31T23:30:00Z", "91377", std::nullopt, {"logement"}, "pending", std::nullopt,
        false);
    Log("2025-07-14T15:00:00+02:00", std::nullopt, "caf", {}, "resolved");
    Log("2025-12-31T23:59:59+01:00", "91477", "caf", {"emploi"}, "appointment", true);
    Log("2024-01-08T09:00:00+01:00", "92002", "caf", {}, "resolved", false, true);
    Log("2024-06-03T11:00:00+02:00", "91377", "cpam", {"famille"}, "resolved", true, true);
  }

  testing::TempDir dir_;
  FakeClock clock_{kNow};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::SqlStore> sql_;
  std::unique_ptr<Sites> sites_;
  std::unique_ptr<Communes> communes_;
  std::unique_ptr<storage::SqlVisitStore> visit_store_;
  std::unique_ptr<Visits> visits_;
  std::unique_ptr<storage::SqlReportStore> report_store_;
  std::unique_ptr<Reports> reports_;
};

std::map<std::string, std::int64_t> AsMap(const std::vector<Count>& counts) {
  std::map<std::string, std::int64_t> map;
  for (const Count& count : counts) {
    if (count.visits > 0) map[count.key] = count.visits;
  }
  return map;
}

TEST_F(ReportsTest, LoggedVisitsMakeTheYearsReport) {
  LogKnownVisits();
  auto report = reports_->Activity(kCoordinator, ReportPeriod::Year(2025));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->site_name, "PIMMS d'essai");
  const ActivityReport& now = report->current;
  EXPECT_EQ(now.visits, 5);
  // first 2, returning 1, unknown 2: 2 + 2 × 2/3 = 3.33 → 3.
  EXPECT_EQ(now.people, 3);
  EXPECT_EQ(AsMap(now.by_month),
            (std::map<std::string, std::int64_t>{
                {"2025-01", 2}, {"2025-04", 1}, {"2025-07", 1}, {"2025-12", 1}}));
  EXPECT_EQ(AsMap(now.by_day),
            (std::map<std::string, std::int64_t>{
                {"2025-01-06", 2}, {"2025-04-01", 1}, {"2025-07-14", 1}, {"2025-12-31", 1}}));
  EXPECT_EQ(AsMap(now.by_weekday_hour),
            (std::map<std::string, std::int64_t>{
                {"1-09", 1}, {"1-10", 1}, {"2-01", 1}, {"1-15", 1}, {"3-23", 1}}));
  EXPECT_EQ(AsMap(now.by_commune), (std::map<std::string, std::int64_t>{
                                       {"92002", 1}, {"91377", 2}, {"91477", 1}, {"", 1}}));
  EXPECT_EQ(now.by_commune[0].label, "Massy");
  EXPECT_EQ(now.by_commune.back().label, "Commune inconnue");
  EXPECT_EQ(AsMap(now.by_department),
            (std::map<std::string, std::int64_t>{{"91", 3}, {"92", 1}, {"", 1}}));
  EXPECT_EQ(now.by_department[0].label, "Essonne");
  EXPECT_EQ(now.by_department[1].label, "Hauts-de-Seine");
  EXPECT_EQ(AsMap(now.by_partner),
            (std::map<std::string, std::int64_t>{{"caf", 3}, {"cpam", 1}, {"", 1}}));
  EXPECT_EQ(now.by_partner[0].label, "Caisse d'allocations familiales");
  EXPECT_EQ(now.by_partner.back().label, "Sans partenaire");
  EXPECT_EQ(AsMap(now.by_theme),
            (std::map<std::string, std::int64_t>{
                {"famille", 1}, {"logement", 2}, {"social-sante", 1}, {"emploi", 1}}));
  EXPECT_EQ(now.by_theme[0].label, "Logement");
  EXPECT_EQ(AsMap(now.by_outcome),
            (std::map<std::string, std::int64_t>{
                {"resolved", 2}, {"referred", 1}, {"pending", 1}, {"appointment", 1}}));
  EXPECT_EQ(now.by_outcome[0].label, "Résolu sur place");
  EXPECT_EQ(AsMap(now.by_channel), (std::map<std::string, std::int64_t>{{"walk_in", 5}}));
  EXPECT_EQ(now.qpv_known, 3);
  EXPECT_DOUBLE_EQ(now.qpv_share, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(now.resolved_share, 2.0 / 5.0);

  const ActivityReport& before = report->previous;
  EXPECT_EQ(before.from, Day(2024, 1, 1));
  EXPECT_EQ(before.to, Day(2024, 12, 31));
  EXPECT_EQ(before.visits, 2);
  EXPECT_EQ(before.people, 2);
  EXPECT_EQ(AsMap(before.by_commune),
            (std::map<std::string, std::int64_t>{{"92002", 1}, {"91377", 1}}));
  EXPECT_DOUBLE_EQ(before.resolved_share, 1.0);
}

TEST_F(ReportsTest, APeriodOfDaysAndTheSameDaysAYearBefore) {
  LogKnownVisits();
  auto period = ReportPeriod::Between("2025-01-06", "2025-04-01");
  ASSERT_TRUE(period);
  auto report = reports_->Activity(kFunder, *period);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->current.visits, 3);
  EXPECT_EQ(report->current.by_day.size(), 86u);
  EXPECT_EQ(report->previous.from, Day(2024, 1, 6));
  EXPECT_EQ(report->previous.to, Day(2024, 4, 1));
  EXPECT_EQ(report->previous.visits, 1);

  const ReportPeriod leap{Day(2024, 2, 29), Day(2024, 3, 1)};
  EXPECT_EQ(leap.YearBefore().from, Day(2023, 2, 28));
  EXPECT_EQ(leap.YearBefore().to, Day(2023, 3, 1));
}

TEST_F(ReportsTest, BadPeriodsAreRefusedNamingTheField) {
  auto backward = reports_->Activity(kCoordinator, {Day(2025, 2, 1), Day(2025, 1, 31)});
  ASSERT_FALSE(backward);
  EXPECT_EQ(backward.error().code, "invalid_period");
  EXPECT_EQ(backward.error().field, "to");
  auto long_one = reports_->Activity(kCoordinator, {Day(2024, 1, 1), Day(2025, 1, 1)});
  ASSERT_FALSE(long_one);
  EXPECT_EQ(long_one.error().field, "to");
  EXPECT_TRUE(reports_->Activity(kCoordinator, {Day(2024, 1, 1), Day(2024, 12, 31)}))
      << "a leap year's 366 days";
  auto old = reports_->Activity(kCoordinator, {Day(1999, 1, 1), Day(1999, 12, 31)});
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().field, "from");
  auto bad_date = ReportPeriod::Between("2025-02-30", "2025-03-01");
  ASSERT_FALSE(bad_date);
  EXPECT_EQ(bad_date.error().field, "from");
  EXPECT_EQ(ReportPeriod::Between("2025-02-01", "tomorrow").error().field, "to");
  EXPECT_FALSE(CheckReportYear(1999));
  EXPECT_EQ(CheckReportYear(2101).error().field, "year");
  EXPECT_TRUE(CheckReportYear(2024));
}

TEST_F(ReportsTest, OnlyReportRolesAtTheirSiteSeeReports) {
  const ReportPeriod year = ReportPeriod::Year(2025);
  EXPECT_TRUE(reports_->Activity(kCoordinator, year));
  EXPECT_TRUE(reports_->Activity(kFunder, year));
  EXPECT_TRUE(reports_->Activity(kAdmin, year));
  EXPECT_TRUE(reports_->Export(kFunder, year));
  for (const Agent& agent : {kMediator, kReception, kOtherFunder}) {
    auto refused = reports_->Activity(agent, year);
    ASSERT_FALSE(refused) << agent.login;
    EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(reports_->Export(agent, year).error().kind, ErrorKind::kForbidden);
    EXPECT_EQ(reports_->Funding(agent, 2025, 0).error().kind, ErrorKind::kForbidden);
  }
  EXPECT_TRUE(reports_->Members(kCoordinator));
  for (const Agent& agent : {kMediator, kReception, kFunder}) {
    EXPECT_EQ(reports_->Members(agent).error().kind, ErrorKind::kForbidden) << agent.login;
    EXPECT_EQ(reports_->DeleteMember(agent, "x").error().kind, ErrorKind::kForbidden);
  }
}

TEST_F(ReportsTest, VisitsStoredWithoutRollupsAreRolledUpAtLoad) {
  // As if logged before migration 009: visits without roll-ups.
  Visit old;
  old.id = "old-1";
  old.at = sys_seconds{Day(2025, 5, 5)} + hours(8);  // 10:00 in Paris
  old.commune_insee = "91377";
  old.outcome = Outcome::kResolved;
  old.logged_by = "a";
  ASSERT_TRUE(visit_store_->AddVisit("s1", old, {}));
  old.id = "old-2";
  old.at += hours(1);
  ASSERT_TRUE(visit_store_->AddVisit("s1", old, {}));
  EXPECT_EQ(reports_->Activity(kCoordinator, ReportPeriod::Year(2025))->current.visits, 0);

  ASSERT_TRUE(visits_->Load());
  auto report = reports_->Activity(kCoordinator, ReportPeriod::Year(2025));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->current.visits, 2);
  EXPECT_EQ(AsMap(report->current.by_weekday_hour),
            (std::map<std::string, std::int64_t>{{"1-10", 1}, {"1-11", 1}}));
  ASSERT_TRUE(visits_->Load()) << "a second load changes nothing";
  EXPECT_EQ(reports_->Activity(kCoordinator, ReportPeriod::Year(2025))->current.visits, 2);
}

TEST_F(ReportsTest, FundingSplitsTheRestBetweenCommunesByTheirVisits) {
  LogKnownVisits();  // 2025: Antony 1, Massy 2, Palaiseau 1
  ASSERT_TRUE(reports_->SaveMember(kCoordinator, {"antony", "Ville d'Antony", MemberKind::kCommune,
                                                  "92002", FundingKey::kUsage, 0, 1}));
  ASSERT_TRUE(reports_->SaveMember(kCoordinator, {"massy", "Ville de Massy", MemberKind::kCommune,
                                                  "91377", FundingKey::kUsage, 0, 2}));
  ASSERT_TRUE(reports_->SaveMember(kAdmin, {"sceaux", "Ville de Sceaux", MemberKind::kCommune,
                                            "92071", FundingKey::kUsage, 0, 3}));
  ASSERT_TRUE(reports_->SaveMember(kCoordinator, {"etat", "État", MemberKind::kState, std::nullopt,
                                                  FundingKey::kFixed, 1'000'00, 4}));
  auto split = reports_->Funding(kFunder, 2025, 4'000'00);
  ASSERT_TRUE(split) << split.error().message;
  ASSERT_EQ(split->members.size(), 4u);
  EXPECT_EQ(split->members[0].amount_cents, 1'000'00);  // 3,000 € × 1/3
  EXPECT_EQ(split->members[1].amount_cents, 2'000'00);  // × 2/3
  EXPECT_EQ(split->members[2].amount_cents, 0) << "Sceaux had no visit";
  EXPECT_EQ(split->members[3].amount_cents, 1'000'00);
  ASSERT_EQ(split->communes.size(), 3u);
  EXPECT_EQ(split->communes[0].name, "Massy");
  EXPECT_EQ(split->communes[0].visits, 2);
  EXPECT_EQ(split->communes[2].name, "Sceaux");

  // 2024: Antony 1, Massy 1.
  auto before = reports_->Funding(kCoordinator, 2024, 3'000'01);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->members[0].amount_cents + before->members[1].amount_cents, 2'000'01);
  EXPECT_EQ(before->members[0].amount_cents, 1'000'01) << "the cent left to the first";

  auto bad_year = reports_->Funding(kFunder, 1999, 0);
  ASSERT_FALSE(bad_year);
  EXPECT_EQ(bad_year.error().field, "year");
  auto negative = reports_->Funding(kFunder, 2025, -1);
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().field, "budget");
  auto below = reports_->Funding(kFunder, 2025, 999'99);
  ASSERT_FALSE(below);
  EXPECT_EQ(below.error().code, "budget_below_fixed");
}

TEST_F(ReportsTest, MembersAreCheckedBeforeTheyAreSaved) {
  auto unknown = reports_->SaveMember(
      kCoordinator, {"x", "Ville X", MemberKind::kCommune, "99999", FundingKey::kUsage, 0, 1});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_commune");
  EXPECT_EQ(unknown.error().field, "commune_insee");
  auto bad = reports_->SaveMember(
      kCoordinator, {"x", "", MemberKind::kState, std::nullopt, FundingKey::kFixed, 0, 1});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "name");
  auto lower = reports_->SaveMember(
      kCoordinator, {"corse", "Ajaccio", MemberKind::kCommune, "2a004", FundingKey::kUsage, 0, 1});
  ASSERT_TRUE(lower) << lower.error().message;
  EXPECT_EQ(lower->commune_insee, "2A004") << "the code as the table writes it";
  auto members = reports_->Members(kAdmin);
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ(members->front(), *lower);
  ASSERT_TRUE(reports_->DeleteMember(kCoordinator, "corse"));
  EXPECT_EQ(reports_->DeleteMember(kCoordinator, "corse").error().kind, ErrorKind::kNotFound);
}

TEST_F(ReportsTest, TheCurrentYearIsTheSitesLocalYear) {
  EXPECT_EQ(reports_->CurrentYear(), 2026);
  clock_.Set(sys_seconds{Day(2026, 12, 31)} + hours(23) + std::chrono::minutes(30));
  EXPECT_EQ(reports_->CurrentYear(), 2027) << "already 1 January in Paris";
}

}  // namespace
}  // namespace relais::app
