#include "storage/sql_visit_store.h"

#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "storage/sql_store.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;
const app::Instant kNow{seconds(1'750'000'000)};
const sys_seconds kAt{seconds(1'750'000'000)};

class SqlVisitStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    SqlStore sites(*db_);
    ASSERT_TRUE(sites.SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "24/7"}, kNow));
    ASSERT_TRUE(sites.SaveSite({"s2", "Autre", "2 rue B", "Europe/Paris", "24/7"}, kNow));
    store_ = std::make_unique<SqlVisitStore>(*db_);
  }

  static app::Visit Full(const std::string& id, sys_seconds at) {
    app::Visit v;
    v.id = id;
    v.at = at;
    v.commune_insee = "92002";
    v.qpv = true;
    v.partner = "caf";
    v.themes = {"famille", "logement"};
    v.outcome = app::Outcome::kReferred;
    v.duration_minutes = 25;
    v.channel = app::Channel::kPhone;
    v.first_visit = false;
    v.logged_by = "agent-1";
    v.created_at = kAt;
    return v;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlVisitStore> store_;
};

TEST_F(SqlVisitStoreTest, AVisitIsReadBackAsStored) {
  const app::Visit full = Full("v1", kAt);
  app::Visit bare;
  bare.id = "v2";
  bare.at = kAt + seconds(60);
  bare.logged_by = "agent-1";
  bare.created_at = kAt;
  ASSERT_TRUE(store_->AddVisit("s1", bare, {}));
  ASSERT_TRUE(store_->AddVisit("s1", full, {}));
  auto visits = store_->ListVisits("s1", kAt, kAt + seconds(3600));
  ASSERT_TRUE(visits) << visits.error().message;
  ASSERT_EQ(visits->size(), 2u);
  EXPECT_EQ((*visits)[0], full);
  EXPECT_EQ((*visits)[1], bare) << "unknowns stay unknown (NULL), not false or zero";
}

TEST_F(SqlVisitStoreTest, TheWindowIsHalfOpenAndSitesAreIsolated) {
  ASSERT_TRUE(store_->AddVisit("s1", Full("v1", kAt), {}));
  ASSERT_TRUE(store_->AddVisit("s1", Full("v2", kAt + seconds(100)), {}));
  ASSERT_TRUE(store_->AddVisit("s2", Full("v3", kAt), {}));
  EXPECT_EQ(store_->ListVisits("s1", kAt, kAt + seconds(100))->size(), 1u);
  EXPECT_EQ(store_->ListVisits("s1", kAt, kAt + seconds(101))->size(), 2u);
  auto other = store_->ListVisits("s2", kAt, kAt + seconds(1000));
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ((*other)[0].id, "v3");
  EXPECT_EQ((*other)[0].themes, (std::vector<std::string>{"famille", "logement"}));
}

TEST_F(SqlVisitStoreTest, TheSameIdMayServeTwoSitesButNotOneTwice) {
  ASSERT_TRUE(store_->AddVisit("s1", Full("v1", kAt), {}));
  ASSERT_TRUE(store_->AddVisit("s2", Full("v1", kAt), {}));
  Status again = store_->AddVisit("s1", Full("v1", kAt), {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(store_->ListVisits("s1", kAt, kAt + seconds(1))->size(), 1u) << "nothing half-written";
}

TEST_F(SqlVisitStoreTest, HostileTextIsStoredVerbatim) {
  app::Visit v = Full("v1", kAt);
  v.partner = "caf'); DROP TABLE visits; --";
  v.commune_insee = "<script>alert(1)</script>";
  ASSERT_TRUE(store_->AddVisit("s1", v, {}));
  auto visits = store_->ListVisits("s1", kAt, kAt + seconds(1));
  ASSERT_EQ(visits->size(), 1u);
  EXPECT_EQ((*visits)[0], v);
}

TEST_F(SqlVisitStoreTest, CountsPerCommuneLeaveUnknownOut) {
  ASSERT_TRUE(store_->AddVisit("s1", Full("v1", kAt), {}));
  ASSERT_TRUE(store_->AddVisit("s1", Full("v2", kAt), {}));
  app::Visit unknown = Full("v3", kAt);
  unknown.commune_insee.reset();
  ASSERT_TRUE(store_->AddVisit("s1", unknown, {}));
  app::Visit sceaux = Full("v4", kAt);
  sceaux.commune_insee = "92071";
  ASSERT_TRUE(store_->AddVisit("s1", sceaux, {}));
  ASSERT_TRUE(store_->AddVisit("s2", Full("v5", kAt), {}));
  auto counts = store_->CountVisitsByCommune("s1");
  ASSERT_TRUE(counts);
  std::sort(counts->begin(), counts->end());
  EXPECT_EQ(*counts,
            (std::vector<std::pair<std::string, std::int64_t>>{{"92002", 2}, {"92071", 1}}));
}

}  // namespace
}  // namespace relais::storage
