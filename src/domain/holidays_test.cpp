#include "domain/holidays.h"

#include <gtest/gtest.h>

namespace relais {
namespace {

using date::April;
using date::December;
using date::June;
using date::March;
using date::May;

TEST(EasterSunday, KnownYears) {
  EXPECT_EQ(EasterSunday(1990), date::year{1990} / April / 15);
  EXPECT_EQ(EasterSunday(2000), date::year{2000} / April / 23);
  EXPECT_EQ(EasterSunday(2008), date::year{2008} / March / 23);
  EXPECT_EQ(EasterSunday(2024), date::year{2024} / March / 31);
  EXPECT_EQ(EasterSunday(2025), date::year{2025} / April / 20);
  EXPECT_EQ(EasterSunday(2038), date::year{2038} / April / 25);
  EXPECT_EQ(EasterSunday(2100), date::year{2100} / March / 28);
}

TEST(FrenchHolidays, NationalHolidaysOf2025InDateOrder) {
  const std::vector<Holiday> holidays = FrenchHolidays(2025, false);
  const std::vector<Holiday> expected{
      {date::year{2025} / 1 / 1, "Jour de l'an"},
      {date::year{2025} / 4 / 21, "Lundi de Pâques"},
      {date::year{2025} / 5 / 1, "Fête du travail"},
      {date::year{2025} / 5 / 8, "Victoire des alliés"},
      {date::year{2025} / 5 / 29, "Ascension"},
      {date::year{2025} / 6 / 9, "Lundi de Pentecôte"},
      {date::year{2025} / 7 / 14, "Fête Nationale"},
      {date::year{2025} / 8 / 15, "Assomption"},
      {date::year{2025} / 11 / 1, "Toussaint"},
      {date::year{2025} / 11 / 11, "Armistice"},
      {date::year{2025} / 12 / 25, "Noël"},
  };
  EXPECT_EQ(holidays, expected);
}

TEST(FrenchHolidays, AlsaceMoselleAddsGoodFridayAndSaintStephen) {
  const std::vector<Holiday> holidays = FrenchHolidays(2025, true);
  ASSERT_EQ(holidays.size(), 13U);
  EXPECT_EQ(holidays[1], (Holiday{date::year{2025} / 4 / 18, "Vendredi Saint"}));
  EXPECT_EQ(holidays.back(), (Holiday{date::year{2025} / 12 / 26, "Saint Étienne"}));
}

TEST(FrenchHolidays, TwoHolidaysOnOneDayAreBothListed) {
  // In 2008, Ascension fell on 1 May.
  const std::vector<Holiday> holidays = FrenchHolidays(2008, false);
  ASSERT_EQ(holidays.size(), 11U);
  EXPECT_EQ(holidays[2], (Holiday{date::year{2008} / May / 1, "Fête du travail"}));
  EXPECT_EQ(holidays[3], (Holiday{date::year{2008} / May / 1, "Ascension"}));
  EXPECT_EQ(HolidayCalendar(false).Name(date::year{2008} / May / 1),
            "Fête du travail et Ascension");
}

TEST(HolidayCalendar, AnswersDayByDay) {
  const HolidayCalendar national(false);
  const HolidayCalendar alsace(true);
  EXPECT_TRUE(national.IsHoliday(date::year{2024} / April / 1));  // Lundi de Pâques
  EXPECT_EQ(national.Name(date::year{2024} / May / 9), "Ascension");
  EXPECT_EQ(national.Name(date::year{2024} / May / 20), "Lundi de Pentecôte");
  EXPECT_FALSE(national.IsHoliday(date::year{2024} / March / 29));
  EXPECT_EQ(alsace.Name(date::year{2024} / March / 29), "Vendredi Saint");
  EXPECT_FALSE(national.IsHoliday(date::year{2024} / December / 26));
  EXPECT_TRUE(alsace.IsHoliday(date::local_days{date::year{2024} / December / 26}));
  EXPECT_EQ(national.Name(date::year{2024} / June / 3), "");
}

TEST(HolidayCalendar, AgreesWithFrenchHolidaysOverTwoCenturies) {
  for (bool alsace_moselle : {false, true}) {
    const HolidayCalendar calendar(alsace_moselle);
    for (int year = 1990; year <= 2100; ++year) {
      int count = 0;
      for (date::local_days day{date::year{year} / 1 / 1};
           day <= date::local_days{date::year{year} / 12 / 31}; day += date::days{1}) {
        if (calendar.IsHoliday(day)) ++count;
      }
      std::size_t distinct_days = 0;
      const std::vector<Holiday> holidays = FrenchHolidays(year, alsace_moselle);
      for (std::size_t i = 0; i < holidays.size(); ++i) {
        EXPECT_TRUE(calendar.IsHoliday(holidays[i].date)) << year << " " << holidays[i].name;
        if (i == 0 || holidays[i].date != holidays[i - 1].date) ++distinct_days;
      }
      EXPECT_EQ(static_cast<std::size_t>(count), distinct_days) << year;
    }
  }
}

}  // namespace
}  // namespace relais
