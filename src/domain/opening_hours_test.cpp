#include "domain/opening_hours.h"

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace relais {
namespace {

constexpr const char* kSeed = "Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off";
const HolidayCalendar kNational(false);

date::year_month_day Ymd(int year, unsigned month, unsigned day) {
  return date::year{year} / date::month{month} / date::day{day};
}

OpeningHours Parse(std::string_view value) {
  Result<OpeningHours> hours = ParseOpeningHours(value);
  EXPECT_TRUE(hours.has_value()) << value << " : " << (hours ? "" : hours.error().message);
  return hours ? *hours : OpeningHours();
}

std::string Hhmm(int minutes) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minutes / 60, minutes % 60);
  return buffer;
}

// "09:30-13:00,14:00-17:00", or "" when closed all day.
std::string Day(const OpeningHours& hours, int year, unsigned month, unsigned day,
                const HolidayCalendar& holidays = kNational) {
  std::string text;
  for (const MinuteRange& range :
       hours.OpenRanges(date::local_days{Ymd(year, month, day)}, holidays)) {
    if (!text.empty()) text += ',';
    text += Hhmm(range.start) + "-" + Hhmm(range.end);
  }
  return text;
}

std::string Day(std::string_view value, int year, unsigned month, unsigned day) {
  return Day(Parse(value), year, month, day);
}

std::string Show(const std::vector<LocalInterval>& intervals) {
  std::string text;
  for (const LocalInterval& interval : intervals) {
    if (!text.empty()) text += ' ';
    text += date::format("%F %R", interval.start) + "/" + date::format("%F %R", interval.end);
  }
  return text;
}

TEST(OpeningHours, SeedValueWeek) {
  const OpeningHours hours = Parse(kSeed);
  // Week of Monday 2025-03-31 (the Monday after the spring clock change).
  EXPECT_EQ(Day(hours, 2025, 3, 31), "09:30-13:00,14:00-17:00");
  EXPECT_EQ(Day(hours, 2025, 4, 1), "09:30-13:00");
  EXPECT_EQ(Day(hours, 2025, 4, 2), "09:30-13:00,14:00-17:00");
  EXPECT_EQ(Day(hours, 2025, 4, 3), "09:30-13:00,14:00-17:00");
  EXPECT_EQ(Day(hours, 2025, 4, 4), "09:30-13:00");
  EXPECT_EQ(Day(hours, 2025, 4, 5), "");
  EXPECT_EQ(Day(hours, 2025, 4, 6), "");
  EXPECT_EQ(Day(hours, 2025, 4, 21), "");  // Lundi de Pâques
  EXPECT_TRUE(hours.UsesPublicHolidays());
  EXPECT_EQ(hours.value(), kSeed);
}

TEST(OpeningHours, OpenIntervalsOfTheSeedValue) {
  const OpeningHours hours = Parse(kSeed);
  EXPECT_EQ(Show(OpenIntervals(hours, Ymd(2025, 4, 18), Ymd(2025, 4, 22), kNational)),
            "2025-04-18 09:30/2025-04-18 13:00 2025-04-22 09:30/2025-04-22 13:00");
  EXPECT_TRUE(OpenIntervals(hours, Ymd(2025, 4, 22), Ymd(2025, 4, 21), kNational).empty());
}

TEST(OpeningHours, HolidayClosuresListOnlyDaysTheHolidayCloses) {
  const OpeningHours hours = Parse(kSeed);
  // 2025-11-01 Toussaint is a Saturday: closed anyway, not listed.
  const std::vector<ClosedDay> closed =
      HolidayClosures(hours, Ymd(2025, 11, 1), Ymd(2026, 1, 1), kNational);
  const std::vector<ClosedDay> expected{{Ymd(2025, 11, 11), "Armistice"},
                                        {Ymd(2025, 12, 25), "Noël"},
                                        {Ymd(2026, 1, 1), "Jour de l'an"}};
  EXPECT_EQ(closed, expected);
  EXPECT_TRUE(
      HolidayClosures(Parse("Mo-Fr 09:00-12:00"), Ymd(2025, 12, 1), Ymd(2025, 12, 31), kNational)
          .empty());
  EXPECT_TRUE(HolidayClosures(Parse("Mo-Fr 09:00-12:00; PH 10:00-11:00"), Ymd(2025, 12, 1),
                              Ymd(2025, 12, 31), kNational)
                  .empty());
}

