// Who may do what: one table of role × action, applied by every use case
// (and tested against every route). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/agent.h"
#include "domain/error.h"

namespace relais::app {

enum class Action {
  kEditSettings,        // hours, exceptions, partners, appointment types
  kManageAccounts,      // create and disable agents
  kLogVisit,            // record a visit at the counter
  kIssueTicket,         // give a queue ticket
  kCallTicket,          // call the next ticket
  kManageAppointments,  // book for a person, move, cancel, mark seen
  kViewAgenda,          // the day's appointments, with names
  kViewPersonFiles,     // a person's file, procedures, referrals
  kViewReports,         // aggregated activity reports and dashboard
  kViewFunding,         // the GIP funding split
  kExportReports,       // XLSX/CSV exports of aggregates
  kManageMembers,       // the GIP's members and their funding keys
  kReadSurveyComments,  // the free comments of satisfaction surveys (never funders)
  kManageWorkshops,     // the workshops' catalogue and sessions
  kRunWorkshops,  // register at the desk, waiting list, attendance, head-counts, self-assessments
  kReadAuditJournal,  // who opened or changed a person's file, and when
};

std::string_view ActionName(Action action);
// The action named `name` ("view_agenda"), or nothing.
std::optional<Action> ParseAction(std::string_view name);

// True when `role` may perform `action`.
bool Allowed(Role role, Action action);

// Success, or kForbidden with a French message naming what is refused.
Status Authorize(const Agent& agent, Action action);

// Site isolation: success when the agent works at `site_id` (an admin works
// at every site), or kForbidden.
Status AtSite(const Agent& agent, const std::string& site_id);

// Authorize, then AtSite: the check of every use case on a site's data.
Status AuthorizeAt(const Agent& agent, Action action, const std::string& site_id);

// A network's figures: success when the agent works at every one of
// `site_ids` (an admin works at every site), or kForbidden. An agent of
// some of the network's sites only sees those sites' own reports.
Status AtEverySite(const Agent& agent, const std::vector<std::string>& site_ids);

}  // namespace relais::app
