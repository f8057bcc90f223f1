#include "app/policy.h"

#include <algorithm>
#include <array>
#include <string>

namespace relais::app {
namespace {

struct Rule {
  Action action;
  std::string_view name;
  std::string_view label;  // French, completes "ne permet pas …"
  // admin, coordinator, mediator, reception, funder
  std::array<bool, 5> allowed;
};

// One line per action, as a table reads.
// clang-format off
constexpr std::array<Rule, 16> kRules = {{
    {Action::kEditSettings, "edit_settings", "de modifier les réglages du lieu", {true, false, false, false, false}},
    {Action::kManageAccounts, "manage_accounts", "de gérer les comptes", {true, false, false, false, false}},
    {Action::kLogVisit, "log_visit", "d'enregistrer un passage", {true, true, true, true, false}},
    {Action::kIssueTicket, "issue_ticket", "de donner un ticket", {true, true, true, true, false}},
    {Action::kCallTicket, "call_ticket", "d'appeler un ticket", {true, true, true, false, false}},
    {Action::kManageAppointments, "manage_appointments", "de gérer les rendez-vous", {true, true, true, true, false}},
    {Action::kViewAgenda, "view_agenda", "de voir l'agenda", {true, true, true, true, false}},
    {Action::kViewPersonFiles, "view_person_files", "de consulter les dossiers des usagers", {true, true, true, false, false}},
    {Action::kViewReports, "view_reports", "de consulter les rapports", {true, true, false, false, true}},
    {Action::kViewFunding, "view_funding", "de consulter la répartition du financement", {true, true, false, false, true}},
    {Action::kExportReports, "export_reports", "d'exporter les rapports", {true, true, false, false, true}},
    {Action::kManageMembers, "manage_members", "de gérer les membres du GIP", {true, true, false, false, false}},
    {Action::kReadSurveyComments, "read_survey_comments", "de lire les commentaires des questionnaires", {true, true, false, false, false}},
    {Action::kManageWorkshops, "manage_workshops", "de gérer le catalogue et les séances des ateliers", {true, true, true, false, false}},
    {Action::kRunWorkshops, "run_workshops", "de gérer les inscriptions et les présences aux ateliers", {true, true, true, true, false}},
    {Action::kReadAuditJournal, "read_audit_journal", "de consulter l'historique des accès aux dossiers", {true, true, false, false, false}},
}};
// clang-format on

std::size_t RoleIndex(Role role) {
  switch (role) {
    case Role::kAdmin:
      return 0;
    case Role::kCoordinator:
      return 1;
    case Role::kMediator:
      return 2;
    case Role::kReception:
      return 3;
    case Role::kFunder:
      return 4;
  }
  return 4;  // unreachable; the least privileged
}

const Rule& RuleOf(Action action) {
  for (const Rule& rule : kRules) {
    if (rule.action == action) return rule;
  }
  return kRules[0];  // unreachable: every action has a rule (tested)
}

}  // namespace

std::string_view ActionName(Action action) {
  return RuleOf(action).name;
}

std::optional<Action> ParseAction(std::string_view name) {
  for (const Rule& rule : kRules) {
    if (rule.name == name) return rule.action;
  }
  return std::nullopt;
}

bool Allowed(Role role, Action action) {
  return RuleOf(action).allowed[RoleIndex(role)];
}

Status Authorize(const Agent& agent, Action action) {
  if (Allowed(agent.role, action)) return {};
  return Fail(ErrorKind::kForbidden, "forbidden",
              "Votre rôle (" + std::string(RoleLabel(agent.role)) + ") ne permet pas " +
                  std::string(RuleOf(action).label) + ".");
}

Status AtSite(const Agent& agent, const std::string& site_id) {
  if (agent.role == Role::kAdmin ||
      std::find(agent.site_ids.begin(), agent.site_ids.end(), site_id) != agent.site_ids.end()) {
    return {};
  }
  return Fail(ErrorKind::kForbidden, "forbidden", "Votre compte ne travaille pas pour ce lieu.");
}

Status AtEverySite(const Agent& agent, const std::vector<std::string>& site_ids) {
  for (const std::string& site_id : site_ids) {
    if (!AtSite(agent, site_id)) {
      return Fail(ErrorKind::kForbidden, "forbidden",
                  "Votre compte ne travaille pas pour tous les lieux de ce réseau.");
    }
  }
  return {};
}

Status AuthorizeAt(const Agent& agent, Action action, const std::string& site_id) {
  if (auto allowed = Authorize(agent, action); !allowed) return allowed;
  return AtSite(agent, site_id);
}

}  // namespace relais::app