TEST(OpeningHours, AlsaceMoselleClosesGoodFriday) {
  const OpeningHours hours = Parse(kSeed);
  const HolidayCalendar alsace(true);
  EXPECT_EQ(Day(hours, 2025, 4, 18), "09:30-13:00");
  EXPECT_EQ(Day(hours, 2025, 4, 18, alsace), "");
  EXPECT_EQ(HolidayClosures(hours, Ymd(2025, 4, 18), Ymd(2025, 4, 18), alsace),
            (std::vector<ClosedDay>{{Ymd(2025, 4, 18), "Vendredi Saint"}}));
}

TEST(OpeningHours, SemicolonRuleReplacesTheDaysItNames) {
  EXPECT_EQ(Day("Mo-Fr 10:00-20:00; We 10:00-16:00", 2025, 3, 5), "10:00-16:00");
  EXPECT_EQ(Day("Mo-Fr 10:00-20:00; We 10:00-16:00", 2025, 3, 6), "10:00-20:00");
  // A rule with no date selector replaces only a rule with none either.
  EXPECT_EQ(Day("10:00-12:00; 14:00-16:00", 2025, 3, 5), "14:00-16:00");
  EXPECT_EQ(Day("Mo 08:00-09:00; 10:00-12:00", 2025, 3, 3), "08:00-09:00,10:00-12:00");
  EXPECT_EQ(Day("Mo 08:00-09:00; 10:00-12:00", 2025, 3, 4), "10:00-12:00");
  // "Mo-Su" is a date selector, so it replaces.
  EXPECT_EQ(Day("Mo 08:00-09:00; Mo-Su 10:00-12:00", 2025, 3, 3), "10:00-12:00");
  // A closing rule does not replace: it closes its own times.
  EXPECT_EQ(Day("Mo-Fr 09:00-17:00; We 12:00-13:00 off", 2025, 3, 5), "09:00-12:00,13:00-17:00");
  EXPECT_EQ(Day("Mo-Fr 09:00-17:00; We off", 2025, 3, 5), "");
  EXPECT_EQ(Day("Mo 10:00-12:00; off", 2025, 3, 3), "");
}

TEST(OpeningHours, CommaRuleAdds) {
  EXPECT_EQ(Day("Mo-Fr 10:00-20:00, We 07:00-08:00", 2025, 3, 5), "07:00-08:00,10:00-20:00");
  EXPECT_EQ(Day("Mo-Fr 10:00-20:00, We 09:00-11:00", 2025, 3, 5), "09:00-20:00");
  EXPECT_EQ(Day("Mo-Fr 09:00-17:00; PH off, Dec 24 10:00-12:00", 2025, 12, 24), "09:00-17:00");
  EXPECT_EQ(Day("Mo-Fr 09:00-17:00; PH off, Dec 25 10:00-12:00", 2025, 12, 25), "10:00-12:00");
  EXPECT_EQ(Day("Mo-Fr 09:00-17:00 open \"accueil\", We 12:00-13:00 off", 2025, 3, 5),
            "09:00-12:00,13:00-17:00");
}

