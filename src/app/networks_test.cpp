// A network's use cases over real SQLite: who may see its report (an agent
// of every one of its sites, with a role that sees reports), its sites in
// the report, the refusals; creating networks is the admin's.
#include "app/networks.h"

#include <gtest/gtest.h>

#include "app/fake_clock.h"
#include "app/visits.h"
#include "storage/migrations.h"
#include "storage/sql_audit_store.h"
#include "storage/sql_network_store.h"
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

const Agent kBoth{"c1", "both", Role::kCoordinator, {"s1", "s2"}};
const Agent kOneSite{"c2", "one", Role::kCoordinator, {"s1"}};
const Agent kFunder{"f1", "funder", Role::kFunder, {"s1", "s2"}};
const Agent kMediator{"m1", "mediator", Role::kMediator, {"s1", "s2"}};
const Agent kAdmin{"a1", "admin", Role::kAdmin, {}};

class NetworksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenSqlite(dir_.File("db.sqlite"));
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(storage::Migrate(*db_));
    sql_ = std::make_unique<storage::SqlStore>(*db_);
    ASSERT_TRUE(
        sql_->SaveSite({"s1", "PIMMS d'essai", "1 rue A", "Europe/Paris", "24/7"}, clock_.Now()));
    ASSERT_TRUE(
        sql_->SaveSite({"s2", "France Services", "2 rue B", "Europe/Paris", "24/7"}, clock_.Now()));
    ASSERT_TRUE(sql_->SavePartner("s1", {"caf", "Caisse d'allocations familiales"}));
    sites_ = std::make_unique<Sites>(*sql_, clock_);
    ASSERT_TRUE(sites_->Load("s1"));
    auto table = ShippedCommunes();
    ASSERT_TRUE(table);
    communes_ = std::make_unique<Communes>(*table);
    visit_store_ = std::make_unique<storage::SqlVisitStore>(*db_);
    visits_ = std::make_unique<Visits>(*visit_store_, *sites_, *communes_, clock_);
    report_store_ = std::make_unique<storage::SqlReportStore>(*db_);
    reports_ = std::make_unique<Reports>(*report_store_, *sites_, *communes_, clock_);
    network_store_ = std::make_unique<storage::SqlNetworkStore>(*db_);
    audit_store_ = std::make_unique<storage::SqlAuditStore>(*db_);
    journal_ = std::make_unique<AuditJournal>(*audit_store_, clock_);
    networks_ = std::make_unique<Networks>(*network_store_, *report_store_, *sql_, *reports_,
                                           *sites_, journal_.get());
    ASSERT_TRUE(networks_->Save(kAdmin, "sud", "Réseau Sud"));
    ASSERT_TRUE(networks_->AddSite(kAdmin, "sud", "s1"));
    ASSERT_TRUE(networks_->AddSite(kAdmin, "sud", "s2"));
  }

  void Log(const std::string& at, const std::string& outcome) {
    VisitDraft draft;
    draft.at = at;
    draft.commune_insee = "92002";
    draft.partner = "caf";
    draft.outcome = outcome;
    auto logged = visits_->Log(kMediator, draft);
    ASSERT_TRUE(logged) << logged.error().message;
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
  std::unique_ptr<storage::SqlNetworkStore> network_store_;
  std::unique_ptr<storage::SqlAuditStore> audit_store_;
  std::unique_ptr<AuditJournal> journal_;
  std::unique_ptr<Networks> networks_;
};

TEST_F(NetworksTest, AnAgentOfEverySiteSeesTheNetworksReport) {
  Log("2025-01-06T09:30:00+01:00", "resolved");
  Log("2025-03-06T10:30:00+01:00", "referred");
  Log("2024-05-06T10:30:00+02:00", "resolved");
  for (const Agent& agent : {kBoth, kFunder, kAdmin}) {
    auto report = networks_->Activity(agent, "sud", ReportPeriod::Year(2025));
    ASSERT_TRUE(report) << agent.login << ": " << report.error().message;
    EXPECT_EQ(report->network.name, "Réseau Sud");
    EXPECT_EQ(report->current.total.visits, 2);
    EXPECT_EQ(report->previous.total.visits, 1);
    ASSERT_EQ(report->current.sites.size(), 2u);
    EXPECT_EQ(report->current.sites[0].site_name, "PIMMS d'essai");
    EXPECT_EQ(report->current.sites[0].report.visits, 2);
    EXPECT_EQ(report->current.sites[1].site_name, "France Services");
    EXPECT_EQ(report->current.sites[1].report.visits, 0);
    ASSERT_FALSE(report->current.total.by_partner.empty());
    EXPECT_EQ(report->current.total.by_partner[0].label, "Caisse d'allocations familiales");
  }
  // The same as the served site's own report, since the other site is empty.
  auto own = reports_->Activity(kBoth, ReportPeriod::Year(2025));
  ASSERT_TRUE(own);
  auto network = networks_->Activity(kBoth, "sud", ReportPeriod::Year(2025));
  ASSERT_TRUE(network);
  EXPECT_EQ(network->current.total.by_month, own->current.by_month);
  EXPECT_EQ(network->current.total.by_outcome, own->current.by_outcome);
}

