// The demo's survey answers: deterministic, valid, spread over the three
// kinds of service and mostly 4 and 5, as the seed reports.
#include <gtest/gtest.h>

#include <set>

#include "app/demo.h"

namespace relais::app {
namespace {

TEST(DemoSurveys, AYearOfValidAnswersMostlyFourAndFive) {
  const auto from = date::year{2024} / date::January / 1;
  const auto to = date::year{2024} / date::December / 31;
  const std::vector<SurveyRecord> answers = DemoSurveyAnswers(from, to);
  EXPECT_EQ(answers, DemoSurveyAnswers(from, to)) << "deterministic";
  ASSERT_GT(answers.size(), 800u);
  const SurveySummary summary = SummarizeSurveys(2024, answers);
  EXPECT_EQ(summary.count, static_cast<std::int64_t>(answers.size()));
  int high = 0;
  int scores = 0;
  for (const SurveyRecord& record : answers) {
    ASSERT_TRUE(CheckSurveyAnswer(record.answer));
    const date::weekday weekday{date::sys_days{record.day}};
    EXPECT_NE(weekday, date::Saturday);
    EXPECT_NE(weekday, date::Sunday);
    EXPECT_NE(record.day, date::year{2024} / date::May / 1) << "a public holiday";
    for (const SurveyCriterion& criterion : kSurveyCriteria) {
      high += SurveyScore(record.answer, criterion.name) >= 4;
      ++scores;
    }
  }
  EXPECT_GT(high * 100 / scores, 80) << "mostly 4 and 5";
  for (const SurveyTally& total : summary.totals) {
    EXPECT_GT(total.count, 50) << SurveyKindName(total.kind);
    EXPECT_GT(total.Average("listening"), 4.0);
    ASSERT_TRUE(total.RecommendShare());
    EXPECT_GT(*total.RecommendShare(), 0.85);
  }
  // Every month has answers, and some carry a comment.
  std::set<unsigned> months;
  int comments = 0;
  for (const SurveyRecord& record : answers) {
    months.insert(static_cast<unsigned>(record.day.month()));
    comments += record.answer.comment.has_value();
  }
  EXPECT_EQ(months.size(), 12u);
  EXPECT_GT(comments, 20);
}

}  // namespace
}  // namespace relais::app
