#include "storage/sql_store.h"

#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "storage/test_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

using std::chrono::hours;
const app::Instant kNow{std::chrono::seconds(1'750'000'000)};

class SqlStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase(dir_);
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    ASSERT_TRUE(Migrate(*db_));
    store_ = std::make_unique<SqlStore>(*db_);
    ASSERT_TRUE(store_->SaveSite({"s1", "Lieu", "1 rue A", "Europe/Paris", "24/7"}, kNow));
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlStore> store_;
};

TEST_F(SqlStoreTest, SitesAreCreatedThenReplaced) {
  auto found = store_->FindSite("s1");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->address, "1 rue A");
  ASSERT_TRUE(
      store_->SaveSite({"s1", "Lieu 2", "2 rue B", "Europe/Paris", "Mo 10:00-12:00"}, kNow));
  found = store_->FindSite("s1");
  EXPECT_EQ((*found)->name, "Lieu 2");
  EXPECT_EQ((*found)->opening_hours, "Mo 10:00-12:00");
  EXPECT_EQ(store_->ListSites()->size(), 1u);
  EXPECT_FALSE(*store_->FindSite("unknown"));
}

TEST_F(SqlStoreTest, PartnersBelongToTheirSite) {
  ASSERT_TRUE(store_->SaveSite({"s2", "Autre", "", "Europe/Paris", "24/7"}, kNow));
  ASSERT_TRUE(store_->SavePartner("s1", {"caf", "CAF"}));
  ASSERT_TRUE(store_->SavePartner("s1", {"caf", "CAF des Hauts-de-Seine"}));
  ASSERT_TRUE(store_->SavePartner("s2", {"cpam", "CPAM"}));
  auto partners = store_->ListPartners("s1");
  ASSERT_TRUE(partners);
  ASSERT_EQ(partners->size(), 1u);
  EXPECT_EQ((*partners)[0].name, "CAF des Hauts-de-Seine");
  EXPECT_FALSE(store_->SavePartner("unknown-site", {"x", "X"})) << "foreign key";
}

TEST_F(SqlStoreTest, AgentsAndSessions) {
  app::Agent agent{"a1", "alice", Role::kMediator, {"s1"}};
  ASSERT_TRUE(store_->CreateAgent(agent, "hash", kNow));
  Status taken = store_->CreateAgent({"a2", "alice", Role::kAdmin, {}}, "h", kNow);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().kind, ErrorKind::kConflict);

  auto found = store_->FindAgentByLogin("alice");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->agent.role, Role::kMediator);
  EXPECT_EQ((*found)->agent.site_ids, std::vector<std::string>{"s1"});
  EXPECT_EQ((*found)->password_hash, "hash");

  ASSERT_TRUE(store_->CreateSession("digest", "a1", kNow, kNow + hours(1)));
  auto session = store_->FindSession("digest", kNow + hours(0));
  ASSERT_TRUE(session && *session);
  EXPECT_EQ((*session)->agent.login, "alice");
  EXPECT_EQ((*session)->last_seen_at, kNow);
  ASSERT_TRUE(store_->TouchSession("digest", kNow + std::chrono::minutes(5)));
  EXPECT_EQ((*store_->FindSession("digest", kNow))->last_seen_at, kNow + std::chrono::minutes(5));
  EXPECT_FALSE(*store_->FindSession("digest", kNow + hours(1))) << "expired";
  EXPECT_FALSE(*store_->FindSession("other", kNow));
  ASSERT_TRUE(store_->DeleteSession("digest"));
  EXPECT_FALSE(*store_->FindSession("digest", kNow));
}

TEST_F(SqlStoreTest, TotpSecretAndItsStepsOnlyGoForward) {
  ASSERT_TRUE(store_->CreateAgent({"a1", "alice", Role::kAdmin, {"s1"}}, "hash", kNow));
  ASSERT_TRUE(store_->SetTotpSecret("a1", "GEZDGNBV", false));
  auto found = store_->FindAgentByLogin("alice");
  EXPECT_EQ((*found)->totp_secret, "GEZDGNBV");
  EXPECT_FALSE((*found)->totp_enabled);
  ASSERT_TRUE(store_->SetTotpSecret("a1", "GEZDGNBV", true));
  EXPECT_TRUE((*store_->FindAgentByLogin("alice"))->totp_enabled);

  EXPECT_TRUE(*store_->UseTotpStep("a1", 100));
  EXPECT_FALSE(*store_->UseTotpStep("a1", 100)) << "the same code twice";
  EXPECT_FALSE(*store_->UseTotpStep("a1", 99)) << "an older code after a newer one";
  EXPECT_TRUE(*store_->UseTotpStep("a1", 101));
  EXPECT_EQ((*store_->FindAgentByLogin("alice"))->totp_last_step, 101);
}

TEST_F(SqlStoreTest, AnAgentsSessionsEndTogetherButOne) {
  ASSERT_TRUE(store_->CreateAgent({"a1", "alice", Role::kAdmin, {"s1"}}, "hash", kNow));
  ASSERT_TRUE(store_->CreateAgent({"a2", "bob", Role::kMediator, {"s1"}}, "hash", kNow));
  for (const char* digest : {"d1", "d2", "d3"}) {
    ASSERT_TRUE(store_->CreateSession(digest, "a1", kNow, kNow + hours(1)));
  }
  ASSERT_TRUE(store_->CreateSession("b1", "a2", kNow, kNow + hours(1)));
  EXPECT_EQ(*store_->DeleteAgentSessions("a1", "d2"), 2);
  EXPECT_FALSE(*store_->FindSession("d1", kNow));
  EXPECT_TRUE(*store_->FindSession("d2", kNow));
  EXPECT_TRUE(*store_->FindSession("b1", kNow)) << "another agent's session stays";
  EXPECT_EQ(*store_->DeleteAgentSessions("a1", ""), 1);
  EXPECT_FALSE(*store_->FindSession("d2", kNow));
}

}  // namespace
}  // namespace relais::storage
