#include "domain/workshop.h"

#include <gtest/gtest.h>

#include <set>

namespace relais {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::vector<Seat> Empty() {
  return {};
}

// Admits `count` newcomers named r1, r2… in order of arrival.
std::vector<SeatChange> AdmitMany(int capacity, std::vector<Seat>& seats, int count) {
  std::vector<SeatChange> placed;
  for (int i = 1; i <= count; ++i) {
    placed.push_back(Admit(capacity, seats, "r" + std::to_string(i), i));
  }
  return placed;
}

TEST(WorkshopSeats, NewcomersTakeSeatsThenWaitInOrderOfArrival) {
  std::vector<Seat> seats = Empty();
  const auto placed = AdmitMany(3, seats, 5);
  EXPECT_EQ(placed[0], (SeatChange{"r1", RegistrationStatus::kRegistered, 1, false}));
  EXPECT_EQ(placed[1], (SeatChange{"r2", RegistrationStatus::kRegistered, 2, false}));
  EXPECT_EQ(placed[2], (SeatChange{"r3", RegistrationStatus::kRegistered, 3, false}));
  EXPECT_EQ(placed[3], (SeatChange{"r4", RegistrationStatus::kWaitlisted, 0, false}));
  EXPECT_EQ(placed[4], (SeatChange{"r5", RegistrationStatus::kWaitlisted, 0, false}));
  EXPECT_EQ(Registered(seats), 3);
  const auto positions = WaitlistPositions(seats);
  ASSERT_EQ(positions.size(), 2u);
  EXPECT_EQ(positions[0], (std::pair<std::string, int>{"r4", 1}));
  EXPECT_EQ(positions[1], (std::pair<std::string, int>{"r5", 2}));
}

TEST(WorkshopSeats, CancellingARegisteredPersonPromotesTheFirstWaiting) {
  std::vector<Seat> seats = Empty();
  AdmitMany(2, seats, 4);
  auto changes = CancelSeat(2, seats, "r1");
  ASSERT_TRUE(changes) << changes.error().message;
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0], (SeatChange{"r1", RegistrationStatus::kCancelled, 0, false}));
  EXPECT_EQ((*changes)[1], (SeatChange{"r3", RegistrationStatus::kRegistered, 1, true}))
      << "the first waiting takes the freed seat";
  const auto positions = WaitlistPositions(seats);
  ASSERT_EQ(positions.size(), 1u);
  EXPECT_EQ(positions[0], (std::pair<std::string, int>{"r4", 1}));
}

TEST(WorkshopSeats, CancellingAWaitingPersonPromotesNoOne) {
  std::vector<Seat> seats = Empty();
  AdmitMany(1, seats, 3);
  auto changes = CancelSeat(1, seats, "r2");
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].status, RegistrationStatus::kCancelled);
  const auto positions = WaitlistPositions(seats);
  ASSERT_EQ(positions.size(), 1u);
  EXPECT_EQ(positions[0], (std::pair<std::string, int>{"r3", 1})) << "positions stay without gaps";
}

TEST(WorkshopSeats, ANewcomerNeverJumpsTheWaitingList) {
  // A seat freed while someone waits goes to them, never to a later arrival.
  std::vector<Seat> seats = {{"a", 1, RegistrationStatus::kRegistered, 1},
                             {"b", 2, RegistrationStatus::kWaitlisted, 0}};
  // An inconsistent plan (a free seat while b waits) is repaired first.
  const SeatChange c = Admit(2, seats, "c", 3);
  EXPECT_EQ(c.status, RegistrationStatus::kWaitlisted);
  EXPECT_EQ(seats[1].status, RegistrationStatus::kRegistered);
  EXPECT_EQ(seats[1].seat, 2);
}

TEST(WorkshopSeats, RefusesUnknownAndRepeatedCancellations) {
  std::vector<Seat> seats = Empty();
  AdmitMany(1, seats, 1);
  auto unknown = CancelSeat(1, seats, "nobody");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  ASSERT_TRUE(CancelSeat(1, seats, "r1"));
  auto again = CancelSeat(1, seats, "r1");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "already_cancelled");
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
}

TEST(WorkshopSeats, MoreSeatsMoveTheWaitingUpInOrder) {
  std::vector<Seat> seats = Empty();
  AdmitMany(2, seats, 6);
  const auto changes = FillSeats(4, seats);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0], (SeatChange{"r3", RegistrationStatus::kRegistered, 3, true}));
  EXPECT_EQ(changes[1], (SeatChange{"r4", RegistrationStatus::kRegistered, 4, true}));
  EXPECT_EQ(Registered(seats), 4);
}

TEST(WorkshopSeats, FreedSeatsAreReusedLowestFirstAndNeverTwice) {
  std::vector<Seat> seats = Empty();
  AdmitMany(12, seats, 50);
  for (const std::string id : {"r5", "r2", "r9"}) ASSERT_TRUE(CancelSeat(12, seats, id));
  std::set<int> held;
  for (const Seat& s : seats) {
    if (s.status != RegistrationStatus::kRegistered) continue;
    EXPECT_TRUE(held.insert(s.seat).second) << "seat " << s.seat << " held twice";
    EXPECT_GE(s.seat, 1);
    EXPECT_LE(s.seat, 12);
  }
  EXPECT_EQ(held.size(), 12u);
  const auto positions = WaitlistPositions(seats);
  ASSERT_EQ(positions.size(), 35u);
  EXPECT_EQ(positions.front().first, "r16");
  EXPECT_EQ(positions.back().second, 35);
}