TEST_F(NetworksTest, AnExportIsTheConsolidatedReportAndIsJournaled) {
  Log("2025-01-06T09:30:00+01:00", "resolved");
  Log("2024-05-06T10:30:00+02:00", "resolved");
  auto exported = networks_->Export(kBoth, "sud", ReportPeriod::Year(2025));
  ASSERT_TRUE(exported) << exported.error().message;
  EXPECT_EQ(exported->site_name, "Réseau Sud");
  EXPECT_EQ(exported->current.visits, 1);
  EXPECT_EQ(exported->previous.visits, 1);
  ASSERT_EQ(exported->current.by_site.size(), 2u);
  EXPECT_EQ(exported->current.by_site[0].key, "s1");
  EXPECT_EQ(exported->current.by_site[0].visits, 1);
  EXPECT_EQ(exported->current.by_site[1].key, "s2");
  EXPECT_EQ(exported->current.by_site[1].visits, 0);
  auto entries = audit_store_->Scan(0, 10);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().event, audit_event::kReportExport);
  EXPECT_EQ(entries->front().agent_id, kBoth.id);
  EXPECT_EQ(entries->front().subject, "network sud activity 2025-01-01..2025-12-31");

  // Seeing is not exporting: a mediator may do neither; an agent of one
  // site only is refused the whole network; nothing more is journaled.
  for (const Agent& agent : {kMediator, kOneSite}) {
    auto refused = networks_->Export(agent, "sud", ReportPeriod::Year(2025));
    ASSERT_FALSE(refused) << agent.login;
    EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  }
  auto unknown = networks_->Export(kBoth, "nord", ReportPeriod::Year(2025));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_network");
  entries = audit_store_->Scan(0, 10);
  ASSERT_TRUE(entries);
  EXPECT_EQ(entries->size(), 1u);
}

TEST_F(NetworksTest, OthersAreRefused) {
  auto partly = networks_->Activity(kOneSite, "sud", ReportPeriod::Year(2025));
  ASSERT_FALSE(partly);
  EXPECT_EQ(partly.error().kind, ErrorKind::kForbidden);
  auto role = networks_->Activity(kMediator, "sud", ReportPeriod::Year(2025));
  ASSERT_FALSE(role);
  EXPECT_EQ(role.error().kind, ErrorKind::kForbidden);
  auto unknown = networks_->Activity(kBoth, "nord", ReportPeriod::Year(2025));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_network");
  auto period = networks_->Activity(kBoth, "sud",
                                    {ReportPeriod::Year(2025).to, ReportPeriod::Year(2025).from});
  ASSERT_FALSE(period);
  EXPECT_EQ(period.error().code, "invalid_period");

  auto visible = networks_->Visible(kOneSite);
  ASSERT_TRUE(visible);
  EXPECT_TRUE(visible->empty());
  visible = networks_->Visible(kBoth);
  ASSERT_TRUE(visible);
  ASSERT_EQ(visible->size(), 1u);
  EXPECT_EQ(visible->front().id, "sud");
}

TEST_F(NetworksTest, OnlyTheAdminMakesNetworks) {
  auto refused = networks_->Save(kBoth, "nord", "Réseau Nord");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  EXPECT_FALSE(networks_->AddSite(kBoth, "sud", "s2"));
  auto bad_id = networks_->Save(kAdmin, "Réseau Nord", "Réseau Nord");
  ASSERT_FALSE(bad_id);
  EXPECT_EQ(bad_id.error().field, "id");
  auto no_name = networks_->Save(kAdmin, "nord", "");
  ASSERT_FALSE(no_name);
  EXPECT_EQ(no_name.error().field, "name");
  auto renamed = networks_->Save(kAdmin, "sud", "Réseau Sud-Essonne");
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->site_ids, (std::vector<std::string>{"s1", "s2"}));
}

}  // namespace
}  // namespace relais::app
