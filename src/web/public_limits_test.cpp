#include "web/public_limits.h"

#include <gtest/gtest.h>

#include "app/fake_clock.h"

namespace relais::web {
namespace {

using std::chrono::minutes;

const app::Instant kT0{std::chrono::seconds(1'780'000'000)};

TEST(PublicLimits, RefusesTheAddressBeyondItsHourlyQuota) {
  app::FakeClock clock(kT0);
  PublicLimits limits(3, clock);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limits.Admit(PublicWrite::kBooking, "203.0.113.7"));
  auto refused = limits.Admit(PublicWrite::kBooking, "203.0.113.7");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kRateLimited);
  EXPECT_EQ(refused.error().code, "too_many_requests");
  EXPECT_TRUE(limits.Admit(PublicWrite::kBooking, "203.0.113.8")) << "another address";
  EXPECT_TRUE(limits.Admit(PublicWrite::kSurveyAnswer, "203.0.113.7")) << "another kind";
  clock.Advance(minutes(59));
  EXPECT_FALSE(limits.Admit(PublicWrite::kBooking, "203.0.113.7")) << "still within the hour";
  clock.Advance(minutes(2));
  EXPECT_TRUE(limits.Admit(PublicWrite::kBooking, "203.0.113.7")) << "an hour later";
}

TEST(PublicLimits, NeverLimitsLoopbackNorAZeroQuota) {
  app::FakeClock clock(kT0);
  PublicLimits limits(1, clock);
  for (const char* address : {"127.0.0.1", "::1", "::ffff:127.0.0.1", "127.1.2.3"}) {
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(limits.Admit(PublicWrite::kRegistration, address));
  }
  EXPECT_TRUE(limits.Admit(PublicWrite::kRegistration, "2001:db8::1"));
  EXPECT_FALSE(limits.Admit(PublicWrite::kRegistration, "2001:db8::1"));

  PublicLimits unlimited(0, clock);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(unlimited.Admit(PublicWrite::kBooking, "198.51.100.1"));
}

}  // namespace
}  // namespace relais::web
