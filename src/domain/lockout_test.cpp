#include "domain/lockout.h"

#include <gtest/gtest.h>

namespace relais {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using Instant = LockoutState::Instant;

class LockoutTest : public ::testing::Test {
 protected:
  // `count` failures from `state`, one every `every` from `from`.
  LockoutState Fail(int count, Instant from, seconds every = seconds(60), LockoutState state = {}) {
    for (int i = 0; i < count; ++i) state = AfterFailure(rule_, state, from + i * every);
    return state;
  }

  LockoutRule rule_{5, minutes(15), minutes(15)};
  Instant t0_ = Instant(std::chrono::hours(480000));
};

TEST_F(LockoutTest, LocksForFifteenMinutesAtTheFifthFailure) {
  LockoutState four = Fail(4, t0_);
  EXPECT_EQ(four.failures, 4);
  EXPECT_EQ(four.window_start, t0_);
  EXPECT_FALSE(LockedUntil(four, t0_ + minutes(4)));
  LockoutState five = AfterFailure(rule_, four, t0_ + minutes(4));
  auto until = LockedUntil(five, t0_ + minutes(4));
  ASSERT_TRUE(until);
  EXPECT_EQ(*until, t0_ + minutes(19));
  EXPECT_TRUE(LockedUntil(five, t0_ + minutes(18)));
  EXPECT_FALSE(LockedUntil(five, t0_ + minutes(19)));
  EXPECT_FALSE(LockedUntil(LockoutState{}, t0_)) << "a key never seen";
}

TEST_F(LockoutTest, FailuresOfAnEndedWindowDoNotCount) {
  LockoutState state = Fail(4, t0_);
  state = AfterFailure(rule_, state, t0_ + minutes(15) + seconds(1));
  EXPECT_EQ(state.failures, 1) << "a new window";
  EXPECT_EQ(state.window_start, t0_ + minutes(15) + seconds(1));
  EXPECT_FALSE(LockedUntil(state, t0_ + minutes(16)));
}

TEST_F(LockoutTest, TheWindowIsFixedFromItsFirstFailure) {
  // Four failures late in one window and four early in the next lock
  // nothing: the price of a fixed window (at most 2 × 4 failures in a row).
  LockoutState state = AfterFailure(rule_, {}, t0_);
  state = Fail(3, t0_ + minutes(14), seconds(10), state);
  ASSERT_EQ(state.failures, 4);
  state = Fail(4, t0_ + minutes(15), seconds(10), state);
  EXPECT_EQ(state.failures, 4);
  EXPECT_FALSE(LockedUntil(state, t0_ + minutes(16)));
  state = AfterFailure(rule_, state, t0_ + minutes(16));
  EXPECT_TRUE(LockedUntil(state, t0_ + minutes(16)));
}

TEST_F(LockoutTest, FailuresPastTheMaximumAreCountedAndLockNothingMore) {
  // Two processes that both checked the key before the lock: both count.
  LockoutState locked = Fail(5, t0_);
  const Instant until = locked.locked_until;
  LockoutState six = AfterFailure(rule_, locked, t0_ + minutes(6));
  EXPECT_EQ(six.failures, 6);
  EXPECT_EQ(six.locked_until, until) << "the lock is not extended";
}

TEST_F(LockoutTest, AServedLockOpensANewWindow) {
  rule_ = {5, minutes(60), minutes(15)};  // a window longer than the lock
  LockoutState state = Fail(5, t0_);
  ASSERT_TRUE(LockedUntil(state, t0_ + minutes(5)));
  state = AfterFailure(rule_, state, t0_ + minutes(30));
  EXPECT_EQ(state.failures, 1);
  EXPECT_EQ(state.locked_until, Instant{});
  state = Fail(4, t0_ + minutes(31), seconds(60), state);
  EXPECT_TRUE(LockedUntil(state, t0_ + minutes(34))) << "five more failures lock again";
}

TEST_F(LockoutTest, AStateIsForgettableOnceItsWindowAndLockAreOver) {
  LockoutState two = Fail(2, t0_);
  EXPECT_FALSE(Forgettable(rule_, two, t0_ + minutes(14)));
  EXPECT_TRUE(Forgettable(rule_, two, t0_ + minutes(15)));
  LockoutState locked = Fail(5, t0_ + minutes(10));  // window to 25, lock to 29
  EXPECT_FALSE(Forgettable(rule_, locked, t0_ + minutes(26)));
  EXPECT_TRUE(Forgettable(rule_, locked, t0_ + minutes(29)));
  EXPECT_TRUE(Forgettable(rule_, LockoutState{}, t0_));
}

}  // namespace
}  // namespace relais
