#include "domain/totp.h"

#include <gtest/gtest.h>

namespace relais::totp {
namespace {

using std::chrono::seconds;

Instant At(std::int64_t unix_seconds) { return Instant(seconds(unix_seconds)); }

// RFC 6238, appendix B: the SHA-1 seed is the ASCII "12345678901234567890"
// and the published codes have 8 digits.
TEST(Totp, MatchesTheRfc6238Sha1Vectors) {
  const std::string seed = "12345678901234567890";
  const std::pair<std::int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& [time, expected] : vectors) {
    // T = 20000000000 (year 2603) is beyond system_clock's nanoseconds: the
    // step is computed by hand (T / 30) rather than through StepAt.
    const std::int64_t step = time / 30;
    if (time < 10000000000) {
      EXPECT_EQ(StepAt(At(time)), step);
    }
    auto code = CodeAt(seed, step, 8);
    ASSERT_TRUE(code) << time;
    EXPECT_EQ(*code, expected) << time;
    // The 6-digit code is the same truncation's last six digits.
    EXPECT_EQ(*CodeAt(seed, step), std::string(expected).substr(2)) << time;
  }
}

TEST(Totp, AcceptsOneStepEitherSideAndNoMore) {
  const std::string seed = "12345678901234567890";
  const Instant now = At(1111111111);
  const std::int64_t step = StepAt(now);
  for (std::int64_t offset : {-1, 0, 1}) {
    auto found = MatchingStep(seed, *CodeAt(seed, step + offset), now);
    ASSERT_TRUE(found) << offset;
    EXPECT_EQ(*found, step + offset);
  }
  for (std::int64_t offset : {-3, -2, 2, 3}) {
    EXPECT_FALSE(MatchingStep(seed, *CodeAt(seed, step + offset), now)) << offset;
  }
}

TEST(Totp, RefusesWhatIsNotSixDigits) {
  const std::string seed = "12345678901234567890";
  const Instant now = At(59);
  const std::string code = *CodeAt(seed, StepAt(now));
  EXPECT_TRUE(MatchingStep(seed, code, now));
  EXPECT_FALSE(MatchingStep(seed, "", now));
  EXPECT_FALSE(MatchingStep(seed, code.substr(1), now));
  EXPECT_FALSE(MatchingStep(seed, code + "0", now));
  EXPECT_FALSE(MatchingStep(seed, "28708a", now));
  EXPECT_FALSE(MatchingStep("another secret of 20b", code, now));
}

TEST(Totp, Base32RoundTripsAndRefusesGarbage) {
  EXPECT_EQ(Base32Encode("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(Base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), "12345678901234567890");
  EXPECT_EQ(Base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), "12345678901234567890");
  EXPECT_FALSE(Base32Decode("not base32: 0189!"));
  EXPECT_FALSE(Base32Decode(""));
}

TEST(Totp, BuildsTheKeyUri) {
  EXPECT_EQ(OtpauthUri("relais", "marie dupont", "GEZDGNBV"),
            "otpauth://totp/relais:marie%20dupont?secret=GEZDGNBV&issuer=relais"
            "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace relais::totp
