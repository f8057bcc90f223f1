#include "domain/slots.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace relais {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

UtcTime Utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
  return UtcTime{std::chrono::sys_days{std::chrono::year{year} / month / day}} + hours{hour} +
         minutes{minute};
}

// A Paris wall-clock time, given its UTC offset in hours (+1 winter, +2 summer).
UtcTime Paris(int year, unsigned month, unsigned day, int hour, int minute, int offset) {
  return Utc(year, month, day, hour, minute) - hours{offset};
}

// The seed desk's hours on one date, by hand: Mo,We,Th 09:30-13:00,14:00-17:00;
// Tu,Fr 09:30-13:00.
std::vector<UtcInterval> SeedDay(int year, unsigned month, unsigned day, int offset) {
  const std::chrono::weekday weekday{std::chrono::sys_days{std::chrono::year{year} / month / day}};
  const unsigned wd = weekday.iso_encoding();  // 1 = Monday
  if (wd > 5) return {};
  std::vector<UtcInterval> open{
      {Paris(year, month, day, 9, 30, offset), Paris(year, month, day, 13, 0, offset)}};
  if (wd == 1 || wd == 3 || wd == 4) {
    open.push_back(
        {Paris(year, month, day, 14, 0, offset), Paris(year, month, day, 17, 0, offset)});
  }
  return open;
}

// Friday 28 March 2025 (+01:00) to Friday 4 April 2025 (+02:00): the spring
// change is on Sunday 30 March.
std::vector<UtcInterval> SeedWeek() {
  std::vector<UtcInterval> open;
  for (unsigned day : {28u, 31u}) {
    const int offset = day == 28 ? 1 : 2;
    auto part = SeedDay(2025, 3, day, offset);
    open.insert(open.end(), part.begin(), part.end());
  }
  for (unsigned day = 1; day <= 4; ++day) {
    auto part = SeedDay(2025, 4, day, 2);
    open.insert(open.end(), part.begin(), part.end());
  }
  return open;
}

// Local midnights from 27 March to 5 April 2025.
std::vector<UtcTime> ParisMidnights() {
  std::vector<UtcTime> out;
  for (unsigned day = 27; day <= 31; ++day)
    out.push_back(Paris(2025, 3, day, 0, 0, day <= 30 ? 1 : 2));
  for (unsigned day = 1; day <= 5; ++day) out.push_back(Paris(2025, 4, day, 0, 0, 2));
  return out;
}

MediatorCalendar Mediator(std::string id, std::vector<std::string> types,
                          std::vector<UtcInterval> availability = SeedWeek()) {
  return {std::move(id), std::move(availability), {}, std::move(types), {}};
}

SlotRules Caf(minutes duration = minutes{30}) {
  SlotRules rules;
  rules.type_id = "caf";
  rules.duration = duration;
  rules.horizon = days{30};
  return rules;
}

const UtcTime kNow = Utc(2025, 3, 27, 12, 0);  // Thursday before the change
const UtcTime kMonday = Paris(2025, 3, 31, 0, 0, 2);
const UtcTime kTuesday = Paris(2025, 4, 1, 0, 0, 2);

Schedule TwoMediators() {
  return Schedule(SeedWeek(), {Mediator("bruno", {"caf", "ants"}), Mediator("alice", {"caf"})},
                  ParisMidnights());
}

std::vector<UtcTime> Starts(const std::vector<Slot>& slots) {
  std::vector<UtcTime> out;
  for (const Slot& s : slots) out.push_back(s.start);
  return out;
}

std::string Code(const Result<Assignment>& r) {
  return r ? "ok" : r.error().code;
}

TEST(Slots, SeedDeskMondayAfterSpringChangeIsAtPlusTwo) {
  const Schedule schedule = TwoMediators();
  const std::vector<Slot> slots = FindSlots(schedule, Caf(), kNow, kMonday, kTuesday);
  std::vector<UtcTime> expected;
  for (int m = 0; m < 7; ++m) expected.push_back(Utc(2025, 3, 31, 7, 30) + minutes{30 * m});
  for (int m = 0; m < 6; ++m) expected.push_back(Utc(2025, 3, 31, 12, 0) + minutes{30 * m});
  EXPECT_EQ(Starts(slots), expected);
  for (const Slot& s : slots) {
    EXPECT_EQ(s.end, s.start + minutes{30});
    EXPECT_EQ(s.free_mediators, 2u);
    EXPECT_EQ(schedule.mediator(s.mediator).id, "alice");  // tie: smallest id
  }
}

