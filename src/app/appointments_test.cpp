// Appointments: the schedule built in the site's time zone (daylight-saving
// Sundays), the booking cycle over in-memory fakes of the stores, the
// validation of what a person gives, and the policy.
#include "app/appointments.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include "app/fake_clock.h"
#include "app/secrets.h"

namespace relais::app {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

UtcTime Utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
  return UtcTime{date::sys_days{date::year{year} / month / day}} + hours{hour} + minutes{minute};
}

date::year_month_day Day(int year, unsigned month, unsigned day) {
  return date::year{year} / month / day;
}

AppointmentType Type(const std::string& id, int duration, bool online = true) {
  return {id, "Motif " + id, duration, "", "", online, 60, 30, 0, 0};
}

// --- Daylight saving: a site open on Sundays -------------------------------

class SundaySite : public ::testing::Test {
 protected:
  // The slots of a `duration`-minute type on `day`, as "HH:MM+OO:OO" in Paris.
  std::vector<std::string> SlotsOn(const std::string& site_hours, const std::string& mediator_hours,
                                   int duration, date::year_month_day day) {
    Site site{"dim", "Lieu du dimanche", "", "Europe/Paris", site_hours};
    auto hours = SiteHours::Build(site, {});
    EXPECT_TRUE(hours);
    const date::year_month_day first{date::sys_days{day} - days{8}};
    const date::year_month_day last{date::sys_days{day} + days{8}};
    auto schedule = BuildSchedule(*hours, {{"m1", "", mediator_hours, {"t"}}}, {}, {}, first, last);
    EXPECT_TRUE(schedule);
    const TimeZone& zone = hours->zone();
    const UtcTime from = zone.ToInstant(date::local_seconds{date::local_days{day}});
    const UtcTime to = zone.ToInstant(date::local_seconds{date::local_days{day} + days{1}});
    const UtcTime now = Utc(2025, 1, 1);
    SlotRules rules = RulesFor(Type("t", duration), false);
    rules.horizon = days{366};
    std::vector<std::string> shown;
    for (const Slot& slot : FindSlots(*schedule, rules, now, from, to)) {
      const std::string text = zone.FormatRfc3339(slot.start);
      EXPECT_EQ(text.substr(0, 10), date::format("%F", date::sys_days{day}));
      shown.push_back(text.substr(11, 5) + text.substr(19));
    }
    return shown;
  }
};

TEST_F(SundaySite, MorningSlotsKeepTheirWallClockAroundTheSpringChange) {
  const std::vector<std::string> winter = {"10:00+01:00", "10:30+01:00", "11:00+01:00",
                                           "11:30+01:00"};
  const std::vector<std::string> summer = {"10:00+02:00", "10:30+02:00", "11:00+02:00",
                                           "11:30+02:00"};
  // 30-minute slots on the 15-minute grid; keep the half hours for brevity.
  const auto half_hours = [](std::vector<std::string> all) {
    std::vector<std::string> kept;
    for (const auto& s : all) {
      if (s.substr(3, 2) == "00" || s.substr(3, 2) == "30") kept.push_back(s);
    }
    return kept;
  };
  const std::string site = "Su 09:00-12:00";
  const std::string mediator = "Su 10:00-12:00";
  EXPECT_EQ(half_hours(SlotsOn(site, mediator, 30, Day(2025, 3, 23))), winter);
  EXPECT_EQ(half_hours(SlotsOn(site, mediator, 30, Day(2025, 3, 30))), summer);
  EXPECT_EQ(half_hours(SlotsOn(site, mediator, 30, Day(2025, 4, 6))), summer);
  EXPECT_EQ(SlotsOn(site, mediator, 30, Day(2025, 3, 30)).size(), 7u);
}

TEST_F(SundaySite, MorningSlotsKeepTheirWallClockAroundTheAutumnChange) {
  const std::string site = "Su 09:00-12:00";
  const std::string mediator = "Su 10:00-12:00";
  const std::vector<std::string> summer = {"10:00+02:00", "10:15+02:00", "10:30+02:00",
                                           "10:45+02:00", "11:00+02:00", "11:15+02:00",
                                           "11:30+02:00"};
  std::vector<std::string> winter = summer;
  for (auto& s : winter) s.replace(6, 5, "01:00");
  EXPECT_EQ(SlotsOn(site, mediator, 30, Day(2025, 10, 19)), summer);
  EXPECT_EQ(SlotsOn(site, mediator, 30, Day(2025, 10, 26)), winter);
  EXPECT_EQ(SlotsOn(site, mediator, 30, Day(2025, 11, 2)), winter);
}

