#include "domain/queue.h"

#include <gtest/gtest.h>

namespace relais {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(QueueRules, ATicketIsCalledThenServedOrAbsent) {
  EXPECT_EQ(Transition(TicketStatus::kWaiting, TicketEvent::kCall), TicketStatus::kCalled);
  EXPECT_EQ(Transition(TicketStatus::kCalled, TicketEvent::kServe), TicketStatus::kServed);
  EXPECT_EQ(Transition(TicketStatus::kCalled, TicketEvent::kAbsent), TicketStatus::kAbsent);
  EXPECT_EQ(Transition(TicketStatus::kWaiting, TicketEvent::kCancel), TicketStatus::kCancelled);
  EXPECT_EQ(Transition(TicketStatus::kWaiting, TicketEvent::kClose), TicketStatus::kClosed);
}

TEST(QueueRules, RefusedTransitionsAreConflicts) {
  auto twice = Transition(TicketStatus::kCalled, TicketEvent::kCall);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(twice.error().code, "ticket_already_called");
  EXPECT_EQ(Transition(TicketStatus::kWaiting, TicketEvent::kServe).error().code,
            "ticket_not_called");
  EXPECT_EQ(Transition(TicketStatus::kCalled, TicketEvent::kCancel).error().code,
            "ticket_already_called");
  EXPECT_EQ(Transition(TicketStatus::kCalled, TicketEvent::kClose).error().code,
            "ticket_already_called");
  for (TicketStatus done : {TicketStatus::kServed, TicketStatus::kAbsent, TicketStatus::kCancelled,
                            TicketStatus::kClosed}) {
    EXPECT_TRUE(IsFinal(done));
    for (TicketEvent event : {TicketEvent::kCall, TicketEvent::kServe, TicketEvent::kAbsent,
                              TicketEvent::kCancel, TicketEvent::kClose}) {
      auto refused = Transition(done, event);
      ASSERT_FALSE(refused);
      EXPECT_EQ(refused.error().code, "ticket_finished");
    }
  }
  EXPECT_FALSE(IsFinal(TicketStatus::kWaiting));
  EXPECT_FALSE(IsFinal(TicketStatus::kCalled));
}

TEST(QueueRules, StatusNamesRoundTrip) {
  for (TicketStatus s : {TicketStatus::kWaiting, TicketStatus::kCalled, TicketStatus::kServed,
                         TicketStatus::kAbsent, TicketStatus::kCancelled, TicketStatus::kClosed}) {
    EXPECT_EQ(ParseTicketStatus(TicketStatusName(s)), s);
    EXPECT_FALSE(TicketStatusLabel(s).empty());
  }
  EXPECT_FALSE(ParseTicketStatus("gone"));
}

TEST(QueueRules, TheTypicalServiceTimeIsTheMedianWithoutOutliers) {
  EXPECT_EQ(TypicalServiceTime({}), kDefaultServiceTime);
  EXPECT_EQ(TypicalServiceTime({minutes(4), minutes(20), minutes(6)}), minutes(6));
  EXPECT_EQ(TypicalServiceTime({minutes(4), minutes(8)}), minutes(6));
  EXPECT_EQ(TypicalServiceTime({minutes(5), minutes(300), seconds(0)}), minutes(5))
      << "a ticket left called for hours and a zero are dropped";
  EXPECT_EQ(TypicalServiceTime({minutes(500)}), kDefaultServiceTime);
}

TEST(QueueRules, TheWaitGrowsWithThePositionAndShrinksWithCounters) {
  EXPECT_EQ(EstimatedWaitMinutes(1, minutes(10), 1), 5);
  EXPECT_EQ(EstimatedWaitMinutes(3, minutes(10), 1), 25);
  EXPECT_EQ(EstimatedWaitMinutes(3, minutes(10), 2), 13);  // 12.5 rounded up
  EXPECT_EQ(EstimatedWaitMinutes(3, minutes(10), 0), 25) << "no counter counts as one";
  EXPECT_EQ(EstimatedWaitMinutes(0, minutes(10), 1), 0);
  EXPECT_EQ(EstimatedWaitMinutes(1, seconds(61), 1), 1);
}

}  // namespace
}  // namespace relais
