// The roll-ups a visit adds and the activity report summed from them: the
// people rule, every breakdown's order and labels, shares, and the period's
// edges.
#include "domain/report.h"

#include <gtest/gtest.h>

#include <map>

namespace relais {
namespace {

using date::days;
using std::chrono::hours;
using std::chrono::minutes;

date::sys_days Day(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}};
}

date::local_seconds At(int y, unsigned m, unsigned d, int hour, int minute) {
  return date::local_seconds{date::local_days{date::year{y} / date::month{m} / date::day{d}}} +
         hours(hour) + minutes(minute);
}

VisitFacts Facts(date::local_seconds at) {
  VisitFacts facts;
  facts.local_time = at;
  facts.outcome = "resolved";
  facts.channel = "walk_in";
  return facts;
}

std::vector<Rollup> RollupsOfAll(const std::vector<VisitFacts>& visits) {
  std::vector<Rollup> rows;
  for (const VisitFacts& visit : visits) {
    auto more = RollupsOf(visit);
    rows.insert(rows.end(), more.begin(), more.end());
  }
  return rows;
}

std::optional<CommuneFacts> TestCommunes(std::string_view insee) {
  if (insee == "92002") return CommuneFacts{"Antony", "92", "Hauts-de-Seine"};
  if (insee == "91377") return CommuneFacts{"Massy", "91", "Essonne"};
  if (insee == "91477") return CommuneFacts{"Palaiseau", "91", "Essonne"};
  return std::nullopt;
}

std::string TestLabels(Dimension dimension, std::string_view key) {
  return std::string(DimensionName(dimension)) + ":" + std::string(key);
}

ActivityReport Build(date::sys_days from, date::sys_days to, const std::vector<Rollup>& rows) {
  return BuildActivityReport(from, to, rows, TestCommunes, TestLabels);
}

std::map<std::string, std::int64_t> AsMap(const std::vector<Count>& counts) {
  std::map<std::string, std::int64_t> map;
  for (const Count& count : counts) map[count.key] = count.visits;
  return map;
}

std::vector<std::string> Keys(const std::vector<Count>& counts) {
  std::vector<std::string> keys;
  for (const Count& count : counts) keys.push_back(count.key);
  return keys;
}

TEST(Dimension, NamesReadBack) {
  for (Dimension dimension : kDimensions) {
    EXPECT_EQ(ParseDimension(DimensionName(dimension)), dimension);
  }
  EXPECT_EQ(DimensionName(Dimension::kWeekdayHour), "weekday_hour");
  EXPECT_FALSE(ParseDimension("visits"));
}

TEST(RollupsOf, AVisitAddsOneToEachOfItsKeys) {
  VisitFacts visit = Facts(At(2024, 3, 5, 14, 35));  // a Tuesday
  visit.commune_insee = "91377";
  visit.qpv = true;
  visit.partner = "caf";
  visit.themes = {"famille", "logement", "famille"};
  visit.outcome = "referred";
  visit.channel = "phone";
  visit.first_visit = true;
  const date::sys_days day = Day(2024, 3, 5);
  const std::vector<Rollup> expected = {
      {day, Dimension::kTotal, "", 1},         {day, Dimension::kPeople, "first", 1},
      {day, Dimension::kCommune, "91377", 1},  {day, Dimension::kQpv, "yes", 1},
      {day, Dimension::kPartner, "caf", 1},    {day, Dimension::kTheme, "famille", 1},
      {day, Dimension::kTheme, "logement", 1}, {day, Dimension::kOutcome, "referred", 1},
      {day, Dimension::kChannel, "phone", 1},  {day, Dimension::kWeekdayHour, "2-14", 1},
  };
  EXPECT_EQ(RollupsOf(visit), expected);
}

