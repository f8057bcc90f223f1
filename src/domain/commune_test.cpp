#include "domain/commune.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace relais {
namespace {

// A few real lines of the shipped table (web/tools/communes.mjs).
constexpr std::string_view kSample =
    "11339\tSaint-Denis\t11\t500\n"
    "2A004\tAjaccio\t2A\t76320\n"
    "2B033\tBastia\t2B\t48503\n"
    "30247\tSaint-Denis\t30\t320\n"
    "77175\tÉvry-Grégy-sur-Yerre\t77\t3321\n"
    "91228\tÉvry-Courcouronnes\t91\t69031\n"
    "92002\tAntony\t92\t62961\n"
    "93066\tSaint-Denis\t93\t113942\n"
    "93072\tStains\t93\t39000\n"
    "94038\tL'Haÿ-les-Roses\t94\t31188\n"
    "94068\tSaint-Maur-des-Fossés\t94\t74000\n"
    "94069\tSaint-Maurice\t94\t14000\n"
    "95582\tSainte-Œuvre-Fictive\t95\t0\n"
    "97411\tSaint-Denis\t974\t153810\n";

CommuneTable Sample() {
  auto table = CommuneTable::Parse(kSample);
  EXPECT_TRUE(table.has_value()) << table.error().message;
  return std::move(*table);
}

std::vector<std::string> Codes(const std::vector<CommuneMatch>& matches) {
  std::vector<std::string> codes;
  for (const auto& m : matches) codes.emplace_back(m.commune->insee);
  return codes;
}

TEST(FoldName, FoldsAccentsCaseAndPunctuation) {
  EXPECT_EQ(FoldName("Évry-Courcouronnes"), "evry courcouronnes");
  EXPECT_EQ(FoldName("L'Haÿ-les-Roses"), "l hay les roses");
  EXPECT_EQ(FoldName("L’Haÿ-les-Roses"), "l hay les roses");
  EXPECT_EQ(FoldName("  SAINTE-ŒUVRE  "), "sainte oeuvre");
  EXPECT_EQ(FoldName("Çà et là"), "ca et la");
  EXPECT_EQ(FoldName("--"), "");
  EXPECT_EQ(FoldName("Łódź"), "Łodź") << "other letters are kept as they are";
}

TEST(CommuneTable, FindsByCodeInEitherCase) {
  const CommuneTable table = Sample();
  EXPECT_EQ(table.size(), 14u);
  ASSERT_NE(table.Find("92002"), nullptr);
  EXPECT_EQ(table.Find("92002")->name, "Antony");
  EXPECT_EQ(table.Find("92002")->department, "92");
  EXPECT_EQ(table.Find("2a004")->name, "Ajaccio");
  EXPECT_EQ(table.Find("92003"), nullptr);
  EXPECT_EQ(table.Find("9200"), nullptr);
  EXPECT_EQ(table.Find("' OR 1=1 --"), nullptr);
}

TEST(CommuneTable, SearchIgnoresAccentsAndCase) {
  const CommuneTable table = Sample();
  EXPECT_EQ(Codes(table.Match("evry")), (std::vector<std::string>{"77175", "91228"}));
  EXPECT_EQ(Codes(table.Match("ÉVRY-C")), (std::vector<std::string>{"91228"}));
  EXPECT_EQ(Codes(table.Match("lhay")), (std::vector<std::string>{}));
  EXPECT_EQ(Codes(table.Match("l'hay")), (std::vector<std::string>{"94038"}));
  EXPECT_EQ(Codes(table.Match("sainte oeuvre")), (std::vector<std::string>{"95582"}));
}

TEST(CommuneTable, StReadsSaintAndStaysItself) {
  const CommuneTable table = Sample();
  auto st = Codes(table.Match("st"));
  EXPECT_EQ(st.size(), 8u);  // seven Saint(e)-…, Stains; not Bastia
  EXPECT_NE(std::find(st.begin(), st.end(), "93072"), st.end()) << "Stains";
  EXPECT_EQ(std::find(st.begin(), st.end(), "2B033"), st.end()) << "Bastia";
  EXPECT_EQ(Codes(table.Match("st maur")), (std::vector<std::string>{"94068", "94069"}));
  EXPECT_EQ(Codes(table.Match("ste")), (std::vector<std::string>{"95582"}));
}

TEST(CommuneTable, MatchQualityRanksExactThenPrefixThenWord) {
  const CommuneTable table = Sample();
  for (const auto& m : table.Match("saint denis")) EXPECT_EQ(m.match, NameMatch::kExact);
  auto courc = table.Match("courcouronnes");
  ASSERT_EQ(courc.size(), 1u);
  EXPECT_EQ(courc[0].match, NameMatch::kWord);
  auto maur = table.Match("saint maur");
  ASSERT_EQ(maur.size(), 2u);
  EXPECT_EQ(maur[0].match, NameMatch::kPrefix);
}

TEST(CommuneTable, DigitsMatchCodes) {
  const CommuneTable table = Sample();
  EXPECT_EQ(Codes(table.Match("9")),
            (std::vector<std::string>{"91228", "92002", "93066", "93072", "94038", "94068", "94069",
                                      "95582", "97411"}));
  EXPECT_EQ(Codes(table.Match("920")), (std::vector<std::string>{"92002"}));
  auto exact = table.Match(" 92002 ");
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_EQ(exact[0].match, NameMatch::kExact);
  EXPECT_EQ(Codes(table.Match("2b")), (std::vector<std::string>{"2B033"}));
  EXPECT_TRUE(table.Match("").empty());
  EXPECT_TRUE(table.Match(" - ").empty());
}

TEST(CommuneTable, RefusesMalformedTables) {
  EXPECT_FALSE(CommuneTable::Parse("92002\tAntony\t92\n").has_value());
  EXPECT_FALSE(CommuneTable::Parse("9200\tAntony\t92\t1\n").has_value());
  EXPECT_FALSE(CommuneTable::Parse("92002\t\t92\t1\n").has_value());
  EXPECT_FALSE(CommuneTable::Parse("92002\tAntony\t92\tbeaucoup\n").has_value());
  EXPECT_FALSE(CommuneTable::Parse("92002\tAntony\t92\t1\n92002\tAntony\t92\t1\n").has_value());
  auto unsorted = CommuneTable::Parse("94038\tL'Haÿ-les-Roses\t94\t1\n92002\tAntony\t92\t1\n");
  ASSERT_FALSE(unsorted.has_value());
  EXPECT_NE(unsorted.error().message.find("ligne 2"), std::string::npos);
  EXPECT_TRUE(CommuneTable::Parse("").has_value());
}

}  // namespace
}  // namespace relais