TEST(Slots, SeedDeskFridayBeforeTheChangeIsAtPlusOne) {
  const std::vector<Slot> slots =
      FindSlots(TwoMediators(), Caf(), kNow, Paris(2025, 3, 28, 0, 0, 1), kMonday);
  ASSERT_EQ(slots.size(), 7u);  // Friday: mornings only, nothing on the weekend
  EXPECT_EQ(slots.front().start, Utc(2025, 3, 28, 8, 30));
  EXPECT_EQ(slots.back().start, Utc(2025, 3, 28, 11, 30));
}

TEST(Slots, DaylightSavingNightStaysInRealTime) {
  // A desk open on the Sunday of the change, 01:00-04:00 local: 01:00+01:00 to
  // 04:00+02:00 lasts two real hours, so four 30-minute slots.
  const Schedule schedule({{Utc(2025, 3, 30, 0, 0), Utc(2025, 3, 30, 2, 0)}},
                          {Mediator("alice", {"caf"}, {{Utc(2025, 3, 29), Utc(2025, 3, 31)}})});
  EXPECT_EQ(Starts(FindSlots(schedule, Caf(), kNow, Utc(2025, 3, 29), Utc(2025, 3, 31))),
            (std::vector<UtcTime>{Utc(2025, 3, 30, 0, 0), Utc(2025, 3, 30, 0, 30),
                                  Utc(2025, 3, 30, 1, 0), Utc(2025, 3, 30, 1, 30)}));
}

TEST(Slots, GridCountsFromEachOpeningStart) {
  const Schedule schedule = TwoMediators();
  EXPECT_EQ(Starts(FindSlots(schedule, Caf(minutes{45}), kNow, kMonday, kTuesday)),
            (std::vector<UtcTime>{Paris(2025, 3, 31, 9, 30, 2), Paris(2025, 3, 31, 10, 15, 2),
                                  Paris(2025, 3, 31, 11, 0, 2), Paris(2025, 3, 31, 11, 45, 2),
                                  Paris(2025, 3, 31, 14, 0, 2), Paris(2025, 3, 31, 14, 45, 2),
                                  Paris(2025, 3, 31, 15, 30, 2), Paris(2025, 3, 31, 16, 15, 2)}));
  SlotRules fine = Caf();
  fine.step = minutes{15};
  EXPECT_EQ(FindSlots(schedule, fine, kNow, kMonday, kTuesday).size(), 13u + 11u);

  EXPECT_EQ(Code(CheckBooking(schedule, Caf(), Paris(2025, 3, 31, 10, 0, 2), kNow)), "ok");
  EXPECT_EQ(Code(CheckBooking(schedule, Caf(), Paris(2025, 3, 31, 9, 45, 2), kNow)), "not_on_grid");
  EXPECT_EQ(Code(CheckBooking(schedule, fine, Paris(2025, 3, 31, 9, 45, 2), kNow)), "ok");
  EXPECT_EQ(Code(CheckBooking(schedule, Caf(), Paris(2025, 3, 31, 10, 10, 2), kNow)),
            "not_on_grid");
  EXPECT_EQ(Code(CheckBooking(schedule, Caf(), Paris(2025, 3, 31, 9, 0, 2), kNow)),
            "outside_opening_hours");
  EXPECT_EQ(Code(CheckBooking(schedule, Caf(), Paris(2025, 3, 31, 13, 0, 2), kNow)),
            "outside_opening_hours");
  // Starts inside the hours but ends after closing.
  EXPECT_EQ(Code(CheckBooking(schedule, Caf(minutes{45}), Paris(2025, 3, 31, 12, 30, 2), kNow)),
            "outside_opening_hours");
  const Result<Assignment> sunday = CheckBooking(schedule, Caf(), Utc(2025, 3, 30, 8, 0), kNow);
  ASSERT_FALSE(sunday);
  EXPECT_EQ(sunday.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(sunday.error().field, "start");
}

TEST(Slots, MinimumNoticeAndPast) {
  const Schedule schedule = TwoMediators();
  SlotRules rules = Caf();
  rules.min_notice = minutes{120};
  const UtcTime now = Paris(2025, 3, 31, 9, 0, 2);
  EXPECT_EQ(FindSlots(schedule, rules, now, kMonday, kTuesday).front().start,
            Paris(2025, 3, 31, 11, 0, 2));
  const Result<Assignment> soon = CheckBooking(schedule, rules, Paris(2025, 3, 31, 10, 30, 2), now);
  ASSERT_FALSE(soon);
  EXPECT_EQ(soon.error().code, "in_the_past");
  EXPECT_NE(soon.error().message.find("Trop tôt"), std::string::npos);
  EXPECT_NE(soon.error().message.find("2 heures"), std::string::npos);
  const Result<Assignment> past = CheckBooking(schedule, rules, Paris(2025, 3, 28, 9, 30, 1), now);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().code, "in_the_past");
  EXPECT_NE(past.error().message.find("passé"), std::string::npos);
  EXPECT_EQ(Code(CheckBooking(schedule, rules, Paris(2025, 3, 31, 11, 0, 2), now)), "ok");
}