TEST(RollupsOf, UnknownAnswersHaveTheirOwnKeys) {
  VisitFacts visit = Facts(At(2024, 3, 31, 23, 59));  // a Sunday, late
  visit.qpv = false;
  visit.first_visit = false;
  const date::sys_days day = Day(2024, 3, 31);
  const std::vector<Rollup> expected = {
      {day, Dimension::kTotal, "", 1},          {day, Dimension::kPeople, "returning", 1},
      {day, Dimension::kCommune, "", 1},        {day, Dimension::kQpv, "no", 1},
      {day, Dimension::kPartner, "", 1},        {day, Dimension::kOutcome, "resolved", 1},
      {day, Dimension::kChannel, "walk_in", 1}, {day, Dimension::kWeekdayHour, "7-23", 1},
  };
  EXPECT_EQ(RollupsOf(visit), expected);
  VisitFacts unknown = Facts(At(2024, 4, 1, 0, 0));
  const auto rows = RollupsOf(unknown);
  EXPECT_EQ(rows[0].day, Day(2024, 4, 1)) << "midnight starts the next local day";
  EXPECT_EQ(rows[1].key, "unknown");
  EXPECT_EQ(rows[3].key, "unknown");
  EXPECT_EQ(rows.back().key, "1-00");
}

TEST(SumRollups, RowsOfOneDayDimensionAndKeyBecomeOne) {
  const date::sys_days d1 = Day(2024, 1, 2);
  const date::sys_days d2 = Day(2024, 1, 3);
  const std::vector<Rollup> summed = SumRollups({{d2, Dimension::kTotal, "", 1},
                                                 {d1, Dimension::kTheme, "emploi", 2},
                                                 {d1, Dimension::kTotal, "", 1},
                                                 {d1, Dimension::kTheme, "emploi", 3},
                                                 {d1, Dimension::kTheme, "famille", 1},
                                                 {d2, Dimension::kTotal, "", 4}});
  const std::vector<Rollup> expected = {{d1, Dimension::kTotal, "", 1},
                                        {d1, Dimension::kTheme, "emploi", 5},
                                        {d1, Dimension::kTheme, "famille", 1},
                                        {d2, Dimension::kTotal, "", 5}};
  EXPECT_EQ(summed, expected);
}

TEST(PeopleRule, UnknownVisitsCountInTheKnownProportionOfFirstVisits) {
  std::vector<VisitFacts> visits;
  for (int i = 0; i < 3; ++i) {
    visits.push_back(Facts(At(2024, 2, 1, 10, i)));
    visits.back().first_visit = true;
  }
  visits.push_back(Facts(At(2024, 2, 1, 11, 0)));
  visits.back().first_visit = false;
  visits.push_back(Facts(At(2024, 2, 1, 11, 5)));
  visits.push_back(Facts(At(2024, 2, 1, 11, 6)));
  // first 3, returning 1, unknown 2: 3 + 2 × 3/4 = 4.5, rounded to 5.
  EXPECT_EQ(Build(Day(2024, 1, 1), Day(2024, 12, 31), RollupsOfAll(visits)).people, 5);
  visits.back().first_visit = false;  // first 3, returning 2, unknown 1: 3 + 0.6 → 4
  EXPECT_EQ(Build(Day(2024, 1, 1), Day(2024, 12, 31), RollupsOfAll(visits)).people, 4);
}

TEST(PeopleRule, WithNoKnownAnswerEveryVisitIsAPerson) {
  const std::vector<VisitFacts> visits = {Facts(At(2024, 2, 1, 10, 0)),
                                          Facts(At(2024, 2, 2, 10, 0))};
  EXPECT_EQ(Build(Day(2024, 1, 1), Day(2024, 12, 31), RollupsOfAll(visits)).people, 2);
}

TEST(PeopleRule, OnlyReturningVisitsMakeNoPerson) {
  VisitFacts visit = Facts(At(2024, 2, 1, 10, 0));
  visit.first_visit = false;
  EXPECT_EQ(Build(Day(2024, 1, 1), Day(2024, 12, 31), RollupsOf(visit)).people, 0);
}

class ActivityReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 2024-01-15 (Monday) 09:40, Antony, QPV, CAF, famille + logement, resolved, first.
    VisitFacts a = Facts(At(2024, 1, 15, 9, 40));
    a.commune_insee = "92002";
    a.qpv = true;
    a.partner = "caf";
    a.themes = {"famille", "logement"};
    a.first_visit = true;
    // 2024-01-15 10:05, Massy, not QPV, CPAM, social-sante, referred, by phone.
    VisitFacts b = Facts(At(2024, 1, 15, 10, 5));
    b.commune_insee = "91377";
    b.qpv = false;
    b.partner = "cpam";
    b.themes = {"social-sante"};
    b.outcome = "referred";
    b.channel = "phone";
    b.first_visit = false;
    // 2024-03-06 (Wednesday) 14:10, Massy, QPV unknown, no partner, logement, pending.
    VisitFacts c = Facts(At(2024, 3, 6, 14, 10));
    c.commune_insee = "91377";
    c.themes = {"logement"};
    c.outcome = "pending";
    c.first_visit = true;
    // 2024-03-07 (Thursday) 09:30, commune unknown, QPV, CAF, no theme, resolved.
    VisitFacts d = Facts(At(2024, 3, 7, 9, 30));
    d.qpv = true;
    d.partner = "caf";
    // 2024-03-07 09:50, Palaiseau, no QPV, CAF, appointment.
    VisitFacts e = Facts(At(2024, 3, 7, 9, 50));
    e.commune_insee = "91477";
    e.qpv = false;
    e.partner = "caf";
    e.outcome = "appointment";
    e.channel = "appointment";
    // 2024-03-07 11:00, a code the commune lookup does not know.
    VisitFacts f = Facts(At(2024, 3, 7, 11, 0));
    f.commune_insee = "99999";
    // Outside the period: 2023-12-31 and 2024-05-01.
    VisitFacts before = Facts(At(2023, 12, 31, 10, 0));
    before.commune_insee = "92002";
    VisitFacts after = Facts(At(2024, 5, 1, 10, 0));
    after.partner = "caf";
    rows_ = RollupsOfAll({a, b, c, d, e, f, before, after});
    report_ = Build(Day(2024, 1, 1), Day(2024, 4, 30), rows_);
  }

  std::vector<Rollup> rows_;
  ActivityReport report_;
};

TEST_F(ActivityReportTest, CountsTheVisitsOfThePeriodOnly) {
  EXPECT_EQ(report_.from, Day(2024, 1, 1));
  EXPECT_EQ(report_.to, Day(2024, 4, 30));
  EXPECT_EQ(report_.visits, 6);
  // first 2 (a, c), returning 1 (b), unknown 3: 2 + 3 × 2/3 = 4.
  EXPECT_EQ(report_.people, 4);
}

TEST_F(ActivityReportTest, EveryMonthAndDayOfThePeriodInOrder) {
  ASSERT_EQ(Keys(report_.by_month),
            (std::vector<std::string>{"2024-01", "2024-02", "2024-03", "2024-04"}));
  EXPECT_EQ(report_.by_month[0].visits, 2);
  EXPECT_EQ(report_.by_month[1].visits, 0);
  EXPECT_EQ(report_.by_month[2].visits, 4);
  EXPECT_EQ(report_.by_month[3].visits, 0);
  EXPECT_EQ(report_.by_month[0].label, "janvier 2024");
  EXPECT_EQ(report_.by_month[1].label, "février 2024");
  EXPECT_DOUBLE_EQ(report_.by_month[2].share, 4.0 / 6.0);
  ASSERT_EQ(report_.by_day.size(), 121u);  // 31 + 29 + 31 + 30
  EXPECT_EQ(report_.by_day.front().key, "2024-01-01");
  EXPECT_EQ(report_.by_day.front().label, "lundi 1er janvier 2024");
  EXPECT_EQ(report_.by_day.back().key, "2024-04-30");
  EXPECT_EQ(report_.by_day[14].key, "2024-01-15");
  EXPECT_EQ(report_.by_day[14].visits, 2);
  EXPECT_EQ(report_.by_day[14].label, "lundi 15 janvier 2024");
  EXPECT_EQ(AsMap(report_.by_day)["2024-03-07"], 3);
  std::int64_t sum = 0;
  for (const Count& day : report_.by_day) sum += day.visits;
  EXPECT_EQ(sum, 6);
}

