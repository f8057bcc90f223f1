#include "domain/hours_exceptions.h"

#include <gtest/gtest.h>

namespace relais {
namespace {

using namespace date::literals;
using std::chrono::hours;
using std::chrono::minutes;

constexpr char kSeed[] = "Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off";

OpeningHours Parse(const char* value) {
  auto parsed = ParseOpeningHours(value);
  EXPECT_TRUE(parsed) << value;
  return *parsed;
}

date::local_seconds At(date::year_month_day day, int hour, int minute) {
  return date::local_days{day} + hours(hour) + minutes(minute);
}

TEST(HoursExceptions, WithoutExceptionsTheWeeklyRuleHolds) {
  SiteHoursRules rules{Parse(kSeed), HolidayCalendar(false), {}};
  // Monday 2025-03-31: two ranges.
  auto intervals = SiteOpenIntervals(rules, 2025_y / 3 / 31, 2025_y / 3 / 31);
  ASSERT_EQ(intervals.size(), 2u);
  EXPECT_EQ(intervals[0].start, At(2025_y / 3 / 31, 9, 30));
  EXPECT_EQ(intervals[1].end, At(2025_y / 3 / 31, 17, 0));
}

TEST(HoursExceptions, AClosureRemovesTheDayAndIsListedWithItsReason) {
  SiteHoursRules rules{Parse(kSeed), HolidayCalendar(false),
                       {{2025_y / 4 / 2, Parse("off"), "Formation de l'équipe"}}};
  auto intervals = SiteOpenIntervals(rules, 2025_y / 3 / 31, 2025_y / 4 / 4);
  for (const auto& interval : intervals) {
    EXPECT_FALSE(interval.start >= At(2025_y / 4 / 2, 0, 0) && interval.start < At(2025_y / 4 / 3, 0, 0));
  }
  // Mon 2 ranges, Tue 1, Wed 0, Thu 2, Fri 1.
  EXPECT_EQ(intervals.size(), 6u);
  auto closed = SiteClosedDays(rules, 2025_y / 3 / 31, 2025_y / 4 / 4);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].date, 2025_y / 4 / 2);
  EXPECT_EQ(closed[0].reason, "Formation de l'équipe");
}

TEST(HoursExceptions, AnOpeningReplacesTheDaysHoursEvenOnAHoliday) {
  // Saturday 2025-04-05 is normally closed; Monday 2025-04-21 is Easter Monday.
  SiteHoursRules rules{Parse(kSeed), HolidayCalendar(false),
                       {{2025_y / 4 / 5, Parse("10:00-12:00"), "Permanence impôts"},
                        {2025_y / 4 / 21, Parse("14:00-16:00"), "Ouverture exceptionnelle"}}};
  auto saturday = SiteOpenIntervals(rules, 2025_y / 4 / 5, 2025_y / 4 / 5);
  ASSERT_EQ(saturday.size(), 1u);
  EXPECT_EQ(saturday[0].start, At(2025_y / 4 / 5, 10, 0));
  EXPECT_EQ(saturday[0].end, At(2025_y / 4 / 5, 12, 0));
  auto easter_monday = SiteOpenIntervals(rules, 2025_y / 4 / 21, 2025_y / 4 / 21);
  ASSERT_EQ(easter_monday.size(), 1u);
  EXPECT_EQ(easter_monday[0].start, At(2025_y / 4 / 21, 14, 0));
  EXPECT_TRUE(SiteClosedDays(rules, 2025_y / 4 / 21, 2025_y / 4 / 21).empty());
}

TEST(HoursExceptions, HolidaysAreClosedDaysUnlessAnExceptionOpensThem) {
  SiteHoursRules rules{Parse(kSeed), HolidayCalendar(false), {}};
  auto closed = SiteClosedDays(rules, 2025_y / 4 / 21, 2025_y / 4 / 21);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].reason, "Lundi de Pâques");
}

TEST(HoursExceptions, ARangePastMidnightIsCutAtAClosedDay) {
  SiteHoursRules rules{Parse("Mo-Su 20:00-02:00"), HolidayCalendar(false),
                       {{2025_y / 6 / 3, Parse("off"), "Fermé"}}};
  auto intervals = SiteOpenIntervals(rules, 2025_y / 6 / 2, 2025_y / 6 / 3);
  // Sunday night's range spills into Monday; Monday night's stops at the closed Tuesday.
  ASSERT_EQ(intervals.size(), 2u);
  EXPECT_EQ(intervals[0].start, At(2025_y / 6 / 2, 0, 0));
  EXPECT_EQ(intervals[0].end, At(2025_y / 6 / 2, 2, 0));
  EXPECT_EQ(intervals[1].start, At(2025_y / 6 / 2, 20, 0));
  EXPECT_EQ(intervals[1].end, At(2025_y / 6 / 3, 0, 0));
}

}  // namespace
}  // namespace relais
