// The demo desk's workshops: about two sessions a week on Tuesdays and
// Thursdays (never a public holiday), a fixed result for the same days,
// consistent seats and waiting lists, attendance only where held, and
// coming sessions with seats left.
#include "app/demo_workshops.h"

#include <gtest/gtest.h>

#include <set>

namespace relais::app {
namespace {

using date::days;

SiteHours DemoHours() {
  const Site site{"antony", "PIMMS", "", "Europe/Paris",
                  "Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off"};
  auto hours = SiteHours::Build(site, {});
  EXPECT_TRUE(hours);
  return *hours;
}

const date::year_month_day kFrom{date::year{2025} / 1 / 1};
const date::year_month_day kTo{date::year{2025} / 12 / 31};
const date::year_month_day kToday{date::year{2025} / 12 / 1};

TEST(DemoWorkshops, AYearOfTwoSessionsAWeekOffHolidays) {
  const SiteHours hours = DemoHours();
  const auto records = DemoWorkshopSessions(hours, kFrom, kTo, kToday, {"m1", "m2"});
  EXPECT_GE(records.size(), 95u);
  EXPECT_LE(records.size(), 105u);
  std::set<std::string> ids;
  for (const SessionRecord& r : records) {
    EXPECT_TRUE(ids.insert(r.session.id).second);
    const auto local = hours.zone().ToLocal(r.session.start);
    const date::weekday weekday{date::floor<days>(local)};
    EXPECT_TRUE(weekday == date::Tuesday || weekday == date::Thursday);
    EXPECT_NE(date::year_month_day{date::floor<days>(local)},
              date::year_month_day{date::year{2025} / 12 / 25});
    EXPECT_EQ(local - date::floor<days>(local), std::chrono::hours{14}) << "14:00 in Paris";
  }
  const auto again = DemoWorkshopSessions(hours, kFrom, kTo, kToday, {"m1", "m2"});
  ASSERT_EQ(again.size(), records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    ASSERT_EQ(again[i].registrations.size(), records[i].registrations.size());
    for (std::size_t j = 0; j < records[i].registrations.size(); ++j) {
      EXPECT_EQ(again[i].registrations[j].person.first_name,
                records[i].registrations[j].person.first_name)
          << "deterministic";
      EXPECT_EQ(again[i].registrations[j].status, records[i].registrations[j].status);
    }
  }
}

TEST(DemoWorkshops, SeatsWaitingListsAndAttendanceHoldTogether) {
  const SiteHours hours = DemoHours();
  const auto records = DemoWorkshopSessions(hours, kFrom, kTo, kToday, {"m1"});
  int overflowing = 0;
  int coming_with_seats = 0;
  int assessed = 0;
  for (const SessionRecord& r : records) {
    const bool held =
        date::floor<days>(hours.zone().ToLocal(r.session.start)) < date::local_days{kToday};
    std::set<int> seats;
    int waiting = 0;
    for (const Registration& g : r.registrations) {
      if (g.status == RegistrationStatus::kRegistered) {
        EXPECT_TRUE(seats.insert(g.seat).second);
        EXPECT_GE(g.seat, 1);
        EXPECT_LE(g.seat, r.session.capacity);
        EXPECT_EQ(g.attendance != Attendance::kUnmarked, held);
      } else {
        EXPECT_EQ(g.attendance, Attendance::kUnmarked);
        waiting += g.status == RegistrationStatus::kWaitlisted;
      }
    }
    if (waiting > 0) {
      ++overflowing;
      EXPECT_EQ(static_cast<int>(seats.size()), r.session.capacity)
          << "no one waits for a free seat";
    }
    if (!held && static_cast<int>(seats.size()) < r.session.capacity) ++coming_with_seats;
    assessed += static_cast<int>(r.assessments.size());
    if (!held) {
      EXPECT_EQ(r.session.walk_ins, 0);
    }
  }
  EXPECT_GT(overflowing, 5);
  EXPECT_GE(coming_with_seats, 5);
  EXPECT_GT(assessed, 300);
}

}  // namespace
}  // namespace relais::app