TEST(Slots, HorizonIsStrict) {
  const Schedule schedule = TwoMediators();
  SlotRules rules = Caf();
  rules.horizon = days{3};
  const UtcTime now = Utc(2025, 3, 28, 11, 0);  // horizon ends Monday 11:00Z = 13:00 local
  const std::vector<Slot> slots = FindSlots(schedule, rules, now, kMonday, kTuesday);
  ASSERT_EQ(slots.size(), 7u);
  EXPECT_EQ(slots.back().start, Paris(2025, 3, 31, 12, 30, 2));
  const Result<Assignment> far = CheckBooking(schedule, rules, Paris(2025, 3, 31, 14, 0, 2), now);
  ASSERT_FALSE(far);
  EXPECT_EQ(far.error().code, "beyond_horizon");
  EXPECT_NE(far.error().message.find("3 jours"), std::string::npos);
}

TEST(Slots, BufferKeepsTheMediatorBusyAfterwards) {
  SlotRules rules = Caf();
  rules.buffer_after = minutes{15};
  rules.step = minutes{15};
  Schedule schedule(SeedWeek(), {Mediator("alice", {"caf"})});
  const Result<Assignment> first =
      CheckBooking(schedule, rules, Paris(2025, 3, 31, 9, 30, 2), kNow);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->busy.end, Paris(2025, 3, 31, 10, 15, 2));
  EXPECT_EQ(first->slot.end, Paris(2025, 3, 31, 10, 0, 2));
  schedule.AddBooking(first->mediator, first->busy);
  const std::vector<Slot> slots = FindSlots(schedule, rules, kNow, kMonday, kTuesday);
  EXPECT_EQ(slots.front().start, Paris(2025, 3, 31, 10, 15, 2));
  // The buffer must fit in the availability: the last morning start is 12:15.
  const auto morning_end = std::find_if(slots.begin(), slots.end(), [](const Slot& s) {
    return s.start >= Paris(2025, 3, 31, 13, 0, 2);
  });
  EXPECT_EQ((morning_end - 1)->start, Paris(2025, 3, 31, 12, 15, 2));
  // The new slot's buffer must not run into a later booking.
  schedule.AddBooking(0, {Paris(2025, 3, 31, 11, 30, 2), Paris(2025, 3, 31, 12, 0, 2)});
  EXPECT_EQ(Code(CheckBooking(schedule, rules, Paris(2025, 3, 31, 11, 0, 2), kNow)), "slot_taken");
  EXPECT_EQ(Code(CheckBooking(schedule, rules, Paris(2025, 3, 31, 10, 45, 2), kNow)), "ok");
}