TEST_F(SundaySite, TheSkippedHourHasNoSlots) {
  // 30 March 2025: 02:00 becomes 03:00. A mediator from 01:00 to 04:00 works
  // two real hours.
  EXPECT_EQ(SlotsOn("Su 00:00-24:00", "Su 01:00-04:00", 15, Day(2025, 3, 30)),
            (std::vector<std::string>{"01:00+01:00", "01:15+01:00", "01:30+01:00", "01:45+01:00",
                                      "03:00+02:00", "03:15+02:00", "03:30+02:00", "03:45+02:00"}));
  // A 30-minute slot may span the jump: 01:45 to 03:15, 30 real minutes.
  const auto spanning = SlotsOn("Su 00:00-24:00", "Su 01:00-04:00", 30, Day(2025, 3, 30));
  EXPECT_EQ(spanning.size(), 7u);
  EXPECT_EQ(spanning[3], "01:45+01:00");
  EXPECT_EQ(spanning[4], "03:00+02:00");
}

TEST_F(SundaySite, TheRepeatedHourHasItsSlotsTwice) {
  // 26 October 2025: 03:00 becomes 02:00 again. From 01:00 to 04:00 is four
  // real hours; the repeated hour's slots come twice, with their offsets.
  const auto slots = SlotsOn("Su 00:00-24:00", "Su 01:00-04:00", 15, Day(2025, 10, 26));
  ASSERT_EQ(slots.size(), 16u);
  EXPECT_EQ(slots[0], "01:00+02:00");
  EXPECT_EQ(slots[4], "02:00+02:00");
  EXPECT_EQ(slots[7], "02:45+02:00");
  EXPECT_EQ(slots[8], "02:00+01:00");
  EXPECT_EQ(slots[15], "03:45+01:00");
  // The Sundays around: three hours each.
  EXPECT_EQ(SlotsOn("Su 00:00-24:00", "Su 01:00-04:00", 15, Day(2025, 10, 19)).size(), 12u);
  EXPECT_EQ(SlotsOn("Su 00:00-24:00", "Su 01:00-04:00", 15, Day(2025, 11, 2)).size(), 12u);
}

TEST(BuildSchedule, RefusesWeeklyHoursThatDoNotParse) {
  auto hours = SiteHours::Build({"s", "S", "", "Europe/Paris", "Mo 09:00-12:00"}, {});
  ASSERT_TRUE(hours);
  auto schedule = BuildSchedule(*hours, {{"m1", "", "lundi matin", {"t"}}}, {}, {}, Day(2025, 7, 7),
                                Day(2025, 7, 8));
  ASSERT_FALSE(schedule);
  EXPECT_EQ(schedule.error().field, "weekly_hours");
}

TEST(BuildSchedule, AbsencesAndBookingsAreRoundedOutwards) {
  auto hours = SiteHours::Build({"s", "S", "", "Europe/Paris", "Mo 09:00-12:00"}, {});
  ASSERT_TRUE(hours);
  // Monday 7 July 2025, Paris = UTC+2: 09:00 is 07:00Z.
  Appointment booking;
  booking.id = "b";
  booking.agent_id = "m1";
  booking.start = Utc(2025, 7, 7, 7, 30);
  booking.end = booking.busy_until = Utc(2025, 7, 7, 8, 0);
  auto schedule = BuildSchedule(*hours, {{"m1", "", "Mo 09:00-12:00", {"t"}}},
                                {{"a", "m1", {Utc(2025, 7, 7, 8, 58), Utc(2025, 7, 7, 9, 2)}, ""}},
                                {booking}, Day(2025, 7, 6), Day(2025, 7, 8));
  ASSERT_TRUE(schedule);
  const MediatorState& m1 = schedule->mediator(0);
  EXPECT_EQ(m1.free, (std::vector<UtcInterval>{{Utc(2025, 7, 7, 7), Utc(2025, 7, 7, 8, 55)},
                                               {Utc(2025, 7, 7, 9, 5), Utc(2025, 7, 7, 10)}}));
  EXPECT_EQ(m1.busy, (std::vector<UtcInterval>{{Utc(2025, 7, 7, 7, 30), Utc(2025, 7, 7, 8)}}));
}

// --- The booking cycle over fakes ------------------------------------------

class FakeSiteStore final : public SiteStore {
 public:
  Result<std::optional<Site>> FindSite(const std::string& id) override {
    if (site.id != id) return std::optional<Site>{};
    return std::optional<Site>{site};
  }
  Result<std::vector<Site>> ListSites() override { return std::vector<Site>{site}; }
  Status SaveSite(const Site& s, Instant) override {
    site = s;
    return {};
  }
  Result<std::vector<Partner>> ListPartners(const std::string&) override {
    return std::vector<Partner>{};
  }
  Status SavePartner(const std::string&, const Partner&) override { return {}; }
  Result<std::vector<HoursExceptionRecord>> ListHoursExceptions(const std::string&) override {
    return std::vector<HoursExceptionRecord>{};
  }
  Status SaveHoursException(const std::string&, const HoursExceptionRecord&) override { return {}; }
  Status DeleteHoursException(const std::string&, const std::string&) override { return {}; }

  Site site;
};

