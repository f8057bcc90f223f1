// The GIP's funding split: fixed amounts first, the rest between the usage
// communes by their residents' visits, largest-remainder rounding to the
// cent and to the basis point, and every refusal.
#include "domain/funding.h"

#include <gtest/gtest.h>

#include <numeric>

namespace relais {
namespace {

Member Usage(const std::string& id, const std::string& insee, int position) {
  return {id, "Ville " + id, MemberKind::kCommune, insee, FundingKey::kUsage, 0, position};
}

Member Fixed(const std::string& id, MemberKind kind, std::int64_t cents, int position) {
  return {id, "Membre " + id, kind, std::nullopt, FundingKey::kFixed, cents, position};
}

std::int64_t SumAmounts(const FundingSplit& split) {
  std::int64_t sum = 0;
  for (const auto& m : split.members) sum += m.amount_cents;
  return sum;
}

std::int64_t SumBasisPoints(const FundingSplit& split) {
  std::int64_t sum = 0;
  for (const auto& m : split.members) sum += m.share_basis_points;
  return sum;
}

TEST(LargestRemainder, PartsSumToTheTotalAndTiesGoToTheFirst) {
  EXPECT_EQ(SplitByLargestRemainder(100, {1, 1, 1}), (std::vector<std::int64_t>{34, 33, 33}));
  EXPECT_EQ(SplitByLargestRemainder(10, {1, 2, 3, 4}), (std::vector<std::int64_t>{1, 2, 3, 4}));
  // 7 × 1/6 = 1.1667, 7 × 2/6 = 2.333, 7 × 3/6 = 3.5: floors 1, 2, 3 and the
  // cent left goes to the largest remainder, 0.5.
  EXPECT_EQ(SplitByLargestRemainder(7, {1, 2, 3}), (std::vector<std::int64_t>{1, 2, 4}));
  EXPECT_EQ(SplitByLargestRemainder(5, {0, 3, 0}), (std::vector<std::int64_t>{0, 5, 0}));
  EXPECT_EQ(SplitByLargestRemainder(5, {0, 0}), (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(SplitByLargestRemainder(0, {1, 2}), (std::vector<std::int64_t>{0, 0}));
  const std::vector<std::int64_t> weights = {7919, 104729, 1, 3, 999983, 12};
  for (std::int64_t total :
       std::vector<std::int64_t>{1, 99, 10'000, 123'456'789, kMaxFundingCents}) {
    const auto parts = SplitByLargestRemainder(total, weights);
    EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), std::int64_t{0}), total) << total;
  }
}

TEST(SplitFunding, FixedAmountsFirstThenTheRestByVisits) {
  const std::vector<Member> members = {
      Usage("antony", "92002", 1),
      Usage("massy", "91377", 2),
      Fixed("essonne", MemberKind::kDepartment, 40'000'00, 3),
      Fixed("etat", MemberKind::kState, 60'000'00, 4),
      Usage("verrieres", "92077", 5),  // no visits: pays nothing
  };
  const std::unordered_map<std::string, std::int64_t> visits = {
      {"92002", 1'000}, {"91377", 3'000}, {"75056", 500}};
  auto split = SplitFunding(200'000'00, members, visits, {{"92002", "Antony"}});
  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->budget_cents, 200'000'00);
  EXPECT_EQ(split->fixed_cents, 100'000'00);
  EXPECT_EQ(split->usage_cents, 100'000'00);
  ASSERT_EQ(split->members.size(), 5u);
  EXPECT_EQ(split->members[0].id, "antony");
  EXPECT_EQ(split->members[0].amount_cents, 25'000'00);
  EXPECT_EQ(split->members[1].amount_cents, 75'000'00);
  EXPECT_EQ(split->members[2].amount_cents, 40'000'00);
  EXPECT_EQ(split->members[3].amount_cents, 60'000'00);
  EXPECT_EQ(split->members[4].amount_cents, 0);
  EXPECT_EQ(split->members[0].share_basis_points, 1250);
  EXPECT_EQ(split->members[1].share_basis_points, 3750);
  EXPECT_EQ(split->members[2].share_basis_points, 2000);
  EXPECT_EQ(split->members[3].share_basis_points, 3000);
  EXPECT_EQ(split->members[4].share_basis_points, 0);
  EXPECT_DOUBLE_EQ(split->members[1].share, 0.375);
  EXPECT_EQ(SumAmounts(*split), 200'000'00);
  EXPECT_EQ(SumBasisPoints(*split), 10'000);

  // The usage communes, most visits first, with their share of the key.
  ASSERT_EQ(split->communes.size(), 3u);
  EXPECT_EQ(split->communes[0].insee, "91377");
  EXPECT_EQ(split->communes[0].name, "Ville massy") << "no name given: the member's";
  EXPECT_EQ(split->communes[0].visits, 3'000);
  EXPECT_DOUBLE_EQ(split->communes[0].share, 0.75);
  EXPECT_EQ(split->communes[1].name, "Antony");
  EXPECT_DOUBLE_EQ(split->communes[1].share, 0.25);
  EXPECT_EQ(split->communes[2].insee, "92077");
  EXPECT_EQ(split->communes[2].visits, 0);
  EXPECT_EQ(split->communes[2].share, 0.0);
}

TEST(SplitFunding, CentsLeftGoToTheLargestRemaindersAndSumToTheBudget) {
  const std::vector<Member> members = {Usage("a", "92002", 1), Usage("b", "91377", 2),
                                       Usage("c", "91477", 3)};
  const std::unordered_map<std::string, std::int64_t> visits = {
      {"92002", 1}, {"91377", 1}, {"91477", 1}};
  auto split = SplitFunding(100'00, members, visits);
  ASSERT_TRUE(split);
  EXPECT_EQ(split->members[0].amount_cents, 33'34);
  EXPECT_EQ(split->members[1].amount_cents, 33'33);
  EXPECT_EQ(split->members[2].amount_cents, 33'33);
  EXPECT_EQ(split->members[0].share_basis_points, 3334);
  EXPECT_EQ(split->members[1].share_basis_points, 3333);
  EXPECT_EQ(SumBasisPoints(*split), 10'000);

  // Awkward visits and budget: still to the cent and to the basis point.
  const std::unordered_map<std::string, std::int64_t> odd = {
      {"92002", 7919}, {"91377", 104'729}, {"91477", 13}};
  std::vector<Member> with_fixed = members;
  with_fixed.push_back(Fixed("x", MemberKind::kCcas, 12'345'67, 4));
  for (std::int64_t budget :
       std::vector<std::int64_t>{12'345'67, 12'345'68, 98'765'432'10, kMaxFundingCents}) {
    auto s = SplitFunding(budget, with_fixed, odd);
    ASSERT_TRUE(s) << budget;
    EXPECT_EQ(SumAmounts(*s), budget);
    EXPECT_EQ(SumBasisPoints(*s), 10'000);
    EXPECT_EQ(s->members[3].amount_cents, 12'345'67);
  }
}

TEST(SplitFunding, MembersComeInTheirPositionOrder) {
  const std::vector<Member> members = {Fixed("z", MemberKind::kOther, 1'00, 2),
                                       Fixed("b", MemberKind::kOther, 1'00, 1),
                                       Fixed("a", MemberKind::kOther, 1'00, 1)};
  auto split = SplitFunding(3'00, members, {});
  ASSERT_TRUE(split);
  EXPECT_EQ(split->members[0].id, "a");
  EXPECT_EQ(split->members[1].id, "b");
  EXPECT_EQ(split->members[2].id, "z");
  // 1/3 each: the first in order gets the basis point left.
  EXPECT_EQ(split->members[0].share_basis_points, 3334);
  EXPECT_EQ(split->members[2].share_basis_points, 3333);
}

TEST(SplitFunding, AZeroBudgetGivesZeroSharesWhenNothingIsFixed) {
  auto split = SplitFunding(0, {Usage("a", "92002", 1)}, {{"92002", 10}});
  ASSERT_TRUE(split);
  EXPECT_EQ(split->members[0].amount_cents, 0);
  EXPECT_EQ(split->members[0].share, 0.0);
}

TEST(SplitFunding, ABudgetEqualToTheFixedAmountsNeedsNoVisits) {
  auto split =
      SplitFunding(500'00, {Fixed("x", MemberKind::kState, 500'00, 1), Usage("a", "92002", 2)}, {});
  ASSERT_TRUE(split);
  EXPECT_EQ(split->members[0].share_basis_points, 10'000);
  EXPECT_EQ(split->members[1].amount_cents, 0);
}

TEST(SplitFunding, Refusals) {
  const std::vector<Member> members = {Fixed("x", MemberKind::kState, 500'00, 1),
                                       Usage("a", "92002", 2)};
  auto negative = SplitFunding(-1, members, {});
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().code, "invalid_budget");
  EXPECT_EQ(negative.error().field, "budget");
  EXPECT_FALSE(SplitFunding(kMaxFundingCents + 1, members, {}));
  auto below = SplitFunding(499'99, members, {{"92002", 3}});
  ASSERT_FALSE(below);
  EXPECT_EQ(below.error().code, "budget_below_fixed");
  EXPECT_EQ(below.error().field, "budget");
  auto nobody = SplitFunding(600'00, members, {{"91377", 3}});
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, "no_usage_visits");
  EXPECT_EQ(nobody.error().kind, ErrorKind::kInvalid);
  auto no_members = SplitFunding(600'00, {}, {});
  ASSERT_FALSE(no_members);
  EXPECT_EQ(no_members.error().code, "no_usage_visits");
}

TEST(CheckMember, RefusesNamingTheField) {
  const auto field = [](const Member& m) {
    auto ok = CheckMember(m);
    return ok ? std::string("(ok)") : ok.error().field;
  };
  EXPECT_EQ(field(Usage("antony", "92002", 1)), "(ok)");
  EXPECT_EQ(field(Fixed("etat", MemberKind::kState, 0, 1)), "(ok)");
  EXPECT_EQ(field(Usage("Antony", "92002", 1)), "id");
  EXPECT_EQ(field(Usage("", "92002", 1)), "id");
  EXPECT_EQ(field(Usage(std::string(65, 'a'), "92002", 1)), "id");
  Member no_name = Usage("a", "92002", 1);
  no_name.name.clear();
  EXPECT_EQ(field(no_name), "name");
  Member long_name = no_name;
  long_name.name = std::string(201, 'x');
  EXPECT_EQ(field(long_name), "name");
  Member no_code = Usage("a", "92002", 1);
  no_code.commune_insee.reset();
  EXPECT_EQ(field(no_code), "commune_insee");
  Member state_with_code = Fixed("etat", MemberKind::kState, 1, 1);
  state_with_code.commune_insee = "92002";
  EXPECT_EQ(field(state_with_code), "commune_insee");
  Member state_usage = Fixed("etat", MemberKind::kState, 0, 1);
  state_usage.key = FundingKey::kUsage;
  EXPECT_EQ(field(state_usage), "key");
  EXPECT_EQ(field(Fixed("etat", MemberKind::kState, -1, 1)), "fixed_amount");
  EXPECT_EQ(field(Fixed("etat", MemberKind::kState, kMaxFundingCents + 1, 1)), "fixed_amount");
  Member usage_with_amount = Usage("a", "92002", 1);
  usage_with_amount.fixed_cents = 100;
  EXPECT_EQ(field(usage_with_amount), "fixed_amount");
}

TEST(MemberKind, NamesAndKeysReadBack) {
  for (MemberKind kind : kMemberKinds) EXPECT_EQ(ParseMemberKind(MemberKindName(kind)), kind);
  EXPECT_EQ(MemberKindName(MemberKind::kSocialLandlord), "social_landlord");
  EXPECT_EQ(MemberKindLabel(MemberKind::kSocialLandlord), "Bailleur social");
  EXPECT_FALSE(ParseMemberKind("region"));
  EXPECT_EQ(ParseFundingKey("usage"), FundingKey::kUsage);
  EXPECT_EQ(ParseFundingKey("fixed"), FundingKey::kFixed);
  EXPECT_FALSE(ParseFundingKey("Usage"));
}

}  // namespace
}  // namespace relais