TEST_F(ActivityReportTest, WeekdaysAndHours) {
  ASSERT_EQ(Keys(report_.by_weekday),
            (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7"}));
  EXPECT_EQ(report_.by_weekday[0].visits, 2);  // Monday
  EXPECT_EQ(report_.by_weekday[0].label, "lundi");
  EXPECT_EQ(report_.by_weekday[2].visits, 1);  // Wednesday
  EXPECT_EQ(report_.by_weekday[3].visits, 3);  // Thursday
  EXPECT_EQ(report_.by_weekday[6].visits, 0);
  ASSERT_EQ(Keys(report_.by_weekday_hour),
            (std::vector<std::string>{"1-09", "1-10", "3-14", "4-09", "4-11"}));
  EXPECT_EQ(report_.by_weekday_hour[3].visits, 2);
  EXPECT_EQ(report_.by_weekday_hour[3].label, "jeudi 9 h");
  EXPECT_EQ(report_.by_weekday_hour[2].label, "mercredi 14 h");
}

TEST_F(ActivityReportTest, CommunesMostFirstTheUnknownLast) {
  ASSERT_EQ(Keys(report_.by_commune),
            (std::vector<std::string>{"91377", "91477", "92002", "99999", ""}));
  EXPECT_EQ(report_.by_commune[0].visits, 2);
  EXPECT_EQ(report_.by_commune[0].label, "Massy");
  EXPECT_DOUBLE_EQ(report_.by_commune[0].share, 2.0 / 6.0);
  EXPECT_EQ(report_.by_commune[3].label, "99999");
  EXPECT_EQ(report_.by_commune[4].label, "Commune inconnue");
  EXPECT_EQ(report_.by_commune[4].visits, 1);
}

TEST_F(ActivityReportTest, DepartementsGatherTheirCommunes) {
  ASSERT_EQ(Keys(report_.by_department), (std::vector<std::string>{"91", "92", ""}));
  EXPECT_EQ(report_.by_department[0].visits, 3);
  EXPECT_EQ(report_.by_department[0].label, "Essonne");
  EXPECT_DOUBLE_EQ(report_.by_department[0].share, 0.5);
  EXPECT_EQ(report_.by_department[1].label, "Hauts-de-Seine");
  EXPECT_EQ(report_.by_department[2].visits, 2) << "unknown commune and unknown code";
  EXPECT_EQ(report_.by_department[2].label, "Département inconnu");
}

TEST_F(ActivityReportTest, PartnersAndThemesWithTheirLabels) {
  ASSERT_EQ(Keys(report_.by_partner), (std::vector<std::string>{"caf", "cpam", ""}));
  EXPECT_EQ(report_.by_partner[0].visits, 3);
  EXPECT_EQ(report_.by_partner[0].label, "partner:caf");
  EXPECT_EQ(report_.by_partner[2].visits, 2);
  EXPECT_EQ(report_.by_partner[2].label, "partner:");
  ASSERT_EQ(Keys(report_.by_theme),
            (std::vector<std::string>{"logement", "famille", "social-sante"}));
  EXPECT_EQ(report_.by_theme[0].visits, 2);
  EXPECT_EQ(report_.by_theme[0].label, "theme:logement");
  EXPECT_DOUBLE_EQ(report_.by_theme[0].share, 2.0 / 6.0);
}

TEST_F(ActivityReportTest, OutcomesAndChannelsInTheirFixedOrder) {
  ASSERT_EQ(Keys(report_.by_outcome),
            (std::vector<std::string>{"resolved", "appointment", "referred", "pending"}));
  EXPECT_EQ(AsMap(report_.by_outcome),
            (std::map<std::string, std::int64_t>{
                {"resolved", 3}, {"appointment", 1}, {"referred", 1}, {"pending", 1}}));
  EXPECT_EQ(report_.by_outcome[0].label, "outcome:resolved");
  ASSERT_EQ(Keys(report_.by_channel),
            (std::vector<std::string>{"walk_in", "appointment", "phone", "email"}));
  EXPECT_EQ(AsMap(report_.by_channel),
            (std::map<std::string, std::int64_t>{
                {"walk_in", 4}, {"appointment", 1}, {"phone", 1}, {"email", 0}}));
  EXPECT_DOUBLE_EQ(report_.by_channel[3].share, 0.0);
}

TEST_F(ActivityReportTest, QpvShareOfKnownAnswersAndResolvedShareOfVisits) {
  // QPV: a, d yes; b, e no; c, f unknown.
  EXPECT_EQ(report_.qpv_known, 4);
  EXPECT_DOUBLE_EQ(report_.qpv_share, 0.5);
  EXPECT_DOUBLE_EQ(report_.resolved_share, 3.0 / 6.0);
}

TEST_F(ActivityReportTest, RowsSummedPerMonthGiveTheSameReport) {
  // What a store that sums other dimensions per month hands over.
  std::vector<Rollup> monthly;
  for (Rollup row : rows_) {
    if (row.day < Day(2024, 1, 1) || row.day > Day(2024, 4, 30)) continue;
    if (row.dimension != Dimension::kTotal) {
      const date::year_month_day ymd{row.day};
      row.day = std::max(date::sys_days{ymd.year() / ymd.month() / 1}, Day(2024, 1, 1));
    }
    monthly.push_back(row);
  }
  const ActivityReport again = Build(Day(2024, 1, 1), Day(2024, 4, 30), SumRollups(monthly));
  EXPECT_EQ(again.visits, report_.visits);
  EXPECT_EQ(again.people, report_.people);
  EXPECT_EQ(again.by_day, report_.by_day);
  EXPECT_EQ(again.by_commune, report_.by_commune);
  EXPECT_EQ(again.by_weekday_hour, report_.by_weekday_hour);
  EXPECT_EQ(again.by_outcome, report_.by_outcome);
}

TEST(ActivityReport, AnEmptyPeriodHasEveryMonthAtZero) {
  const ActivityReport report = Build(Day(2025, 11, 20), Day(2026, 2, 3), {});
  EXPECT_EQ(report.visits, 0);
  EXPECT_EQ(report.people, 0);
  EXPECT_EQ(Keys(report.by_month),
            (std::vector<std::string>{"2025-11", "2025-12", "2026-01", "2026-02"}));
  EXPECT_EQ(report.by_month[0].share, 0.0);
  EXPECT_EQ(report.by_day.size(), 76u);
  EXPECT_TRUE(report.by_commune.empty());
  EXPECT_EQ(report.by_outcome.size(), 4u);
  EXPECT_EQ(report.qpv_share, 0.0);
  EXPECT_EQ(report.resolved_share, 0.0);
}

TEST(ActivityReport, ABackwardPeriodIsEmpty) {
  const ActivityReport report = Build(Day(2025, 2, 1), Day(2025, 1, 1), {});
  EXPECT_TRUE(report.by_day.empty());
  EXPECT_TRUE(report.by_month.empty());
}

TEST(ActivityReport, WithoutLookupsKeysAreTheirOwnLabels) {
  VisitFacts visit = Facts(At(2024, 6, 3, 10, 0));
  visit.commune_insee = "92002";
  visit.partner = "caf";
  const ActivityReport report =
      BuildActivityReport(Day(2024, 6, 1), Day(2024, 6, 30), RollupsOf(visit), {}, {});
  EXPECT_EQ(report.by_commune[0].label, "92002");
  EXPECT_EQ(report.by_department[0].key, "");
  EXPECT_EQ(report.by_partner[0].label, "caf");
}

}  // namespace
}  // namespace relais