// Keeps everything in memory; units as a set of (agent, unit start), like
// the SQL table's key.
class FakeAppointmentStore final : public AppointmentStore {
 public:
  Result<std::vector<AppointmentType>> ListAppointmentTypes(const std::string&) override {
    std::lock_guard lock(mutex_);
    return types;
  }
  Status SaveAppointmentType(const std::string&, const AppointmentType& type) override {
    std::lock_guard lock(mutex_);
    std::erase_if(types, [&](const AppointmentType& t) { return t.id == type.id; });
    types.push_back(type);
    return {};
  }
  Result<std::vector<MediatorSettings>> ListMediators(const std::string&) override {
    std::lock_guard lock(mutex_);
    return mediators;
  }
  Status SaveMediator(const std::string&, const MediatorSettings& m) override {
    std::lock_guard lock(mutex_);
    std::erase_if(mediators, [&](const MediatorSettings& x) { return x.agent_id == m.agent_id; });
    mediators.push_back(m);
    return {};
  }
  Result<std::vector<Absence>> ListAbsences(const std::string&, UtcTime) override {
    std::lock_guard lock(mutex_);
    return absences;
  }
  Status SaveAbsence(const std::string&, const Absence& absence) override {
    std::lock_guard lock(mutex_);
    absences.push_back(absence);
    return {};
  }
  Result<std::vector<Appointment>> ListBusyAppointments(const std::string&,
                                                        UtcTime after) override {
    std::lock_guard lock(mutex_);
    std::vector<Appointment> busy;
    for (const auto& [id, a] : appointments) {
      if (HoldsTime(a.status) && a.busy_until > after) busy.push_back(a);
    }
    return busy;
  }
  Result<std::vector<Appointment>> ListAppointments(const std::string&, UtcTime from,
                                                    UtcTime to) override {
    std::lock_guard lock(mutex_);
    std::vector<Appointment> list;
    for (const auto& [id, a] : appointments) {
      if (a.start >= from && a.start < to) list.push_back(a);
    }
    return list;
  }
  Result<std::optional<Appointment>> FindAppointment(const std::string&,
                                                     const std::string& id) override {
    std::lock_guard lock(mutex_);
    auto it = appointments.find(id);
    if (it == appointments.end()) return std::optional<Appointment>{};
    return std::optional<Appointment>{it->second};
  }
  Status InsertAppointment(const std::string&, const Appointment& a,
                           const std::vector<OutboxMessage>& notices, Instant) override {
    std::lock_guard lock(mutex_);
    ++inserts;
    if (auto taken = Take(a.id, a.agent_id, a.start, a.busy_until); !taken) return taken;
    appointments[a.id] = a;
    outbox.insert(outbox.end(), notices.begin(), notices.end());
    return {};
  }
  Result<Appointment> ChangeAppointment(const std::string&, const std::string& id,
                                        const DecideChange& decide, Instant) override {
    std::lock_guard lock(mutex_);
    auto it = appointments.find(id);
    if (it == appointments.end()) {
      return Fail(ErrorKind::kNotFound, "appointment_not_found", "Introuvable.");
    }
    auto change = decide(it->second);
    if (!change) return tl::unexpected(change.error());
    Appointment& a = it->second;
    if (change->place) {
      const auto saved = units;
      Free(id);
      if (auto taken =
              Take(id, change->place->agent_id, change->place->start, change->place->busy_until);
          !taken) {
        units = saved;
        return tl::unexpected(taken.error());
      }
      a.agent_id = change->place->agent_id;
      a.start = change->place->start;
      a.end = change->place->end;
      a.busy_until = change->place->busy_until;
    } else if (change->release_units) {
      Free(id);
    }
    a.status = change->status;
    if (change->sequence) a.sequence = *change->sequence;
    if (change->drop_pending) {
      for (OutboxMessage& m : outbox) {
        if (m.appointment_id == id && m.status == OutboxStatus::kPending) {
          m.status = OutboxStatus::kDropped;
        }
      }
    }
    outbox.insert(outbox.end(), change->notices.begin(), change->notices.end());
    return a;
  }

  // What another process would have booked behind the application's back.
  void BookBehindTheBack(const Appointment& a) {
    std::lock_guard lock(mutex_);
    ASSERT_TRUE(Take(a.id, a.agent_id, a.start, a.busy_until));
    appointments[a.id] = a;
  }

  std::vector<AppointmentType> types;
  std::vector<MediatorSettings> mediators;
  std::vector<Absence> absences;
  std::map<std::string, Appointment> appointments;
  std::vector<OutboxMessage> outbox;  // what the transactions wrote
  int inserts = 0;

 private:
  Status Take(const std::string& id, const std::string& agent, UtcTime start, UtcTime end) {
    std::vector<std::pair<std::string, UtcTime>> wanted;
    for (UtcTime t = start; t < end; t += kBookingUnit) wanted.emplace_back(agent, t);
    for (const auto& unit : wanted) {
      if (units.count(unit)) {
        return Fail(ErrorKind::kConflict, "slot_taken", "Créneau pris.", "start");
      }
    }
    for (const auto& unit : wanted) units[unit] = id;
    return {};
  }
  void Free(const std::string& id) {
    std::erase_if(units, [&](const auto& entry) { return entry.second == id; });
  }