TEST(Slots, AbsenceIsSubtracted) {
  MediatorCalendar bruno = Mediator("bruno", {"caf"});
  bruno.absences = {{Paris(2025, 3, 31, 10, 0, 2), Paris(2025, 3, 31, 11, 0, 2)}};
  const Schedule schedule(SeedWeek(), {bruno});
  const std::vector<UtcTime> starts = Starts(
      FindSlots(schedule, Caf(), kNow, Paris(2025, 3, 31, 9, 0, 2), Paris(2025, 3, 31, 12, 0, 2)));
  EXPECT_EQ(starts,
            (std::vector<UtcTime>{Paris(2025, 3, 31, 9, 30, 2), Paris(2025, 3, 31, 11, 0, 2),
                                  Paris(2025, 3, 31, 11, 30, 2)}));
  EXPECT_EQ(Code(CheckBooking(schedule, Caf(), Paris(2025, 3, 31, 10, 30, 2), kNow)), "slot_taken");
}

TEST(Slots, OnlyMediatorsTakingTheType) {
  Schedule schedule = TwoMediators();
  SlotRules ants = Caf();
  ants.type_id = "ants";
  const std::vector<Slot> slots = FindSlots(schedule, ants, kNow, kMonday, kTuesday);
  ASSERT_EQ(slots.size(), 13u);
  for (const Slot& s : slots) {
    EXPECT_EQ(s.free_mediators, 1u);
    EXPECT_EQ(schedule.mediator(s.mediator).id, "bruno");
  }
  const MediatorIndex bruno = *schedule.FindMediator("bruno");
  const UtcTime start = Paris(2025, 3, 31, 9, 30, 2);
  schedule.AddBooking(bruno, {start, start + minutes{30}});
  const Result<Assignment> taken = CheckBooking(schedule, ants, start, kNow);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, "slot_taken");
  EXPECT_EQ(taken.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(Code(CheckBooking(schedule, Caf(), start, kNow)), "ok");  // alice takes caf
  SlotRules unknown = Caf();
  unknown.type_id = "dgfip";
  EXPECT_TRUE(FindSlots(schedule, unknown, kNow, kMonday, kTuesday).empty());
}

TEST(Slots, BookingBlocksOnlyItsMediator) {
  Schedule schedule = TwoMediators();
  const MediatorIndex alice = *schedule.FindMediator("alice");
  const MediatorIndex bruno = *schedule.FindMediator("bruno");
  const UtcTime start = Paris(2025, 3, 31, 9, 30, 2);
  schedule.AddBooking(alice, {start, start + minutes{30}});
  const std::vector<Slot> all = FindSlots(schedule, Caf(), kNow, kMonday, kTuesday);
  ASSERT_EQ(all.size(), 13u);
  EXPECT_EQ(all.front().free_mediators, 1u);
  EXPECT_EQ(all.front().mediator, bruno);
  EXPECT_EQ(FindSlots(schedule, Caf(), kNow, kMonday, kTuesday, alice).size(), 12u);
  EXPECT_EQ(FindSlots(schedule, Caf(), kNow, kMonday, kTuesday, bruno).size(), 13u);
  EXPECT_EQ(Code(CheckBooking(schedule, Caf(), start, kNow, alice)), "slot_taken");
}

TEST(Slots, TwoMediatorsTwoBookingsThenSlotTaken) {
  Schedule schedule = TwoMediators();
  const Schedule original = schedule;
  const UtcTime start = Paris(2025, 3, 31, 14, 0, 2);
  const Result<Assignment> first = CheckBooking(schedule, Caf(), start, kNow);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->mediator_id, "alice");
  EXPECT_EQ(first->slot, (UtcInterval{start, start + minutes{30}}));
  schedule.AddBooking(first->mediator, first->busy);
  const Result<Assignment> second = CheckBooking(schedule, Caf(), start, kNow);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->mediator_id, "bruno");
  schedule.AddBooking(second->mediator, second->busy);
  const Result<Assignment> third = CheckBooking(schedule, Caf(), start, kNow);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(third.error().code, "slot_taken");
  EXPECT_EQ(third.error().field, "start");
  const std::vector<UtcTime> starts = Starts(FindSlots(schedule, Caf(), kNow, kMonday, kTuesday));
  EXPECT_EQ(std::count(starts.begin(), starts.end(), start), 0);
  EXPECT_EQ(starts.size(), 12u);

  EXPECT_TRUE(schedule.RemoveBooking(second->mediator, second->busy));
  EXPECT_FALSE(schedule.RemoveBooking(second->mediator, second->busy));
  EXPECT_TRUE(schedule.RemoveBooking(first->mediator, first->busy));
  EXPECT_EQ(FindSlots(schedule, Caf(), kNow, kMonday, kTuesday),
            FindSlots(original, Caf(), kNow, kMonday, kTuesday));
}