TEST(OpeningHours, RangesPastMidnightSpillIntoTheNextDay) {
  EXPECT_EQ(Day("Fr 22:00-02:00", 2025, 3, 7), "22:00-24:00");
  EXPECT_EQ(Day("Fr 22:00-02:00", 2025, 3, 8), "00:00-02:00");
  EXPECT_EQ(Day("Fr 22:00-02:00; Sa 10:00-12:00", 2025, 3, 8), "10:00-12:00");
  EXPECT_EQ(Day("Fr 22:00-02:00; Su 10:00-12:00", 2025, 3, 8), "00:00-02:00");
  EXPECT_EQ(Day("Fr 22:00-02:00; Sa off", 2025, 3, 8), "");
  EXPECT_EQ(Day("Fr 22:00-02:00; Sa 01:00-03:00 off", 2025, 3, 8), "00:00-01:00");
  // The Monday after the spring clock change (the npm library errs there).
  EXPECT_EQ(Day("Su 22:00-02:00", 2025, 3, 31), "00:00-02:00");
  EXPECT_EQ(Day("Sa 22:00-02:00", 2025, 3, 31), "");
  EXPECT_EQ(Day("Mo 10:00-10:00", 2025, 3, 3), "10:00-24:00");
  EXPECT_EQ(Day("Mo 10:00-10:00", 2025, 3, 4), "00:00-10:00");
  EXPECT_EQ(Day("22:00-00:00", 2025, 3, 4), "22:00-24:00");
  EXPECT_EQ(Show(OpenIntervals(Parse("Fr 22:00-02:00"), Ymd(2025, 3, 8), Ymd(2025, 3, 8),
                               kNational)),
            "2025-03-08 00:00/2025-03-08 02:00");
  EXPECT_EQ(Show(OpenIntervals(Parse("Fr 22:00-02:00"), Ymd(2025, 3, 7), Ymd(2025, 3, 8),
                               kNational)),
            "2025-03-07 22:00/2025-03-08 02:00");
}

TEST(OpeningHours, WholeDays) {
  EXPECT_EQ(Show(OpenIntervals(Parse("24/7"), Ymd(2025, 3, 1), Ymd(2025, 3, 3), kNational)),
            "2025-03-01 00:00/2025-03-04 00:00");
  EXPECT_EQ(Day("Mo 00:00-24:00", 2025, 3, 3), "00:00-24:00");
  EXPECT_EQ(Day("Mo 00:00-00:00", 2025, 3, 3), "00:00-24:00");
  EXPECT_EQ(Day("Sa", 2025, 3, 1), "00:00-24:00");
  EXPECT_EQ(Day("open", 2025, 3, 1), "00:00-24:00");
  EXPECT_EQ(Day("off", 2025, 3, 1), "");
  EXPECT_EQ(Day("24/7; Su off", 2025, 3, 2), "");
}

TEST(OpeningHours, WeekdayRangesWrapAroundTheWeek) {
  const OpeningHours hours = Parse("Fr-Mo 10:00-11:00");
  EXPECT_EQ(Day(hours, 2025, 3, 7), "10:00-11:00");   // Fr
  EXPECT_EQ(Day(hours, 2025, 3, 9), "10:00-11:00");   // Su
  EXPECT_EQ(Day(hours, 2025, 3, 10), "10:00-11:00");  // Mo
  EXPECT_EQ(Day(hours, 2025, 3, 11), "");             // Tu
}

TEST(OpeningHours, PublicHolidaySelectors) {
  // 2025-05-01 is a Thursday, 2025-11-01 a Saturday.
  EXPECT_EQ(Day("Mo-Fr 09:00-12:00; PH off", 2025, 5, 1), "");
  // After a time range, "," starts an additional rule: "PH 10:00-11:00".
  EXPECT_EQ(Day("Sa 09:00-12:00,PH 10:00-11:00", 2025, 5, 1), "10:00-11:00");
  EXPECT_EQ(Day("Sa,PH 10:00-11:00", 2025, 5, 1), "10:00-11:00");
  EXPECT_EQ(Day("PH Mo-Fr 10:00-11:00", 2025, 5, 1), "10:00-11:00");
  EXPECT_EQ(Day("PH Mo-Fr 10:00-11:00", 2025, 11, 1), "");
  EXPECT_EQ(Day("Mo-Fr 09:00-17:00; PH 10:00-12:00", 2025, 5, 1), "10:00-12:00");
}