  std::mutex mutex_;
  std::map<std::pair<std::string, UtcTime>, std::string> units;
};

class AppointmentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Monday 7 July 2025, 07:00 in Paris (05:00Z).
    clock_.Set(Utc(2025, 7, 7, 5));
    ASSERT_TRUE(sites_.Save({"s1", "Lieu", "", "Europe/Paris", "Mo-Fr 09:00-12:00"}));
    ASSERT_TRUE(sites_.Load("s1"));
    ASSERT_TRUE(appointments_.Load());
    ASSERT_TRUE(appointments_.SaveType(Type("t30", 30)));
    ASSERT_TRUE(appointments_.SaveType(Type("staff", 30, false)));
    // m1 all morning; m2 from 09:00 to 10:00 on Mondays.
    ASSERT_TRUE(appointments_.SaveMediator({"m1", "", "Mo-Fr 09:00-12:00", {"t30", "staff"}}));
    ASSERT_TRUE(appointments_.SaveMediator({"m2", "", "Mo 09:00-10:00", {"t30", "staff"}}));
  }

  // Paris (UTC+2 in July) wall-clock time on 7 July 2025 + `day` days.
  static std::string At(int hour, int minute, int day = 0) {
    char text[64];
    std::snprintf(text, sizeof text, "2025-07-%02dT%02d:%02d:00+02:00", 7 + day, hour, minute);
    return text;
  }

  // The free mediators at each start of the day, "HH:MM=n".
  std::vector<std::string> Free(const std::string& type = "t30", int day = 0) {
    std::vector<std::string> out;
    const std::string date = date::format("%F", date::sys_days{Day(2025, 7, 7)} + days{day});
    auto slots = appointments_.Slots(type, date, date, nullptr);
    EXPECT_TRUE(slots) << slots.error().message;
    if (!slots) return out;
    const TimeZone& zone = sites_.CurrentHours()->zone();
    for (const FreeSlot& slot : *slots) {
      out.push_back(zone.FormatRfc3339(slot.start).substr(11, 5) + "=" +
                    std::to_string(slot.free_mediators));
    }
    return out;
  }

  Result<Booking> Book(const std::string& start, const Agent* staff = nullptr,
                       const std::string& type = "t30") {
    BookingRequest request;
    request.type_id = type;
    request.start = start;
    request.person = {"Awa", "Diallo", "06 12 34 56 78", "", "92002"};
    request.consent = true;
    return appointments_.Book(request, staff);
  }

  FakeClock clock_;
  FakeSiteStore site_store_;
  FakeAppointmentStore store_;
  Sites sites_{site_store_, clock_};
  Appointments appointments_{store_, sites_, clock_};
  const Agent mediator_{"m1", "marie", Role::kMediator, {"s1"}};
};

TEST_F(AppointmentsTest, SlotsShowEachFreeMediator) {
  const auto free = Free();
  ASSERT_EQ(free.size(), 11u);  // 09:00 to 11:30
  EXPECT_EQ(free[0], "09:00=2");
  EXPECT_EQ(free[2], "09:30=2");
  EXPECT_EQ(free[3], "09:45=1");  // m2 stops at 10:00
  EXPECT_EQ(free[10], "11:30=1");
}

TEST_F(AppointmentsTest, BookingTakesTheSlotAndCancellingGivesItBack) {
  auto first = Book(At(9, 0));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->appointment.agent_id, "m1") << "least booked, then smallest id";
  EXPECT_EQ(first->appointment.person.phone, "0612345678");
  EXPECT_EQ(first->manage_token.size(), 43u);
  EXPECT_NE(first->appointment.token_digest, first->manage_token);
  EXPECT_EQ(Free()[0], "09:00=1");
  EXPECT_EQ(Free()[1], "09:15=1") << "m1 is busy until 09:30";
  auto second = Book(At(9, 0));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->appointment.agent_id, "m2");
  EXPECT_EQ(Free()[0], "09:30=2");
  auto third = Book(At(9, 0));
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, "slot_taken");
  EXPECT_EQ(third.error().kind, ErrorKind::kConflict);

  const std::string id = first->appointment.id;
  auto wrong = appointments_.Cancel(id, "not-the-token", nullptr);
  ASSERT_FALSE(wrong);
  auto unknown = appointments_.Cancel("unknown", first->manage_token, nullptr);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(wrong.error().message, unknown.error().message) << "the same answer";
  auto cancelled = appointments_.Cancel(id, first->manage_token, nullptr);
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(cancelled->status, AppointmentStatus::kCancelled);
  EXPECT_EQ(Free()[0], "09:00=1");
  auto again = appointments_.Cancel(id, first->manage_token, nullptr);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "already_cancelled");
}

