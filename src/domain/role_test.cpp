#include "domain/role.h"

#include <gtest/gtest.h>

namespace relais {
namespace {

TEST(Role, NamesRoundTrip) {
  for (Role role : {Role::kAdmin, Role::kCoordinator, Role::kMediator, Role::kReception,
                    Role::kFunder}) {
    auto parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed.has_value()) << RoleName(role);
    EXPECT_EQ(*parsed, role);
  }
}

TEST(Role, UnknownNamesAreRefused) {
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
  EXPECT_FALSE(ParseRole("Admin").has_value());
}

TEST(Role, LabelsAreFrench) { EXPECT_EQ(RoleLabel(Role::kMediator), "Médiateur"); }

}  // namespace
}  // namespace relais