TEST(OpeningHours, MonthsAndDates) {
  const std::string base = "Mo-Fr 09:00-17:00; ";
  EXPECT_EQ(Day(base + "Dec 24-Jan 01 off", 2025, 12, 24), "");
  EXPECT_EQ(Day(base + "Dec 24-Jan 01 off", 2025, 12, 23), "09:00-17:00");
  EXPECT_EQ(Day(base + "Dec 24-Jan 01 off", 2026, 1, 1), "");
  EXPECT_EQ(Day(base + "Dec 24-Jan 01 off", 2026, 1, 2), "09:00-17:00");
  EXPECT_EQ(Day(base + "2025 Aug 04-2025 Aug 22 off", 2025, 8, 4), "");
  EXPECT_EQ(Day(base + "2025 Aug 04-2025 Aug 22 off", 2025, 8, 22), "");
  EXPECT_EQ(Day(base + "2025 Aug 04-2025 Aug 22 off", 2025, 8, 25), "09:00-17:00");
  EXPECT_EQ(Day(base + "2025 Aug 04-2025 Aug 22 off", 2026, 8, 4), "09:00-17:00");
  EXPECT_EQ(Day(base + "2025 Dec 29-2026 Jan 02 off", 2026, 1, 2), "");
  EXPECT_EQ(Day(base + "2025 Aug 04-22 off", 2025, 8, 12), "");
  EXPECT_EQ(Day(base + "Aug off", 2025, 8, 29), "");
  EXPECT_EQ(Day(base + "Aug off", 2025, 9, 1), "09:00-17:00");
  EXPECT_EQ(Day(base + "Nov-Feb 10:00-12:00", 2026, 2, 27), "10:00-12:00");
  EXPECT_EQ(Day(base + "Nov-Feb 10:00-12:00", 2026, 3, 2), "09:00-17:00");
  EXPECT_EQ(Day(base + "Jan 01 off", 2027, 1, 1), "");
  EXPECT_EQ(Day(base + "Aug 14,18-19 off", 2025, 8, 18), "");
  EXPECT_EQ(Day(base + "Aug 14,18-19 off", 2025, 8, 15), "09:00-17:00");
  EXPECT_EQ(Day(base + "Jul,Aug 15 off", 2025, 8, 15), "");
  EXPECT_EQ(Day(base + "Jul,Aug 15 off", 2025, 8, 14), "09:00-17:00");
  EXPECT_EQ(Day("Aug 10:00-12:00", 2025, 8, 14), "10:00-12:00");
  EXPECT_EQ(Day(base + "May 06,2026 Nov 24-2026 Dec 10 off", 2026, 12, 10), "");
  EXPECT_EQ(Day(base + "2025 Dec 12,2034 Aug 03 off", 2034, 8, 3), "");
}

TEST(OpeningHours, FebruaryEdgesAreRightWhereTheNpmLibraryIsNot) {
  EXPECT_EQ(Day("Feb 01-28 10:00-11:00", 2025, 2, 28), "10:00-11:00");
  EXPECT_EQ(Day("Feb 20-29 10:00-11:00", 2024, 2, 29), "10:00-11:00");
  EXPECT_EQ(Day("Feb 29 10:00-11:00", 2024, 2, 29), "10:00-11:00");
  EXPECT_EQ(Day("Feb 29 10:00-11:00", 2025, 3, 1), "");
  EXPECT_EQ(Day("Jan 15-Feb 29 10:00-11:00", 2025, 2, 28), "10:00-11:00");
  EXPECT_EQ(Day("Jan 15-Feb 29 10:00-11:00", 2025, 3, 1), "");
  EXPECT_EQ(Day("Feb 29-Mar 05 10:00-11:00", 2025, 3, 1), "10:00-11:00");
  EXPECT_EQ(Day("Mar 02-Mar 01 10:00-11:00", 2025, 6, 1), "10:00-11:00");
}