TEST_F(AppointmentsTest, RefusalsNameTheirField) {
  const auto code = [](const Result<Booking>& r) { return r ? std::string("ok") : r.error().code; };
  EXPECT_EQ(code(Book(At(8, 0))), "outside_opening_hours");
  EXPECT_EQ(code(Book(At(9, 5))), "not_on_grid");
  EXPECT_EQ(code(Book("2025-07-04T09:00:00+02:00")), "in_the_past");
  EXPECT_EQ(code(Book(At(7, 30))), "in_the_past") << "less than the hour of notice";
  EXPECT_EQ(code(Book("2025-09-01T09:00:00+02:00")), "beyond_horizon");
  EXPECT_EQ(code(Book("lundi 9 h")), "invalid_time");
  EXPECT_EQ(code(Book(At(9, 0), nullptr, "staff")), "unknown_appointment_type");
  EXPECT_EQ(code(Book(At(9, 0), nullptr, "nope")), "unknown_appointment_type");
  BookingRequest request;
  request.type_id = "t30";
  request.start = At(9, 0);
  request.person = {"Awa", "Diallo", "", "awa@exemple.fr", ""};
  auto no_consent = appointments_.Book(request, nullptr);
  ASSERT_FALSE(no_consent);
  EXPECT_EQ(no_consent.error().code, "consent_required");
  EXPECT_EQ(no_consent.error().field, "consent");
  EXPECT_EQ(store_.inserts, 0) << "no refusal reaches the store";
}

TEST_F(AppointmentsTest, StaffBookWithoutNoticeAndChooseTheMediator) {
  EXPECT_EQ(appointments_.Slots("staff", "2025-07-07", "2025-07-07", nullptr).error().kind,
            ErrorKind::kNotFound)
      << "the public does not see staff-only types";
  auto types = appointments_.Types(nullptr);
  ASSERT_EQ(types->size(), 1u);
  EXPECT_EQ(appointments_.Types(&mediator_)->size(), 2u);
  clock_.Set(Utc(2025, 7, 7, 7, 10));  // 09:10 in Paris
  auto soon = Book(At(9, 30), &mediator_, "staff");
  ASSERT_TRUE(soon) << soon.error().message;
  BookingRequest request;
  request.type_id = "t30";
  request.start = At(9, 30);
  request.person = {"Awa", "Diallo", "", "", ""};  // at the desk: no contact needed
  request.consent = true;
  request.agent_id = "m2";
  auto chosen = appointments_.Book(request, &mediator_);
  ASSERT_TRUE(chosen) << chosen.error().message;
  EXPECT_EQ(chosen->appointment.agent_id, "m2");
  EXPECT_EQ(chosen->appointment.booked_by, "m1");
  request.agent_id = "nobody";
  EXPECT_EQ(appointments_.Book(request, &mediator_).error().code, "unknown_mediator");
  const Agent funder{"f", "funder", Role::kFunder, {"s1"}};
  EXPECT_EQ(appointments_.Book(request, &funder).error().kind, ErrorKind::kForbidden);
}

TEST_F(AppointmentsTest, AStoreConflictTriesTheNextMediatorOnce) {
  // Another process booked m1 at 09:00: this one's schedule does not know.
  Appointment elsewhere;
  elsewhere.id = "elsewhere";
  elsewhere.type_id = "t30";
  elsewhere.agent_id = "m1";
  elsewhere.start = Utc(2025, 7, 7, 7);
  elsewhere.end = elsewhere.busy_until = Utc(2025, 7, 7, 7, 30);
  store_.BookBehindTheBack(elsewhere);
  auto booked = Book(At(9, 0));
  ASSERT_TRUE(booked) << booked.error().message;
  EXPECT_EQ(booked->appointment.agent_id, "m2");
  EXPECT_EQ(store_.inserts, 2);
  EXPECT_EQ(Free()[0], "09:30=2") << "reloaded: both bookings are known now";
  // Both taken now; with a stale view again, a third try is refused after one retry.
  elsewhere.id = "elsewhere2";
  elsewhere.start = Utc(2025, 7, 7, 8);
  elsewhere.end = elsewhere.busy_until = Utc(2025, 7, 7, 8, 30);
  store_.BookBehindTheBack(elsewhere);
  auto refused = Book(At(10, 0));  // only m1 works at 10:00
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "slot_taken");
}

TEST_F(AppointmentsTest, MovingKeepsTheMediatorAndFreesTheOldTime) {
  auto booked = Book(At(10, 0));
  ASSERT_TRUE(booked);
  const std::string id = booked->appointment.id;
  // Onto its own half hour, shifted by a quarter: the same mediator.
  auto moved = appointments_.Move(id, At(10, 15), booked->manage_token, "", nullptr);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->start, Utc(2025, 7, 7, 8, 15));
  EXPECT_EQ(moved->agent_id, "m1");
  const auto free = Free();
  EXPECT_EQ(free[3], "09:45=1");
  EXPECT_EQ(free[4], "10:45=1") << "10:00 to 10:30 cannot fit before 10:15";
  auto wrong = appointments_.Move(id, At(11, 0), "wrong-token", "", nullptr);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kNotFound);
  auto outside = appointments_.Move(id, At(13, 0), booked->manage_token, "", nullptr);
  EXPECT_EQ(outside.error().code, "outside_opening_hours");
  EXPECT_EQ(Free()[4], "10:45=1") << "a refused move keeps the old time";
  // Staff move it to m2.
  auto to_m2 = appointments_.Move(id, At(9, 0), "", "m2", &mediator_);
  ASSERT_TRUE(to_m2) << to_m2.error().message;
  EXPECT_EQ(to_m2->agent_id, "m2");
  EXPECT_EQ(Free()[4], "10:00=1");
}