TEST(Slots, LeastBookedThatLocalDayThenId) {
  Schedule schedule = TwoMediators();
  const MediatorIndex alice = *schedule.FindMediator("alice");
  // Two bookings for alice on Monday afternoon, one on Friday: Monday morning
  // goes to bruno, Friday to bruno too, Tuesday (nobody booked) to alice.
  schedule.AddBooking(alice, {Paris(2025, 3, 31, 15, 0, 2), Paris(2025, 3, 31, 15, 30, 2)});
  schedule.AddBooking(alice, {Paris(2025, 3, 31, 16, 0, 2), Paris(2025, 3, 31, 16, 30, 2)});
  schedule.AddBooking(alice, {Paris(2025, 3, 28, 11, 0, 1), Paris(2025, 3, 28, 11, 30, 1)});
  EXPECT_EQ(CheckBooking(schedule, Caf(), Paris(2025, 3, 31, 9, 30, 2), kNow)->mediator_id,
            "bruno");
  EXPECT_EQ(CheckBooking(schedule, Caf(), Paris(2025, 3, 28, 9, 30, 1), kNow)->mediator_id,
            "bruno");
  EXPECT_EQ(CheckBooking(schedule, Caf(), Paris(2025, 4, 1, 9, 30, 2), kNow)->mediator_id, "alice");
  for (const Slot& s : FindSlots(schedule, Caf(), kNow, kMonday, kTuesday)) {
    EXPECT_EQ(schedule.mediator(s.mediator).id, "bruno") << s.start.time_since_epoch().count();
  }
  EXPECT_EQ(schedule.DayOf(Paris(2025, 3, 31, 0, 30, 2)),
            (UtcInterval{Paris(2025, 3, 31, 0, 0, 2), Paris(2025, 4, 1, 0, 0, 2)}));
  EXPECT_EQ(schedule.DayOf(Paris(2025, 3, 30, 12, 0, 2)),
            (UtcInterval{Paris(2025, 3, 30, 0, 0, 1), Paris(2025, 3, 31, 0, 0, 2)}));
}

TEST(Slots, InvalidRules) {
  const Schedule schedule = TwoMediators();
  SlotRules rules = Caf(minutes{0});
  EXPECT_TRUE(FindSlots(schedule, rules, kNow, kMonday, kTuesday).empty());
  const Result<Assignment> r = CheckBooking(schedule, rules, Paris(2025, 3, 31, 9, 30, 2), kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "invalid_appointment_type");
  EXPECT_EQ(r.error().field, "type");
}

TEST(Slots, IntervalsAreMergedAndTouchingBookingsRemovable) {
  const UtcTime t = Utc(2025, 4, 2, 8, 0);
  MediatorCalendar m{"m", {{t, t + hours{1}}, {t + hours{1}, t + hours{3}}}, {}, {"caf"}, {}};
  Schedule schedule({{t, t + hours{2}}, {t + hours{1}, t + hours{3}}}, {m});
  ASSERT_EQ(schedule.open().size(), 1u);
  EXPECT_EQ(schedule.mediator(0).free, (std::vector<UtcInterval>{{t, t + hours{3}}}));
  const UtcInterval a{t, t + minutes{30}}, b{t + minutes{30}, t + hours{1}},
      c{t + minutes{15}, t + minutes{45}};
  schedule.AddBooking(0, a);
  schedule.AddBooking(0, b);
  schedule.AddBooking(0, c);
  EXPECT_EQ(schedule.mediator(0).busy, (std::vector<UtcInterval>{{t, t + hours{1}}}));
  EXPECT_TRUE(schedule.RemoveBooking(0, c));
  EXPECT_TRUE(schedule.RemoveBooking(0, a));
  EXPECT_EQ(schedule.mediator(0).busy, (std::vector<UtcInterval>{b}));
}

