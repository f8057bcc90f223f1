#include "domain/survey.h"

#include <gtest/gtest.h>

namespace relais {
namespace {

using date::day;
using date::month;
using date::year;

SurveyAnswer Answer(int p, int e, int l, std::optional<bool> recommend = std::nullopt) {
  return SurveyAnswer{p, e, l, recommend, std::nullopt};
}

SurveyRecord Record(SurveyKind kind, int y, unsigned m, unsigned d, SurveyAnswer answer) {
  return SurveyRecord{kind, year{y} / month{m} / day{d}, std::move(answer)};
}

TEST(Survey, KindsHaveStableNamesAndFrenchLabels) {
  for (SurveyKind kind : kSurveyKinds) {
    EXPECT_EQ(ParseSurveyKind(SurveyKindName(kind)), kind);
    EXPECT_FALSE(SurveyKindLabel(kind).empty());
  }
  EXPECT_EQ(SurveyKindName(SurveyKind::kAppointment), "appointment");
  EXPECT_EQ(SurveyKindLabel(SurveyKind::kWorkshop), "Atelier numérique");
  EXPECT_FALSE(ParseSurveyKind("Visit"));
  EXPECT_FALSE(ParseSurveyKind(""));
}

TEST(Survey, ScoresRunFromOneToFiveWithFrenchLabels) {
  EXPECT_EQ(SurveyScoreLabel(1), "Très insatisfait");
  EXPECT_EQ(SurveyScoreLabel(5), "Très satisfait");
  EXPECT_EQ(SurveyScoreLabel(0), "");
  EXPECT_EQ(SurveyScoreLabel(6), "");
  EXPECT_TRUE(CheckSurveyAnswer(Answer(1, 5, 3)));
}

TEST(Survey, AScoreOutOfRangeNamesItsField) {
  const std::pair<SurveyAnswer, std::string> cases[] = {
      {Answer(0, 4, 4), "professionalism"}, {Answer(6, 4, 4), "professionalism"},
      {Answer(4, 0, 4), "efficiency"},      {Answer(4, -3, 4), "efficiency"},
      {Answer(4, 4, 9), "listening"},       {Answer(4, 4, 0), "listening"},
  };
  for (const auto& [answer, field] : cases) {
    Status checked = CheckSurveyAnswer(answer);
    ASSERT_FALSE(checked) << field;
    EXPECT_EQ(checked.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(checked.error().code, "invalid_score");
    EXPECT_EQ(checked.error().field, field);
  }
}

TEST(Survey, TheCommentIsBoundedAndMustBeText) {
  SurveyAnswer answer = Answer(5, 5, 5);
  answer.comment = std::string(kMaxSurveyCommentChars, 'a');
  EXPECT_TRUE(CheckSurveyAnswer(answer));
  // 1000 characters of two bytes each are still 1000 characters.
  answer.comment.reset();
  answer.comment.emplace();
  for (std::size_t i = 0; i < kMaxSurveyCommentChars; ++i) *answer.comment += "é";
  EXPECT_TRUE(CheckSurveyAnswer(answer));
  *answer.comment += "!";
  Status long_one = CheckSurveyAnswer(answer);
  ASSERT_FALSE(long_one);
  EXPECT_EQ(long_one.error().code, "comment_too_long");
  EXPECT_EQ(long_one.error().field, "comment");

  for (std::string bad : {std::string("\xC3"), std::string("a\xFF"), std::string("\xC0\xAF"),
                          std::string("\xED\xA0\x80")}) {
    answer.comment = bad;
    Status refused = CheckSurveyAnswer(answer);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "comment");
  }
}

TEST(Survey, ABlankCommentIsNoCommentAndAnotherIsKeptVerbatim) {
  EXPECT_FALSE(SurveyComment(""));
  EXPECT_FALSE(SurveyComment("  \n\t "));
  EXPECT_EQ(SurveyComment("  Merci <b>Awa</b> !\n"), "  Merci <b>Awa</b> !\n");
}

TEST(Survey, ResultsPerMonthAndKindWithAveragesAndTheShareRecommending) {
  const std::vector<SurveyRecord> records = {
      Record(SurveyKind::kVisit, 2025, 1, 6, Answer(5, 4, 5, true)),
      Record(SurveyKind::kVisit, 2025, 1, 31, Answer(4, 4, 3, false)),
      Record(SurveyKind::kVisit, 2025, 1, 15, Answer(3, 5, 4)),
      Record(SurveyKind::kWorkshop, 2025, 1, 20, Answer(5, 5, 5, true)),
      Record(SurveyKind::kAppointment, 2025, 3, 1, Answer(2, 3, 4, true)),
      Record(SurveyKind::kVisit, 2024, 12, 31, Answer(1, 1, 1, false)),  // another year
      Record(SurveyKind::kVisit, 2026, 1, 1, Answer(1, 1, 1, false)),    // another year
  };
  const SurveySummary summary = SummarizeSurveys(2025, records);
  EXPECT_EQ(summary.year, 2025);
  EXPECT_EQ(summary.count, 5);
  ASSERT_EQ(summary.months.size(), 3u);

  const SurveyTally& january_visits = summary.months[0];
  EXPECT_EQ(january_visits.month, 1u);
  EXPECT_EQ(january_visits.kind, SurveyKind::kVisit);
  EXPECT_EQ(january_visits.count, 3);
  EXPECT_DOUBLE_EQ(january_visits.Average("professionalism"), 4.0);
  EXPECT_DOUBLE_EQ(january_visits.Average("efficiency"), 13.0 / 3);
  EXPECT_DOUBLE_EQ(january_visits.Average("listening"), 4.0);
  ASSERT_TRUE(january_visits.RecommendShare());
  EXPECT_DOUBLE_EQ(*january_visits.RecommendShare(), 0.5);  // the third did not answer

  EXPECT_EQ(summary.months[1].month, 1u);
  EXPECT_EQ(summary.months[1].kind, SurveyKind::kWorkshop);
  EXPECT_EQ(summary.months[2].month, 3u);
  EXPECT_EQ(summary.months[2].kind, SurveyKind::kAppointment);

  ASSERT_EQ(summary.totals.size(), 3u);
  EXPECT_EQ(summary.totals[0].kind, SurveyKind::kVisit);
  EXPECT_EQ(summary.totals[0].count, 3);
  EXPECT_EQ(summary.totals[1].kind, SurveyKind::kAppointment);
  EXPECT_EQ(summary.totals[1].count, 1);
  EXPECT_EQ(summary.totals[2].count, 1);
  EXPECT_EQ(summary.totals[0].month, 0u);
}

TEST(Survey, AYearWithoutAnswersHasEmptyTotals) {
  const SurveySummary summary = SummarizeSurveys(2025, {});
  EXPECT_EQ(summary.count, 0);
  EXPECT_TRUE(summary.months.empty());
  ASSERT_EQ(summary.totals.size(), 3u);
  for (const SurveyTally& total : summary.totals) {
    EXPECT_EQ(total.count, 0);
    EXPECT_DOUBLE_EQ(total.Average("listening"), 0);
    EXPECT_FALSE(total.RecommendShare());
  }
}

}  // namespace
}  // namespace relais