TEST_F(AppointmentsTest, StatusesFollowTheClock) {
  auto booked = Book(At(10, 0));
  ASSERT_TRUE(booked);
  const std::string id = booked->appointment.id;
  auto early = appointments_.SetStatus(id, "seen", mediator_);
  EXPECT_EQ(early.error().code, "not_started");
  EXPECT_EQ(appointments_.SetStatus(id, "booked", mediator_).error().code, "invalid_status");
  clock_.Set(Utc(2025, 7, 7, 8, 5));  // 10:05
  auto cancel_late = appointments_.Cancel(id, booked->manage_token, nullptr);
  EXPECT_EQ(cancel_late.error().code, "appointment_past");
  auto seen = appointments_.SetStatus(id, "seen", mediator_);
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_EQ(seen->status, AppointmentStatus::kSeen);
  auto no_show = appointments_.SetStatus(id, "no_show", mediator_);
  ASSERT_TRUE(no_show);
  auto excused = appointments_.SetStatus(id, "excused", mediator_);
  ASSERT_TRUE(excused);
  EXPECT_EQ(appointments_.SetStatus(id, "seen", mediator_).error().code, "not_booked");
  auto day = appointments_.Day("2025-07-07", mediator_);
  ASSERT_TRUE(day);
  ASSERT_EQ(day->size(), 1u);
  EXPECT_EQ((*day)[0].status, AppointmentStatus::kExcused);
}

TEST_F(AppointmentsTest, ExcusingAFutureBookingGivesItsTimeBack) {
  auto booked = Book(At(11, 0));
  ASSERT_TRUE(booked);
  EXPECT_EQ(Free().back(), "11:30=1");
  EXPECT_EQ(Free().size(), 8u);
  ASSERT_TRUE(appointments_.SetStatus(booked->appointment.id, "excused", mediator_));
  EXPECT_EQ(Free().size(), 11u);
}

TEST_F(AppointmentsTest, ANewDayMovesTheHorizonOn) {
  // The horizon is 30 days: 6 August (Wednesday) is out of reach today.
  EXPECT_EQ(Free("t30", 30).size(), 0u);
  clock_.Advance(days{1});
  EXPECT_EQ(Free("t30", 30).size(), 11u) << "rebuilt at the new local day";
  EXPECT_EQ(Free("t30", 0).size(), 0u) << "yesterday";
}

TEST_F(AppointmentsTest, AbsencesRemoveAvailability) {
  ASSERT_TRUE(
      appointments_.AddAbsence({"", "m1", {Utc(2025, 7, 7, 9), Utc(2025, 7, 7, 10)}, "Formation"}));
  const auto free = Free();
  ASSERT_EQ(free.size(), 7u);  // m1 away from 11:00 (09:00Z)
  EXPECT_EQ(free.back(), "10:30=1");
  EXPECT_EQ(appointments_.AddAbsence({"", "m1", {Utc(2025, 7, 7, 9), Utc(2025, 7, 7, 9)}, ""})
                .error()
                .code,
            "invalid_absence");
}

TEST_F(AppointmentsTest, SlotWindowsAreChecked) {
  EXPECT_EQ(appointments_.Slots("t30", "2025-07-08", "2025-07-07", nullptr).error().code,
            "invalid_window");
  EXPECT_EQ(appointments_.Slots("t30", "2025-07-01", "2025-10-02", nullptr).error().code,
            "window_too_long");
  EXPECT_TRUE(appointments_.Slots("t30", "2025-07-01", "2025-10-01", nullptr)) << "93 days";
  EXPECT_EQ(appointments_.Slots("t30", "2025-07-32", "2025-08-01", nullptr).error().kind,
            ErrorKind::kMalformed);
  EXPECT_EQ(appointments_.Slots("nope", "2025-07-07", "2025-07-07", nullptr).error().kind,
            ErrorKind::kNotFound);
}

TEST_F(AppointmentsTest, TypesAreValidatedWhenSaved) {
  AppointmentType odd = Type("odd", 17);
  EXPECT_EQ(appointments_.SaveType(odd).error().field, "duration_minutes");
  AppointmentType bad_id = Type("Avec Espace", 15);
  EXPECT_EQ(appointments_.SaveType(bad_id).error().field, "id");
  EXPECT_EQ(appointments_.SaveMediator({"m3", "", "pas des horaires", {"t30"}}).error().field,
            "weekly_hours");
  EXPECT_EQ(appointments_.SaveMediator({"m3", "", "Mo 09:00-12:00", {"nope"}}).error().code,
            "unknown_appointment_type");
}

