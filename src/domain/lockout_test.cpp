#include "domain/lockout.h"

#include <gtest/gtest.h>

namespace relais {
namespace {

using std::chrono::minutes;
using Instant = Lockout::Instant;

class LockoutTest : public ::testing::Test {
 protected:
  Lockout lockout_{5, minutes(15), minutes(15)};
  Instant t0_ = Instant(std::chrono::hours(480000));
};

TEST_F(LockoutTest, LocksForFifteenMinutesAtTheFifthFailure) {
  for (int i = 0; i < 4; ++i) lockout_.RecordFailure("admin", t0_ + minutes(i));
  EXPECT_FALSE(lockout_.LockedUntil("admin", t0_ + minutes(4)));
  lockout_.RecordFailure("admin", t0_ + minutes(4));
  auto until = lockout_.LockedUntil("admin", t0_ + minutes(4));
  ASSERT_TRUE(until);
  EXPECT_EQ(*until, t0_ + minutes(19));
  EXPECT_TRUE(lockout_.LockedUntil("admin", t0_ + minutes(18)));
  EXPECT_FALSE(lockout_.LockedUntil("admin", t0_ + minutes(19)));
  EXPECT_FALSE(lockout_.LockedUntil("mediator", t0_ + minutes(5))) << "one account only";
}

TEST_F(LockoutTest, FailuresOlderThanTheWindowDoNotCount) {
  for (int i = 0; i < 4; ++i) lockout_.RecordFailure("admin", t0_ + minutes(i));
  lockout_.RecordFailure("admin", t0_ + minutes(15) + std::chrono::seconds(1));
  EXPECT_FALSE(lockout_.LockedUntil("admin", t0_ + minutes(16)));
}

TEST_F(LockoutTest, ASuccessForgetsTheFailures) {
  for (int i = 0; i < 4; ++i) lockout_.RecordFailure("admin", t0_);
  lockout_.Reset("admin");
  lockout_.RecordFailure("admin", t0_);
  EXPECT_FALSE(lockout_.LockedUntil("admin", t0_));
}

}  // namespace
}  // namespace relais
