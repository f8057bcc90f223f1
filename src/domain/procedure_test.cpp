#include "domain/procedure.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace relais {
namespace {

using S = ProcedureStatus;

// The lifecycle, written out independently of the table it checks.
const std::set<std::pair<S, S>> kExpected = {
    {S::kToDo, S::kInProgress},   {S::kToDo, S::kClosed},          {S::kInProgress, S::kSubmitted},
    {S::kInProgress, S::kClosed}, {S::kSubmitted, S::kInProgress}, {S::kSubmitted, S::kGranted},
    {S::kSubmitted, S::kRefused}, {S::kSubmitted, S::kClosed},     {S::kGranted, S::kClosed},
    {S::kRefused, S::kClosed},
};

TEST(ProcedureTest, EveryTransitionIsAllowedOrRefusedAsTheLifecycleSays) {
  int allowed = 0;
  for (S from : kProcedureStatuses) {
    for (S to : kProcedureStatuses) {
      const bool expected = kExpected.count({from, to}) > 0;
      EXPECT_EQ(ProcedureTransitionAllowed(from, to), expected)
          << ProcedureStatusName(from) << " → " << ProcedureStatusName(to);
      auto checked = CheckProcedureTransition(from, to);
      EXPECT_EQ(checked.has_value(), expected);
      if (!checked) {
        EXPECT_EQ(checked.error().kind, ErrorKind::kConflict);
        EXPECT_EQ(checked.error().code, "invalid_transition");
        EXPECT_NE(checked.error().message.find(ProcedureStatusLabel(from)), std::string::npos);
        EXPECT_NE(checked.error().message.find(ProcedureStatusLabel(to)), std::string::npos);
      }
      allowed += expected;
    }
  }
  EXPECT_EQ(allowed, 10);
}

TEST(ProcedureTest, ClosedIsFinalAndNothingGoesBackToToDo) {
  EXPECT_TRUE(NextProcedureStatuses(S::kClosed).empty());
  for (S from : kProcedureStatuses) EXPECT_FALSE(ProcedureTransitionAllowed(from, S::kToDo));
  EXPECT_EQ(NextProcedureStatuses(S::kSubmitted),
            (std::vector<S>{S::kInProgress, S::kGranted, S::kRefused, S::kClosed}));
}

TEST(ProcedureTest, StatusNamesRoundTripAndHaveFrenchLabels) {
  std::set<std::string_view> names;
  for (S status : kProcedureStatuses) {
    EXPECT_EQ(ParseProcedureStatus(ProcedureStatusName(status)), status);
    EXPECT_FALSE(ProcedureStatusLabel(status).empty());
    names.insert(ProcedureStatusName(status));
  }
  EXPECT_EQ(names.size(), 6u);
  EXPECT_EQ(ProcedureStatusLabel(S::kToDo), "À faire");
  EXPECT_FALSE(ParseProcedureStatus("To_Do"));
  EXPECT_FALSE(ParseProcedureStatus(""));
}

TEST(ProcedureTest, KindsAreUniqueSlugsWithNames) {
  std::set<std::string_view> codes;
  for (const ProcedureKind& kind : ProcedureKinds()) {
    EXPECT_TRUE(codes.insert(kind.code).second) << kind.code;
    EXPECT_FALSE(kind.label.empty());
    for (char c : kind.code) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '-') << kind.code;
  }
  ASSERT_TRUE(FindProcedureKind("prime-activite"));
  EXPECT_EQ(FindProcedureKind("prime-activite")->label, "Prime d'activité");
  EXPECT_FALSE(FindProcedureKind("Prime-Activite"));
}

TEST(ProcedureTest, ReferralOutcomesRoundTrip) {
  for (auto outcome :
       {ReferralOutcome::kUnknown, ReferralOutcome::kReached, ReferralOutcome::kNotReached}) {
    EXPECT_EQ(ParseReferralOutcome(ReferralOutcomeName(outcome)), outcome);
    EXPECT_FALSE(ReferralOutcomeLabel(outcome).empty());
  }
  EXPECT_EQ(ReferralOutcomeName(ReferralOutcome::kNotReached), "not_reached");
  EXPECT_FALSE(ParseReferralOutcome("reachable"));
}

}  // namespace
}  // namespace relais