// --- Validation and policy -------------------------------------------------

TEST_F(AppointmentsTest, EachChangeWritesItsNoticesInItsOwnTransaction) {
  const auto of = [&](const std::string& id, NoticeKind kind, OutboxStatus status) {
    int n = 0;
    for (const OutboxMessage& m : store_.outbox) {
      n += m.appointment_id == id && m.kind == kind && m.status == status;
    }
    return n;
  };
  // Today at 09:00: a confirmation by SMS (the phone given), no reminder
  // (the day before is past).
  auto today = Book(At(9, 0));
  ASSERT_TRUE(today);
  const std::string id = today->appointment.id;
  EXPECT_EQ(of(id, NoticeKind::kConfirmation, OutboxStatus::kPending), 1);
  EXPECT_EQ(of(id, NoticeKind::kReminder, OutboxStatus::kPending), 0);
  EXPECT_EQ(store_.outbox.back().channel, NoticeChannel::kSms);
  // In two days: a reminder 24 hours before.
  auto later = Book(At(10, 0, 2));
  ASSERT_TRUE(later);
  const std::string later_id = later->appointment.id;
  ASSERT_EQ(of(later_id, NoticeKind::kReminder, OutboxStatus::kPending), 1);
  for (const OutboxMessage& m : store_.outbox) {
    if (m.appointment_id == later_id && m.kind == NoticeKind::kReminder) {
      EXPECT_EQ(m.due_at, later->appointment.start - hours{24});
    }
  }
  // Moved: the reminder is re-timed, a change message goes out, SEQUENCE 1.
  auto moved = appointments_.Move(later_id, At(11, 0, 2), later->manage_token, "", nullptr);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->sequence, 1);
  EXPECT_EQ(of(later_id, NoticeKind::kReminder, OutboxStatus::kDropped), 1);
  EXPECT_EQ(of(later_id, NoticeKind::kReminder, OutboxStatus::kPending), 1);
  EXPECT_EQ(of(later_id, NoticeKind::kChange, OutboxStatus::kPending), 1);
  // Cancelled: every pending message dropped, a cancellation, SEQUENCE 2.
  auto cancelled = appointments_.Cancel(later_id, later->manage_token, nullptr);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->sequence, 2);
  EXPECT_EQ(of(later_id, NoticeKind::kReminder, OutboxStatus::kPending), 0);
  EXPECT_EQ(of(later_id, NoticeKind::kCancellation, OutboxStatus::kPending), 1);
  // Marked seen: nothing more to send but the satisfaction survey's
  // invitation, by SMS (the only channel given), due at once.
  clock_.Set(Utc(2025, 7, 7, 7, 5));
  const std::size_t before = store_.outbox.size();
  ASSERT_TRUE(appointments_.SetStatus(id, "seen", mediator_));
  EXPECT_EQ(store_.outbox.size(), before + 1);
  EXPECT_EQ(of(id, NoticeKind::kConfirmation, OutboxStatus::kPending), 0);
  EXPECT_EQ(of(id, NoticeKind::kSurvey, OutboxStatus::kPending), 1);
  EXPECT_EQ(store_.outbox.back().channel, NoticeChannel::kSms);
  EXPECT_EQ(store_.outbox.back().due_at, Utc(2025, 7, 7, 7, 5));
  // Seen again: no second invitation.
  ASSERT_TRUE(appointments_.SetStatus(id, "seen", mediator_));
  EXPECT_EQ(of(id, NoticeKind::kSurvey, OutboxStatus::kPending), 1);
}

TEST_F(AppointmentsTest, SignedLinkTokensCanBeGivenAgain) {
  NoticeSettings settings;
  settings.link_key = "0123456789abcdef0123456789abcdef";
  int woken = 0;
  settings.wake = [&] { ++woken; };
  appointments_.SetNotices(settings);
  auto booked = Book(At(9, 0));
  ASSERT_TRUE(booked);
  EXPECT_EQ(booked->manage_token, LinkToken(settings.link_key, booked->appointment.id));
  EXPECT_EQ(booked->appointment.token_digest, TokenDigest(booked->manage_token));
  EXPECT_NE(LinkToken("another key, as long as the first", booked->appointment.id),
            booked->manage_token);
  EXPECT_EQ(woken, 1);
  ASSERT_TRUE(appointments_.Find(booked->appointment.id, booked->manage_token, nullptr));
}