TEST(OpeningHours, IsoWeeks) {
  const std::string base = "Mo-Fr 09:00-17:00; ";
  // 2025-03-03 is in week 10, 2025-03-10 in week 11.
  EXPECT_EQ(Day(base + "week 01-10 off", 2025, 3, 3), "");
  EXPECT_EQ(Day(base + "week 01-10 off", 2025, 3, 10), "09:00-17:00");
  EXPECT_EQ(Day(base + "week 1-53/2 Mo 10:00-11:00", 2025, 3, 3), "09:00-17:00");
  EXPECT_EQ(Day(base + "week 1-53/2 Mo 10:00-11:00", 2025, 3, 10), "10:00-11:00");
  // 2026-12-31 is in week 53 of 2026; 2027-01-01 too.
  EXPECT_EQ(Day(base + "week 53 off", 2026, 12, 31), "");
  EXPECT_EQ(Day(base + "week 53 off", 2027, 1, 1), "");
  EXPECT_EQ(Day(base + "week 53 off", 2027, 1, 4), "09:00-17:00");
  // 2024-12-30 is in week 1 of 2025.
  EXPECT_EQ(Day(base + "week 01,05 off", 2024, 12, 30), "");
}

TEST(OpeningHours, WhitespaceAndSeparatorsAreFlexible) {
  EXPECT_EQ(Day("Mo,We,Th 09:30-13:00 , 14:00-17:00 ;Tu 9:30-13:00;", 2025, 3, 3),
            "09:30-13:00,14:00-17:00");
  EXPECT_EQ(Day("Mo\u00A009:00-12:00", 2025, 3, 3), "09:00-12:00");
}

struct Refusal {
  std::string value;
  int position;
  std::string token;  // as the message quotes it
};

class RefusedValues : public ::testing::TestWithParam<Refusal> {};

TEST_P(RefusedValues, NamePositionAndToken) {
  const Refusal& refusal = GetParam();
  const Result<OpeningHours> hours = ParseOpeningHours(refusal.value);
  ASSERT_FALSE(hours.has_value()) << refusal.value;
  const Error& error = hours.error();
  EXPECT_EQ(error.kind, ErrorKind::kInvalid);
  EXPECT_EQ(error.code, "invalid_opening_hours");
  EXPECT_EQ(error.field, "opening_hours");
  EXPECT_NE(error.message.find("caractère " + std::to_string(refusal.position) + " "),
            std::string::npos)
      << error.message;
  EXPECT_NE(error.message.find(refusal.token), std::string::npos) << error.message;
}