TEST(WorkshopRules, Capacity) {
  EXPECT_TRUE(CheckCapacity(12, 0));
  EXPECT_TRUE(CheckCapacity(12, 12));
  EXPECT_EQ(CheckCapacity(0, 0).error().code, "invalid_capacity");
  EXPECT_EQ(CheckCapacity(kMaxCapacity + 1, 0).error().code, "invalid_capacity");
  auto below = CheckCapacity(5, 6);
  ASSERT_FALSE(below);
  EXPECT_EQ(below.error().code, "capacity_below_registered");
  EXPECT_EQ(below.error().kind, ErrorKind::kConflict);
}

TEST(WorkshopRules, SessionTimesAndHeadCounts) {
  const std::chrono::sys_seconds start{std::chrono::seconds{1'700'000'000}};
  EXPECT_TRUE(CheckSessionTimes(start, start + hours{2}));
  EXPECT_EQ(CheckSessionTimes(start, start).error().field, "end");
  EXPECT_FALSE(CheckSessionTimes(start, start - minutes{1}));
  EXPECT_FALSE(CheckSessionTimes(start, start + hours{9}));
  EXPECT_TRUE(CheckHeadCount(0));
  EXPECT_TRUE(CheckHeadCount(kMaxHeadCount));
  EXPECT_EQ(CheckHeadCount(-1).error().code, "invalid_head_count");
}

TEST(WorkshopRules, Scores) {
  const std::size_t n = AssessmentStatements().size();
  EXPECT_GE(n, 3u);
  EXPECT_TRUE(CheckScores(std::vector<int>(n, 4)));
  EXPECT_TRUE(CheckScores(std::vector<int>(n, 1)));
  EXPECT_EQ(CheckScores(std::vector<int>(n, 5)).error().code, "invalid_score");
  EXPECT_EQ(CheckScores(std::vector<int>(n, 0)).error().code, "invalid_score");
  EXPECT_EQ(CheckScores(std::vector<int>(n - 1, 2)).error().code, "invalid_assessment");
  EXPECT_EQ(ScoreLabel(1), "Pas du tout");
  EXPECT_EQ(ScoreLabel(4), "Tout à fait");
}

TEST(WorkshopNames, RoundTripAndThemes) {
  for (WorkshopLevel level :
       {WorkshopLevel::kBeginner, WorkshopLevel::kIntermediate, WorkshopLevel::kAdvanced}) {
    EXPECT_EQ(ParseLevel(LevelName(level)), level);
    EXPECT_FALSE(LevelLabel(level).empty());
  }
  for (RegistrationStatus status :
       {RegistrationStatus::kRegistered, RegistrationStatus::kWaitlisted,
        RegistrationStatus::kCancelled}) {
    EXPECT_EQ(ParseRegistrationStatus(RegistrationStatusName(status)), status);
  }
  EXPECT_EQ(ParseAttendance("present"), Attendance::kPresent);
  EXPECT_EQ(ParseAttendance("absent"), Attendance::kAbsent);
  EXPECT_FALSE(ParseAttendance("maybe"));
  EXPECT_EQ(ParsePhase("after"), AssessmentPhase::kAfter);
  std::set<std::string_view> codes;
  for (const WorkshopTheme& theme : WorkshopThemes()) codes.insert(theme.code);
  for (std::string_view code :
       {"first-steps", "email", "franceconnect", "caf", "ameli", "smartphone", "online-safety"}) {
    EXPECT_TRUE(codes.contains(code)) << code;
  }
  EXPECT_EQ(FindWorkshopTheme("caf")->label, "L'espace en ligne de la CAF");
  EXPECT_FALSE(FindWorkshopTheme("cooking"));
}

TEST(WorkshopFigures, RatesOfAPeriod) {
  const WorkshopActivity a = SummariseWorkshops({
      {12, 12, 3, 10, 2, 1},
      {10, 5, 0, 4, 0, 3},
      {8, 0, 0, 0, 0, 2},
  });
  EXPECT_EQ(a.sessions, 3);
  EXPECT_EQ(a.seats, 30);
  EXPECT_EQ(a.registered, 17);
  EXPECT_EQ(a.waitlisted, 3);
  EXPECT_EQ(a.present, 14);
  EXPECT_EQ(a.absent, 2);
  EXPECT_EQ(a.walk_ins, 6);
  EXPECT_EQ(a.participants, 20);
  EXPECT_DOUBLE_EQ(a.fill_rate, 17.0 / 30.0);
  EXPECT_DOUBLE_EQ(a.attendance_rate, 14.0 / 16.0);
  const WorkshopActivity none = SummariseWorkshops({});
  EXPECT_EQ(none.sessions, 0);
  EXPECT_EQ(none.fill_rate, 0);
  EXPECT_EQ(none.attendance_rate, 0);
}

}  // namespace
}  // namespace relais