// ---------------------------------------------------------------------------
// Property test: on random schedules, FindSlots returns exactly the starts
// that CheckBooking accepts, and both agree with a per-minute brute force of
// the rules; booking a returned slot removes it from its mediator only.

const UtcTime kBase = Utc(2025, 3, 31);
constexpr int kSpan = 3 * 24 * 60;  // minutes covered by the random data

UtcTime At(int minute) {
  return kBase + minutes{minute};
}
int MinuteOf(UtcTime t) {
  return static_cast<int>((t - kBase) / minutes{1});
}

struct Case {
  std::vector<UtcInterval> open;
  std::vector<MediatorCalendar> mediators;
  std::vector<UtcTime> day_starts;
  SlotRules rules;
  UtcTime now;
  UtcTime from;
  UtcTime to;
};

Case RandomCase(std::mt19937& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto pick = [&](std::initializer_list<int> values) {
    return *(values.begin() + uniform(0, static_cast<int>(values.size()) - 1));
  };
  auto intervals = [&](int count, int min_len, int max_len) {
    std::vector<UtcInterval> out;
    for (int i = 0; i < count; ++i) {
      const int start = uniform(0, kSpan - 30);
      out.push_back({At(start), At(std::min(kSpan, start + uniform(min_len, max_len)))});
    }
    return out;
  };
  Case c;
  for (int day = 0; day < 3; ++day) {
    const int opens = uniform(0, 3);
    for (int i = 0; i < opens; ++i) {
      const int start = day * 1440 + uniform(6 * 60, 16 * 60);
      c.open.push_back({At(start), At(start + uniform(20, 300))});
    }
  }
  if (uniform(0, 1) > 0) {
    const int offset = pick({-120, -60, 60, 120});
    for (int day = -1; day <= 3; ++day) c.day_starts.push_back(At(day * 1440 + offset));
  }
  // Bookings starting right at a day's start, where "that day" is decided.
  std::vector<UtcTime> boundaries = c.day_starts;
  if (boundaries.empty()) {
    for (int day = 0; day <= 2; ++day) boundaries.push_back(At(day * 1440));
  }
  const std::vector<std::string> ids{"ines", "bruno", "alice", "zoe", "malik"};
  const int count = uniform(1, 4);
  for (int i = 0; i < count; ++i) {
    MediatorCalendar m;
    m.id = ids[static_cast<std::size_t>(i)];
    m.availability = intervals(uniform(0, 3), 30, 600);
    for (const UtcInterval& o : c.open) {  // mostly the opening hours, give or take
      if (uniform(0, 3) == 0) continue;
      m.availability.push_back(
          {o.start + minutes{pick({-30, 0, 0, 0, 10})}, o.end + minutes{pick({-45, 0, 0, 20})}});
    }
    m.absences = intervals(uniform(0, 2), 10, 240);
    if (uniform(0, 3) > 0) m.type_ids.push_back("a");
    if (uniform(0, 1) > 0) m.type_ids.push_back("b");
    m.bookings = intervals(uniform(0, 10), 5, 90);
    for (int k = uniform(0, 2); k > 0; --k) {
      const UtcTime at =
          boundaries[std::uniform_int_distribution<std::size_t>(0, boundaries.size() - 1)(rng)];
      if (at >= kBase) m.bookings.push_back({at, at + minutes{pick({5, 30})}});
    }
    c.mediators.push_back(std::move(m));
  }
  std::shuffle(c.mediators.begin(), c.mediators.end(), rng);
  c.rules.type_id = uniform(0, 4) > 0 ? "a" : "b";
  c.rules.duration = minutes{pick({5, 10, 15, 20, 30, 45, 60})};
  c.rules.buffer_after = minutes{pick({0, 0, 5, 10, 15})};
  c.rules.min_notice = minutes{pick({0, 0, 30, 120, 1440})};
  c.rules.horizon = days{pick({0, 1, 2, 3, 5, 5})};
  c.rules.step = minutes{pick({0, 0, 5, 15, 30})};
  c.now = At(uniform(-1440, 1440));
  c.from = At(uniform(-60, kSpan / 3));
  c.to = At(uniform(MinuteOf(c.from), kSpan + 60));
  return c;
}

