#include "app/communes.h"

#include <gtest/gtest.h>

namespace relais::app {
namespace {

std::vector<std::string> Names(const std::vector<Commune>& communes) {
  std::vector<std::string> names;
  for (const Commune& c : communes) names.emplace_back(c.name);
  return names;
}

class CommunesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table = ShippedCommunes();
    ASSERT_TRUE(table) << table.error().message;
    communes_ = std::make_unique<Communes>(*table);
    table_ = *table;
  }
  std::shared_ptr<const CommuneTable> table_;
  std::unique_ptr<Communes> communes_;
};

TEST_F(CommunesTest, TheShippedTableHoldsEveryCurrentCommune) {
  EXPECT_GT(table_->size(), 34000u);
  EXPECT_LT(table_->size(), 36000u);
  ASSERT_TRUE(communes_->Find("92002"));
  EXPECT_EQ(communes_->Find("92002")->name, "Antony");
  EXPECT_EQ(communes_->Find("91228")->name, "Évry-Courcouronnes");
  EXPECT_EQ(communes_->Find("2A004")->name, "Ajaccio");
  EXPECT_EQ(communes_->Find("97411")->department, "974");
  EXPECT_FALSE(communes_->Find("99999"));
  EXPECT_FALSE(communes_->Find("75101")) << "Paris's arrondissements are not communes";
}

TEST_F(CommunesTest, SearchFindsNamesWithoutAccentsNorCase) {
  EXPECT_EQ(Names(communes_->Search("s1", "evry", 10)),
            (std::vector<std::string>{"Évry", "Évry-Courcouronnes", "Évry-Grégy-sur-Yerre"}))
      << "the exact name, then the most populous";
  auto haye = communes_->Search("s1", "l'hay", 5);
  ASSERT_FALSE(haye.empty());
  EXPECT_EQ(haye[0].name, "L'Haÿ-les-Roses");
  for (const Commune& c : communes_->Search("s1", "st", 20)) {
    EXPECT_TRUE(c.name.substr(0, 5) == "Saint" || c.name.substr(0, 2) == "St") << c.name;
  }
  EXPECT_EQ(communes_->Search("s1", "st", 20).size(), 20u);
  EXPECT_EQ(communes_->Search("s1", "St-Denis", 1)[0].insee, "97411")
      << "the most populous Saint-Denis";
  EXPECT_TRUE(communes_->Search("s1", "zzzz", 10).empty());
}

TEST_F(CommunesTest, TheDesksFrequentCommunesComeFirst) {
  communes_->SetCounts("s1", {{"93066", 3}, {"92002", 10}, {"92071", 5}});
  for (int i = 0; i < 4; ++i) communes_->Count("s1", "30247");
  EXPECT_EQ(Names(communes_->MostFrequent("s1", 3)),
            (std::vector<std::string>{"Antony", "Sceaux", "Saint-Denis"}));
  communes_->Count("s1", "91228");
  EXPECT_EQ(communes_->Search("s1", "evry", 1)[0].name, "Évry-Courcouronnes") << "seen beats exact";
  auto saint_denis = communes_->Search("s1", "saint-denis", 4);
  ASSERT_EQ(saint_denis.size(), 4u);
  EXPECT_EQ(saint_denis[0].insee, "30247") << "4 visits";
  EXPECT_EQ(saint_denis[1].insee, "93066") << "3 visits";
  EXPECT_EQ(saint_denis[2].insee, "97411") << "then by population";
  EXPECT_TRUE(communes_->MostFrequent("s2", 3).empty()) << "each site its own counts";
  EXPECT_EQ(communes_->Search("s2", "saint-denis", 1)[0].insee, "97411");
  auto a = communes_->Search("s1", "a", 1);
  EXPECT_EQ(a[0].name, "Antony");
}

TEST_F(CommunesTest, ResolveReadsCodesEntriesAndNames) {
  EXPECT_FALSE(communes_->Resolve("s1", "  ", "commune")->commune) << "empty: unknown";
  EXPECT_EQ(communes_->Resolve("s1", "92002", "commune")->commune->name, "Antony");
  EXPECT_EQ(communes_->Resolve("s1", "Antony (92002)", "commune")->commune->insee, "92002");
  EXPECT_EQ(communes_->Resolve("s1", "antony", "commune")->commune->insee, "92002");
  EXPECT_EQ(communes_->Resolve("s1", "evry courc", "commune")->commune->insee, "91228");
  auto ambiguous = communes_->Resolve("s1", "st denis", "commune");
  ASSERT_TRUE(ambiguous);
  EXPECT_FALSE(ambiguous->commune);
  ASSERT_EQ(ambiguous->choices.size(), 8u);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(ambiguous->choices[i].name, "Saint-Denis") << "exact names first";
  EXPECT_TRUE(ambiguous->choices[4].name.starts_with("Saint-Denis-"));
  // An exact name among others resolves once the desk sees it most.
  EXPECT_EQ(communes_->Resolve("s1", "sceaux", "commune")->choices.size(), 4u);
  communes_->Count("s1", "92071");
  EXPECT_EQ(communes_->Resolve("s1", "sceaux", "commune")->commune->insee, "92071");
  auto evry = communes_->Resolve("s1", "evry", "commune");
  ASSERT_FALSE(evry->commune) << "Évry (Yonne) is exact but unseen";
  EXPECT_EQ(evry->choices[0].name, "Évry");
  communes_->Count("s1", "91228");
  EXPECT_EQ(communes_->Resolve("s1", "evry", "commune")->choices[0].name, "Évry-Courcouronnes");
  communes_->Count("s1", "89162");
  EXPECT_FALSE(communes_->Resolve("s1", "evry", "commune")->commune)
      << "seen once, as Évry-Courcouronnes";
  communes_->Count("s1", "89162");
  EXPECT_EQ(communes_->Resolve("s1", "evry", "commune")->commune->insee, "89162");
  auto unknown = communes_->Resolve("s1", "Gotham", "commune");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "commune");
  EXPECT_EQ(unknown.error().kind, ErrorKind::kInvalid);
  EXPECT_FALSE(communes_->Resolve("s1", "99999", "commune"));
  EXPECT_FALSE(communes_->Resolve("s1", "Nowhere (99999)", "commune"));
}

}  // namespace
}  // namespace relais::app
