#include "app/policy.h"

#include <gtest/gtest.h>

#include <set>

namespace relais::app {
namespace {

constexpr Action kAll[] = {Action::kEditSettings,    Action::kManageAccounts,     Action::kLogVisit,
                           Action::kIssueTicket,     Action::kCallTicket,         Action::kManageAppointments,
                           Action::kViewAgenda,      Action::kViewPersonFiles,    Action::kViewReports,
                           Action::kViewFunding,     Action::kExportReports};

TEST(Policy, EveryActionHasItsOwnRule) {
  std::set<std::string_view> names;
  for (Action action : kAll) names.insert(ActionName(action));
  EXPECT_EQ(names.size(), std::size(kAll));
}

TEST(Policy, FundersSeeAggregatesOnlyNeverAPerson) {
  for (Action action : kAll) {
    const bool aggregate = action == Action::kViewReports || action == Action::kViewFunding ||
                           action == Action::kExportReports;
    EXPECT_EQ(Allowed(Role::kFunder, action), aggregate) << ActionName(action);
  }
}

TEST(Policy, ReceptionWorksTheCounterButOpensNoFile) {
  EXPECT_TRUE(Allowed(Role::kReception, Action::kIssueTicket));
  EXPECT_TRUE(Allowed(Role::kReception, Action::kLogVisit));
  EXPECT_FALSE(Allowed(Role::kReception, Action::kCallTicket));
  EXPECT_FALSE(Allowed(Role::kReception, Action::kViewPersonFiles));
  EXPECT_FALSE(Allowed(Role::kReception, Action::kViewReports));
}

TEST(Policy, OnlyTheAdminChangesSettingsAndAccounts) {
  for (Role role : {Role::kCoordinator, Role::kMediator, Role::kReception, Role::kFunder}) {
    EXPECT_FALSE(Allowed(role, Action::kEditSettings));
    EXPECT_FALSE(Allowed(role, Action::kManageAccounts));
  }
  for (Action action : kAll) EXPECT_TRUE(Allowed(Role::kAdmin, action)) << ActionName(action);
}

TEST(Policy, RefusalsAreForbiddenWithAFrenchMessage) {
  Agent funder{"a1", "f", Role::kFunder, {"antony"}};
  Status refused = Authorize(funder, Action::kLogVisit);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(refused.error().message, "Votre rôle (Financeur) ne permet pas d'enregistrer un passage.");
  EXPECT_TRUE(Authorize(funder, Action::kViewFunding));
}

}  // namespace
}  // namespace relais::app
