#include "domain/rate_limiter.h"

#include <gtest/gtest.h>

namespace relais {
namespace {

using std::chrono::seconds;
const RateLimiter::Clock::time_point kT0{seconds(1'700'000'000)};

TEST(RateLimiter, RefusesAfterMaxEventsWithinWindow) {
  RateLimiter limiter(3, seconds(60));
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(limiter.Exceeded("a", kT0 + seconds(i)));
    limiter.Record("a", kT0 + seconds(i));
  }
  EXPECT_TRUE(limiter.Exceeded("a", kT0 + seconds(10)));
  EXPECT_FALSE(limiter.Exceeded("b", kT0 + seconds(10)));
}

TEST(RateLimiter, ForgetsEventsOlderThanTheWindow) {
  RateLimiter limiter(2, seconds(60));
  limiter.Record("a", kT0);
  limiter.Record("a", kT0 + seconds(30));
  EXPECT_TRUE(limiter.Exceeded("a", kT0 + seconds(59)));
  EXPECT_FALSE(limiter.Exceeded("a", kT0 + seconds(60)));
}

TEST(RateLimiter, ResetClearsAKey) {
  RateLimiter limiter(1, seconds(60));
  limiter.Record("a", kT0);
  EXPECT_TRUE(limiter.Exceeded("a", kT0));
  limiter.Reset("a");
  EXPECT_FALSE(limiter.Exceeded("a", kT0));
}

}  // namespace
}  // namespace relais
