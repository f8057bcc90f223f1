#include "web/money.h"

#include <gtest/gtest.h>

namespace relais::web {
namespace {

TEST(ParseEuros, ReadsEurosWithAPointOrACommaAndSpaces) {
  EXPECT_EQ(ParseEuros("1500", "budget"), 150000);
  EXPECT_EQ(ParseEuros("1500.5", "budget"), 150050);
  EXPECT_EQ(ParseEuros("1500,05", "budget"), 150005);
  EXPECT_EQ(ParseEuros("1 500,50", "budget"), 150050);
  EXPECT_EQ(ParseEuros("1\xC2\xA0"
                       "500",
                       "budget"),
            150000);
  EXPECT_EQ(ParseEuros("1\xE2\x80\xAF"
                       "500",
                       "budget"),
            150000);
  EXPECT_EQ(ParseEuros("0", "budget"), 0);
  EXPECT_EQ(ParseEuros("000012", "budget"), 1200);
  EXPECT_EQ(ParseEuros("999999999999.99", "budget"), 99999999999999);
}

TEST(ParseEuros, RefusesWhatIsNotAnAmountNamingTheField) {
  for (const char* bad :
       {"", "abc", "12.345", "12.", ".5", "1e6", "12,3,4", "--1", "12€", "0x10"}) {
    auto parsed = ParseEuros(bad, "budget");
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kMalformed) << bad;
    EXPECT_EQ(parsed.error().field, "budget");
  }
  auto negative = ParseEuros("-12", "fixed_amount");
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(negative.error().field, "fixed_amount");
  auto huge = ParseEuros("1000000000000", "budget");
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().kind, ErrorKind::kInvalid);
  EXPECT_FALSE(ParseEuros("99999999999999999999999", "budget"));
}

}  // namespace
}  // namespace relais::web