INSTANTIATE_TEST_SUITE_P(
    OpeningHours, RefusedValues,
    ::testing::Values(
        Refusal{"", 1, "valeur vide"}, Refusal{" ; ", 1, "valeur vide"},
        Refusal{"Mo-Xx 10:00-12:00", 4, "« Xx »"}, Refusal{"Mo 25:00-26:00", 4, "« 25 »"},
        Refusal{"Mo 10:00-25:00", 10, "« 25 »"}, Refusal{"Mo 10:00-24:30", 10, "« 24 »"},
        Refusal{"Mo 24:00-02:00", 4, "« 24 »"}, Refusal{"Mo 10:00-12:60", 13, "« 60 »"},
        Refusal{"Mo 10:00-12:0", 13, "« 0 »"}, Refusal{"Mo 10:00-12:00 \"RDV", 16, "« \" »"},
        Refusal{"Mo 10:00-12:00 \"\"", 16, "« \"\" »"},
        Refusal{"Mo 10:00-12:00 \"RDV\"", 16, "« \"RDV\" »"},
        Refusal{"Mo 10:00-12:00 off \"a\" \"b\"", 24, "« \"b\" »"},
        Refusal{"Mo 10:00+", 9, "« + »"}, Refusal{"mo 10:00-12:00", 1, "écrivez « Mo »"},
        Refusal{"Mo 10:00-12:00; ph off", 17, "« ph »"}, Refusal{"SH off", 1, "« SH »"},
        Refusal{"Mo 10:00-12:00 unknown", 16, "« unknown »"},
        Refusal{"Apr 31", 5, "« 31 »"}, Refusal{"Feb 30", 5, "« 30 »"},
        Refusal{"2025 Feb 29", 10, "« 29 »"}, Refusal{"2025 Aug 22-2025 Aug 04 off", 12, "« - »"},
        Refusal{"2025 Aug 04-Aug 22 off", 13, "« Aug »"},
        Refusal{"Aug 04-2025 Aug 22 off", 8, "« 2025 »"}, Refusal{"Jan 31-26", 8, "« 26 »"},
        Refusal{"2025", 5, "fin de la valeur"}, Refusal{"2025 Aug", 1, "« 2025 »"},
        Refusal{"2025 Aug 04,06 off", 13, "« 06 »"}, Refusal{"week 10-01", 9, "« 01 »"},
        Refusal{"week 54", 6, "« 54 »"}, Refusal{"week 00", 6, "« 00 »"},
        Refusal{"week 1-53/1", 11, "« 1 »"}, Refusal{"Mo 9-17", 4, "« 9 »"},
        Refusal{"Mo 10:00-12:00 14:00-16:00", 16, "« 14 »"},
        Refusal{"10:00-12:00 Mo", 13, "« Mo »"}, Refusal{"Mo 10:00-12:00,", 15, "« , »"},
        Refusal{"24/7, Su off", 5, "« , »"},
        Refusal{"Mo, 10:00-12:00", 3, "« , »"}, Refusal{"Mo\u2013Fr", 3, "« \u2013 »"},
        Refusal{"sunrise-sunset", 1, "« sunrise »"}, Refusal{"Sa[1]", 3, "« [ »"},
        Refusal{"Mo 10:00-12:00 || \"sur rendez-vous\"", 16, "« | »"},
        Refusal{"Mo 10.00-12.00", 6, "« . »"}, Refusal{"Mo 10:00", 9, "fin de la valeur"},
        Refusal{"Mo 10:00-", 10, "fin de la valeur"}, Refusal{"Mo-", 4, "fin de la valeur"},
        Refusal{"Mo,PH,PH", 7, "« PH »"}, Refusal{"Mo-Fr PH", 7, "« PH »"},
        Refusal{"Mo 10:00-12:00 Sa", 16, "« Sa »"}, Refusal{"Mo Aug", 4, "« Aug »"},
        Refusal{"Mo 10:00-12:00/60", 15, "« / »"}, Refusal{"easter off", 1, "« easter »"},
        Refusal{"Mo 10:00-12:00 Feb", 16, "« Feb »"}, Refusal{"Dec 25, Mo 10:00", 7, "« , »"},
        Refusal{"\xff", 1, "0xFF"}, Refusal{"Mo\x01", 3, "0x01"},
        Refusal{"\"é\" \xC3", 5, "0xC3"}, Refusal{"Lu-Ve 09:00-12:00", 1, "« Lu »"},
        Refusal{"Mo 123456:00-12:00", 4, "« 123456 »"},
        Refusal{std::string(300, ' ') + "Mo", 256, "« "},
        Refusal{"Mo 10:00-12:00 off \"" + std::string(260, 'x') + "\"", 256, "« x »"}));

TEST(OpeningHours, NeverCrashesOnTruncationsOrNoise) {
  const std::string seed = kSeed;
  for (std::size_t length = 0; length <= seed.size(); ++length) {
    const Result<OpeningHours> hours = ParseOpeningHours(seed.substr(0, length));
    if (hours) {
      OpenIntervals(*hours, Ymd(2025, 1, 1), Ymd(2025, 1, 31), kNational);
    } else {
      EXPECT_NE(hours.error().message.find("caractère "), std::string::npos);
    }
  }
  std::mt19937 random(20250331);
  const std::string alphabet = "MoTuWeThFrSaSuPHJanDecweekoffopen0123456789:-,;/\" \xC3\xA9";
  for (int i = 0; i < 20000; ++i) {
    std::string value;
    const int length = static_cast<int>(random() % 40);
    for (int j = 0; j < length; ++j) value += alphabet[random() % alphabet.size()];
    const Result<OpeningHours> hours = ParseOpeningHours(value);
    if (hours) {
      const auto intervals = OpenIntervals(*hours, Ymd(2025, 3, 28), Ymd(2025, 4, 2), kNational);
      for (const LocalInterval& interval : intervals) EXPECT_LT(interval.start, interval.end);
    } else {
      EXPECT_NE(hours.error().message.find("caractère "), std::string::npos) << value;
    }
  }
}

}  // namespace
}  // namespace relais