TEST(ParseRfc3339, ReadsOffsetsAndRefusesTheRest) {
  EXPECT_EQ(*ParseRfc3339("2025-03-31T09:30:00+02:00", "start"), Utc(2025, 3, 31, 7, 30));
  EXPECT_EQ(*ParseRfc3339("2025-03-31T07:30:00Z", "start"), Utc(2025, 3, 31, 7, 30));
  EXPECT_EQ(*ParseRfc3339("2025-03-31t07:30:00.000z", "start"), Utc(2025, 3, 31, 7, 30));
  EXPECT_EQ(*ParseRfc3339("2025-01-01T00:30:00-01:00", "start"), Utc(2025, 1, 1, 1, 30));
  for (const char* bad :
       {"", "2025-03-31", "2025-03-31T09:30+02:00", "2025-03-31T09:30:00", "2025-02-30T09:30:00Z",
        "2025-03-31T24:00:00Z", "2025-03-31T09:30:00.5Z", "2025-03-31T09:30:00+2:00",
        "2025-03-31T09:30:00+02:00 ", "2025-03-31 09:30:00Z", "x025-03-31T09:30:00Z"}) {
    auto parsed = ParseRfc3339(bad, "start");
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, "invalid_time");
    EXPECT_EQ(parsed.error().field, "start");
  }
}

std::string Refusal(PersonDetails person, bool need_contact = true) {
  auto valid = ValidatePerson(person, need_contact);
  return valid ? std::string("ok") : valid.error().code + "@" + valid.error().field;
}

TEST(ValidatePerson, NamesAreRequiredAndBounded) {
  EXPECT_EQ(Refusal({"Awa", "Diallo", "0612345678", "", ""}), "ok");
  EXPECT_EQ(Refusal({"  ", "Diallo", "0612345678", "", ""}), "name_required@person.first_name");
  EXPECT_EQ(Refusal({"Awa", "", "0612345678", "", ""}), "name_required@person.last_name");
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "é";  // 100 characters, 200 bytes
  EXPECT_EQ(Refusal({hundred, "Diallo", "0612345678", "", ""}), "ok");
  EXPECT_EQ(Refusal({hundred + "e", "Diallo", "0612345678", "", ""}),
            "name_too_long@person.first_name");
  EXPECT_EQ(Refusal({"Awa\n", "Di\tallo", "0612345678", "", ""}), "invalid_name@person.last_name");
}

TEST(ValidatePerson, FrenchPhoneNumbers) {
  for (const char* good : {"0612345678", "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78",
                           "+33612345678", "0033612345678", "01-46-11-22-33",
                           "06\xC2\xA0"
                           "12\xC2\xA0"
                           "34 56 78"}) {
    PersonDetails person{"Awa", "Diallo", good, "", ""};
    ASSERT_TRUE(ValidatePerson(person, true)) << good;
    EXPECT_EQ(person.phone.size(), 10u);
    EXPECT_EQ(person.phone[0], '0');
  }
  for (const char* bad : {"12345", "061234567", "06123456789", "0012345678", "+44 20 7946 0958",
                          "+33 06 12 34 56 78", "06 12 34 56 7a", "+3361234567"}) {
    EXPECT_EQ(Refusal({"Awa", "Diallo", bad, "", ""}), "invalid_phone@person.phone") << bad;
  }
}

TEST(ValidatePerson, EmailAddressesAndCommunes) {
  EXPECT_EQ(Refusal({"Awa", "Diallo", "", "awa.diallo@exemple.fr", ""}), "ok");
  EXPECT_EQ(Refusal({"Awa", "Diallo", "", "a+rdv@mairie-antony.fr", ""}), "ok");
  for (const char* bad :
       {"pas-un-email", "@exemple.fr", "awa@", "awa@exemple", "awa@@exemple.fr",
        "awa diallo@exemple.fr", "awa@exemple..fr", "awa@-exemple.fr", ".awa@exemple.fr"}) {
    EXPECT_EQ(Refusal({"Awa", "Diallo", "", bad, ""}), "invalid_email@person.email") << bad;
  }
  for (const char* good : {"92002", "2A004", "2b033", "97411"}) {
    EXPECT_EQ(Refusal({"Awa", "Diallo", "0612345678", "", good}), "ok") << good;
  }
  for (const char* bad : {"9200", "920021", "2C001", "00123", "92 02", "ABCDE"}) {
    EXPECT_EQ(Refusal({"Awa", "Diallo", "0612345678", "", bad}),
              "invalid_commune@person.commune_insee")
        << bad;
  }
  EXPECT_EQ(Refusal({"Awa", "Diallo", "", "", ""}), "contact_required@person.phone");
  EXPECT_EQ(Refusal({"Awa", "Diallo", "", "", ""}, false), "ok");
}

TEST(MayManageAppointments, EveryRoleButTheFunderAtItsSites) {
  const auto may = [](Role role, std::vector<std::string> sites) {
    return MayManageAppointments(Agent{"a", "a", role, std::move(sites)}, "s1").has_value();
  };
  EXPECT_TRUE(may(Role::kAdmin, {}));
  EXPECT_TRUE(may(Role::kCoordinator, {"s1"}));
  EXPECT_TRUE(may(Role::kMediator, {"s1"}));
  EXPECT_TRUE(may(Role::kReception, {"s1"}));
  EXPECT_FALSE(may(Role::kFunder, {"s1"}));
  EXPECT_FALSE(may(Role::kMediator, {"s2"}));
  EXPECT_FALSE(may(Role::kReception, {}));
}

}  // namespace
}  // namespace relais::app
