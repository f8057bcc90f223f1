// The networks' store on the test database (SQLite, or PostgreSQL with
// RELAIS_TEST_POSTGRES): networks created and renamed, sites added once
// however often they are added, unknown networks and sites refused.
#include "storage/sql_network_store.h"

#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "storage/sql_store.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

const app::Instant kNow{std::chrono::seconds(1'750'000'000)};

class SqlNetworkStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened);
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    SqlStore sites(*db_);
    ASSERT_TRUE(sites.SaveSite({"antony", "Antony", "1 rue A", "Europe/Paris", "24/7"}, kNow));
    ASSERT_TRUE(sites.SaveSite({"massy", "Massy", "2 rue B", "Europe/Paris", "24/7"}, kNow));
    store_ = std::make_unique<SqlNetworkStore>(*db_);
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlNetworkStore> store_;
};

TEST_F(SqlNetworkStoreTest, ANetworkGroupsSitesOnceEach) {
  ASSERT_TRUE(store_->SaveNetwork("sud-92", "Réseau Sud"));
  ASSERT_TRUE(store_->AddNetworkSite("sud-92", "massy"));
  ASSERT_TRUE(store_->AddNetworkSite("sud-92", "antony"));
  ASSERT_TRUE(store_->AddNetworkSite("sud-92", "antony"));  // again: no second row
  auto found = store_->FindNetwork("sud-92");
  ASSERT_TRUE(found);
  ASSERT_TRUE(*found);
  EXPECT_EQ(**found, (app::Network{"sud-92", "Réseau Sud", {"antony", "massy"}}));

  // Renaming keeps the sites.
  ASSERT_TRUE(store_->SaveNetwork("sud-92", "Réseau Sud-Essonne"));
  found = store_->FindNetwork("sud-92");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->name, "Réseau Sud-Essonne");
  EXPECT_EQ((*found)->site_ids.size(), 2u);

  ASSERT_TRUE(store_->RemoveNetworkSite("sud-92", "massy"));
  found = store_->FindNetwork("sud-92");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->site_ids, std::vector<std::string>{"antony"});
  auto again = store_->RemoveNetworkSite("sud-92", "massy");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kNotFound);
}

TEST_F(SqlNetworkStoreTest, ASiteMayBelongToSeveralNetworks) {
  ASSERT_TRUE(store_->SaveNetwork("b-reseau", "B"));
  ASSERT_TRUE(store_->SaveNetwork("a-reseau", "A"));
  ASSERT_TRUE(store_->SaveNetwork("vide", "Sans lieu"));
  ASSERT_TRUE(store_->AddNetworkSite("a-reseau", "antony"));
  ASSERT_TRUE(store_->AddNetworkSite("b-reseau", "antony"));
  ASSERT_TRUE(store_->AddNetworkSite("b-reseau", "massy"));
  auto networks = store_->ListNetworks();
  ASSERT_TRUE(networks);
  EXPECT_EQ(*networks, (std::vector<app::Network>{{"a-reseau", "A", {"antony"}},
                                                  {"b-reseau", "B", {"antony", "massy"}},
                                                  {"vide", "Sans lieu", {}}}));
}

TEST_F(SqlNetworkStoreTest, UnknownNetworksAndSitesAreRefused) {
  auto none = store_->FindNetwork("inconnu");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  auto no_network = store_->AddNetworkSite("inconnu", "antony");
  ASSERT_FALSE(no_network);
  EXPECT_EQ(no_network.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(no_network.error().code, "unknown_network");

  ASSERT_TRUE(store_->SaveNetwork("sud-92", "Réseau Sud"));
  auto no_site = store_->AddNetworkSite("sud-92", "palaiseau");
  ASSERT_FALSE(no_site);
  EXPECT_EQ(no_site.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(no_site.error().code, "unknown_site");
  auto found = store_->FindNetwork("sud-92");
  ASSERT_TRUE(found && *found);
  EXPECT_TRUE((*found)->site_ids.empty());
}

}  // namespace
}  // namespace relais::storage
