#include "app/zoned_time.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace relais::app {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

date::local_seconds Local(int year, unsigned month, unsigned day, int hour, int minute) {
  return date::local_days{date::year{year} / date::month{month} / date::day{day}} + hours{hour} +
         minutes{minute};
}

class ParisTime : public ::testing::Test {
 protected:
  TimeZone paris_ = *TimeZone::Find("Europe/Paris");

  std::string At(int year, unsigned month, unsigned day, int hour, int minute) const {
    return paris_.FormatRfc3339(paris_.ToInstant(Local(year, month, day, hour, minute)));
  }
  std::string Show(const std::vector<Interval>& intervals) const {
    std::string text;
    for (const Interval& interval : intervals) {
      if (!text.empty()) text += ' ';
      text += paris_.FormatRfc3339(interval.start) + "/" + paris_.FormatRfc3339(interval.end);
    }
    return text;
  }
};

TEST_F(ParisTime, FormatsWithTheOffsetOfTheDay) {
  EXPECT_EQ(paris_.name(), "Europe/Paris");
  EXPECT_EQ(At(2025, 1, 15, 9, 30), "2025-01-15T09:30:00+01:00");
  EXPECT_EQ(At(2025, 3, 31, 9, 30), "2025-03-31T09:30:00+02:00");
  EXPECT_EQ(paris_.ToLocal(paris_.ToInstant(Local(2025, 7, 14, 23, 59))),
            Local(2025, 7, 14, 23, 59));
}

TEST_F(ParisTime, SkippedTimesAreTheInstantClocksJump) {
  // 2025-03-30: 02:00 becomes 03:00.
  EXPECT_EQ(At(2025, 3, 30, 1, 59), "2025-03-30T01:59:00+01:00");
  EXPECT_EQ(At(2025, 3, 30, 2, 0), "2025-03-30T03:00:00+02:00");
  EXPECT_EQ(At(2025, 3, 30, 2, 30), "2025-03-30T03:00:00+02:00");
  EXPECT_EQ(At(2025, 3, 30, 3, 0), "2025-03-30T03:00:00+02:00");
}

TEST_F(ParisTime, RepeatedTimesAreTheirFirstOccurrence) {
  // 2025-10-26: 03:00 becomes 02:00.
  EXPECT_EQ(At(2025, 10, 26, 2, 30), "2025-10-26T02:30:00+02:00");
  EXPECT_EQ(At(2025, 10, 26, 3, 0), "2025-10-26T03:00:00+01:00");
}

TEST_F(ParisTime, IntervalsKeepTheInstantsTheWallClockShows) {
  const auto interval = [](int from_hour, int from_minute, int to_hour, int to_minute) {
    return LocalInterval{Local(2025, 3, 30, from_hour, from_minute),
                         Local(2025, 3, 30, to_hour, to_minute)};
  };
  EXPECT_EQ(Show(paris_.ToInstants({interval(2, 15, 2, 45)})), "");
  EXPECT_EQ(Show(paris_.ToInstants({interval(1, 30, 2, 30)})),
            "2025-03-30T01:30:00+01:00/2025-03-30T03:00:00+02:00");
  EXPECT_EQ(Show(paris_.ToInstants({interval(2, 30, 4, 0)})),
            "2025-03-30T03:00:00+02:00/2025-03-30T04:00:00+02:00");
  // Touching once converted: merged.
  EXPECT_EQ(Show(paris_.ToInstants({interval(1, 0, 2, 0), interval(3, 0, 5, 0)})),
            "2025-03-30T01:00:00+01:00/2025-03-30T05:00:00+02:00");
  // Autumn: the repeated hour continues the state of its first pass.
  EXPECT_EQ(Show(paris_.ToInstants({{Local(2025, 10, 26, 1, 0), Local(2025, 10, 26, 2, 30)},
                                    {Local(2025, 10, 26, 2, 45), Local(2025, 10, 26, 3, 30)}})),
            "2025-10-26T01:00:00+02:00/2025-10-26T02:30:00+02:00 "
            "2025-10-26T02:45:00+02:00/2025-10-26T03:30:00+01:00");
}

TEST_F(ParisTime, ARunOfInstantsKeepsEachOffsetAcrossTheChanges) {
  // Every half hour over both changes of 2025, forwards then backwards: the
  // remembered offset period must be looked up again at each change.
  std::vector<date::sys_seconds> instants;
  for (const auto& [month, day] : {std::pair{3, 29}, std::pair{10, 25}}) {
    const date::sys_seconds first = paris_.ToInstant(Local(2025, month, day, 12, 0));
    for (int i = 0; i < 48; ++i) instants.push_back(first + std::chrono::minutes(30 * i));
  }
  for (const bool backwards : {false, true}) {
    if (backwards) std::reverse(instants.begin(), instants.end());
    TimeZone::OffsetPeriod period;
    std::string run;
    std::string alone;
    for (const date::sys_seconds instant : instants) {
      paris_.AppendRfc3339(run, instant, period);
      alone += paris_.FormatRfc3339(instant);
    }
    EXPECT_EQ(run, alone);
  }
  std::string text;
  TimeZone::OffsetPeriod period;
  paris_.AppendRfc3339(text, paris_.ToInstant(Local(2025, 3, 30, 1, 30)), period);
  paris_.AppendRfc3339(text, paris_.ToInstant(Local(2025, 3, 30, 3, 30)), period);
  EXPECT_EQ(text, "2025-03-30T01:30:00+01:002025-03-30T03:30:00+02:00");
}

TEST(TimeZone, RefusesAnUnknownZone) {
  const Result<TimeZone> zone = TimeZone::Find("Europe/Atlantis");
  ASSERT_FALSE(zone.has_value());
  EXPECT_EQ(zone.error().code, "invalid_timezone");
  EXPECT_EQ(zone.error().field, "timezone");
}

}  // namespace
}  // namespace relais::app
