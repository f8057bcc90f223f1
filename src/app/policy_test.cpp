#include "app/policy.h"

#include <gtest/gtest.h>

#include <set>

namespace relais::app {
namespace {

constexpr Action kAll[] = {
    Action::kEditSettings,    Action::kManageAccounts,  Action::kLogVisit,
    Action::kIssueTicket,     Action::kCallTicket,      Action::kManageAppointments,
    Action::kViewAgenda,      Action::kViewPersonFiles, Action::kViewReports,
    Action::kViewFunding,     Action::kExportReports,   Action::kReadSurveyComments,
    Action::kManageMembers,   Action::kManageWorkshops, Action::kRunWorkshops,
    Action::kReadAuditJournal};

TEST(Policy, EveryActionHasItsOwnRule) {
  std::set<std::string_view> names;
  for (Action action : kAll) names.insert(ActionName(action));
  EXPECT_EQ(names.size(), std::size(kAll));
}

TEST(Policy, EveryActionIsFoundByItsName) {
  for (Action action : kAll)
    EXPECT_EQ(ParseAction(ActionName(action)), action) << ActionName(action);
  EXPECT_EQ(ParseAction("view_everything"), std::nullopt);
  EXPECT_EQ(ParseAction(""), std::nullopt);
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

TEST(Policy, OnlyCoordinatorsAndAdminsReadSurveyComments) {
  // Free text may name someone: never for funders, who see aggregates only.
  EXPECT_TRUE(Allowed(Role::kAdmin, Action::kReadSurveyComments));
  EXPECT_TRUE(Allowed(Role::kCoordinator, Action::kReadSurveyComments));
  for (Role role : {Role::kMediator, Role::kReception, Role::kFunder}) {
    EXPECT_FALSE(Allowed(role, Action::kReadSurveyComments)) << RoleName(role);
  }
  for (Role role : {Role::kMediator, Role::kReception, Role::kFunder}) {
    EXPECT_FALSE(Allowed(role, Action::kReadAuditJournal)) << RoleName(role);
  }
  EXPECT_TRUE(Allowed(Role::kCoordinator, Action::kReadAuditJournal));
  EXPECT_TRUE(Allowed(Role::kFunder, Action::kViewReports));
}

TEST(Policy, RefusalsAreForbiddenWithAFrenchMessage) {
  Agent funder{"a1", "f", Role::kFunder, {"antony"}};
  Status refused = Authorize(funder, Action::kLogVisit);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(refused.error().message,
            "Votre rôle (Financeur) ne permet pas d'enregistrer un passage.");
  EXPECT_TRUE(Authorize(funder, Action::kViewFunding));
}

TEST(Policy, TheAdminAndTheCoordinatorManageTheGipMembers) {
  EXPECT_TRUE(Allowed(Role::kAdmin, Action::kManageMembers));
  EXPECT_TRUE(Allowed(Role::kCoordinator, Action::kManageMembers));
  for (Role role : {Role::kMediator, Role::kReception, Role::kFunder}) {
    EXPECT_FALSE(Allowed(role, Action::kManageMembers)) << RoleName(role);
  }
}

TEST(Policy, WorkshopsAreRunAtTheDeskAndPlannedByTheTeam) {
  for (Role role : {Role::kAdmin, Role::kCoordinator, Role::kMediator, Role::kReception}) {
    EXPECT_TRUE(Allowed(role, Action::kRunWorkshops)) << RoleName(role);
  }
  EXPECT_FALSE(Allowed(Role::kReception, Action::kManageWorkshops));
  EXPECT_TRUE(Allowed(Role::kMediator, Action::kManageWorkshops));
  EXPECT_FALSE(Allowed(Role::kFunder, Action::kRunWorkshops)) << "registrations name people";
  EXPECT_FALSE(Allowed(Role::kFunder, Action::kManageWorkshops));
}

TEST(Policy, AgentsActOnlyAtTheirSitesAndAdminsEverywhere) {
  const Agent mediator{"a1", "m", Role::kMediator, {"antony", "massy"}};
  EXPECT_TRUE(AtSite(mediator, "antony"));
  EXPECT_TRUE(AtSite(mediator, "massy"));
  auto elsewhere = AtSite(mediator, "evry");
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error().kind, ErrorKind::kForbidden);
  EXPECT_TRUE(AtSite(Agent{"a2", "root", Role::kAdmin, {}}, "evry"));
  EXPECT_TRUE(AuthorizeAt(mediator, Action::kLogVisit, "antony"));
  EXPECT_FALSE(AuthorizeAt(mediator, Action::kLogVisit, "evry"));
  EXPECT_FALSE(AuthorizeAt(mediator, Action::kEditSettings, "antony")) << "the role first";
}

TEST(Policy, ANetworksFiguresAreForAnAgentOfEveryOneOfItsSites) {
  const Agent both{"c1", "c", Role::kCoordinator, {"antony", "massy"}};
  const Agent antony_only{"c2", "d", Role::kCoordinator, {"antony"}};
  const std::vector<std::string> network = {"antony", "massy"};
  EXPECT_TRUE(AtEverySite(both, network));
  EXPECT_TRUE(AtEverySite(both, {"massy"}));
  EXPECT_TRUE(AtEverySite(both, {})) << "an empty network holds nothing";
  auto partly = AtEverySite(antony_only, network);
  ASSERT_FALSE(partly);
  EXPECT_EQ(partly.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(partly.error().code, "forbidden");
  EXPECT_TRUE(AtEverySite(Agent{"a", "root", Role::kAdmin, {}}, {"antony", "massy", "evry"}));
  EXPECT_FALSE(AtEverySite(both, {"antony", "massy", "evry"}));
}

}  // namespace
}  // namespace relais::app