// The rules read literally, minute by minute, on the raw inputs.
struct BruteForce {
  explicit BruteForce(const Case& c) : c_(c), open_(Bits(c.open)) {
    for (const MediatorCalendar& m : c.mediators) {
      std::vector<bool> free = Bits(m.availability);
      const std::vector<bool> absent = Bits(m.absences), booked = Bits(m.bookings);
      for (int t = 0; t < kSpan; ++t) free[t] = free[t] && !absent[t] && !booked[t];
      free_.push_back(std::move(free));
    }
  }

  static std::vector<bool> Bits(const std::vector<UtcInterval>& intervals) {
    std::vector<bool> bits(kSpan, false);
    for (const UtcInterval& i : intervals) {
      for (int t = std::max(0, MinuteOf(i.start)); t < std::min(kSpan, MinuteOf(i.end)); ++t) {
        bits[t] = true;
      }
    }
    return bits;
  }
  static bool All(const std::vector<bool>& bits, int from, int to) {
    for (int t = from; t < to; ++t) {
      if (t < 0 || t >= kSpan || !bits[t]) return false;
    }
    return true;
  }

  struct Answer {
    std::string code;
    std::string mediator;
    std::uint32_t free = 0;
  };
  static Answer Refused(std::string code) {
    Answer answer;
    answer.code = std::move(code);
    return answer;
  }

  Answer Decide(UtcTime start) const {
    const SlotRules& r = c_.rules;
    if (start < c_.now + r.min_notice) return Refused("in_the_past");
    if (start >= c_.now + r.horizon) return Refused("beyond_horizon");
    const int s = MinuteOf(start), duration = static_cast<int>(r.duration.count());
    const int need = duration + static_cast<int>(r.buffer_after.count());
    if (!All(open_, s, s + duration)) return Refused("outside_opening_hours");
    int run = s;
    while (run > 0 && open_[run - 1]) --run;
    if ((s - run) % r.EffectiveStep().count() != 0) return Refused("not_on_grid");
    UtcTime day_start = std::chrono::floor<days>(start), day_end = day_start + days{1};
    if (!c_.day_starts.empty()) {
      day_start = UtcTime::min();
      day_end = UtcTime::max();
      for (UtcTime d : c_.day_starts) {
        if (d <= start) day_start = d;
        if (d > start && day_end == UtcTime::max()) day_end = d;
      }
    }
    Answer answer = Refused("slot_taken");
    std::size_t best_load = 0;
    for (std::size_t i = 0; i < c_.mediators.size(); ++i) {
      const MediatorCalendar& m = c_.mediators[i];
      if (std::find(m.type_ids.begin(), m.type_ids.end(), r.type_id) == m.type_ids.end()) continue;
      if (!All(free_[i], s, s + need)) continue;
      const auto load = static_cast<std::size_t>(
          std::count_if(m.bookings.begin(), m.bookings.end(), [&](const UtcInterval& b) {
            return b.end > b.start && b.start >= day_start && b.start < day_end;
          }));
      ++answer.free;
      if (answer.code != "ok" || load < best_load ||
          (load == best_load && m.id < answer.mediator)) {
        answer.code = "ok";
        answer.mediator = m.id;
        best_load = load;
      }
    }
    return answer;
  }

  const Case& c_;
  std::vector<bool> open_;
  std::vector<std::vector<bool>> free_;
};

std::vector<UtcTime> StartsFor(const Schedule& schedule, const Case& c, MediatorIndex m) {
  return Starts(FindSlots(schedule, c.rules, c.now, c.from, c.to, m));
}

TEST(SlotsProperty, SearchEqualsCheckBookingEqualsTheRules) {
  std::mt19937 rng(20250331);
  int slots_seen = 0, bookings_made = 0;
  std::map<std::string, int> codes;
  for (int iteration = 0; iteration < 600; ++iteration) {
    const Case c = RandomCase(rng);
    SCOPED_TRACE("case " + std::to_string(iteration));
    Schedule schedule(c.open, c.mediators, c.day_starts);
    const BruteForce brute(c);
    const std::vector<Slot> slots = FindSlots(schedule, c.rules, c.now, c.from, c.to);
    slots_seen += static_cast<int>(slots.size());

    // Every minute of the window: CheckBooking against the brute force, and
    // the accepted ones are exactly the search's slots, with the same mediator.
    std::vector<Slot> accepted;
    for (UtcTime s = c.from; s < c.to; s += minutes{1}) {
      const Result<Assignment> check = CheckBooking(schedule, c.rules, s, c.now);
      const BruteForce::Answer expected = brute.Decide(s);
      ASSERT_EQ(Code(check), expected.code) << "minute " << MinuteOf(s);
      ++codes[expected.code];
      if (!check) continue;
      ASSERT_EQ(check->mediator_id, expected.mediator) << "minute " << MinuteOf(s);
      accepted.push_back({s, s + c.rules.duration, check->mediator, expected.free});
    }
    ASSERT_EQ(slots, accepted);

    // Book a few returned slots one after the other.
    std::vector<Assignment> made;
    std::vector<Slot> current = slots;
    for (int round = 0; round < 4 && !current.empty(); ++round) {
      const Slot chosen =
          current[std::uniform_int_distribution<std::size_t>(0, current.size() - 1)(rng)];
      std::vector<std::vector<UtcTime>> before;
      for (MediatorIndex m = 0; m < schedule.mediators().size(); ++m) {
        before.push_back(StartsFor(schedule, c, m));
      }
      const Result<Assignment> booked = CheckBooking(schedule, c.rules, chosen.start, c.now);
      ASSERT_TRUE(booked);
      ASSERT_EQ(booked->mediator, chosen.mediator);
      schedule.AddBooking(booked->mediator, booked->busy);
      made.push_back(*booked);
      ++bookings_made;

      const std::vector<Slot> after = FindSlots(schedule, c.rules, c.now, c.from, c.to);
      const auto again = std::find_if(after.begin(), after.end(),
                                      [&](const Slot& s) { return s.start == chosen.start; });
      if (chosen.free_mediators == 1) {
        EXPECT_EQ(again, after.end());
      } else {
        ASSERT_NE(again, after.end());
        EXPECT_EQ(again->free_mediators, chosen.free_mediators - 1);
        EXPECT_NE(again->mediator, booked->mediator);
      }
      for (MediatorIndex m = 0; m < schedule.mediators().size(); ++m) {
        std::vector<UtcTime> expected = before[m];
        if (m == booked->mediator) {
          std::erase_if(expected, [&](UtcTime s) {
            const UtcTime end = s + c.rules.duration + c.rules.buffer_after;
            return s < booked->busy.end && end > booked->busy.start;
          });
        }
        EXPECT_EQ(StartsFor(schedule, c, m), expected) << "mediator " << m;
      }
      // The local merge kept the busy list equal to the merged bookings.
      const MediatorState& state = schedule.mediator(booked->mediator);
      Schedule rebuilt({}, {{state.id, {}, {}, {}, state.bookings}});
      EXPECT_EQ(state.busy, rebuilt.mediator(0).busy);
      current = after;
    }

    // Cancelling every booking, in another order, gives back the first search.
    std::shuffle(made.begin(), made.end(), rng);
    for (const Assignment& a : made) {
      ASSERT_TRUE(schedule.RemoveBooking(a.mediator, a.busy));
      const MediatorState& state = schedule.mediator(a.mediator);
      Schedule rebuilt({}, {{state.id, {}, {}, {}, state.bookings}});
      EXPECT_EQ(state.busy, rebuilt.mediator(0).busy);
    }
    EXPECT_EQ(FindSlots(schedule, c.rules, c.now, c.from, c.to), slots);
  }
  // The generator must reach every answer, and produce slots and bookings.
  for (const char* code : {"ok", "in_the_past", "beyond_horizon", "outside_opening_hours",
                           "not_on_grid", "slot_taken"}) {
    EXPECT_GT(codes[code], 1000) << code;
  }
  EXPECT_GT(slots_seen, 4000);
  EXPECT_GT(bookings_made, 600);
}

}  // namespace
}  // namespace relais
