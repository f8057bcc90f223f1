// Steering: the served site's activity report (from the visits' daily
// roll-ups) and the GIP funding split. Aggregates only: nothing here names
// a person or carries free text. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/agent.h"
#include "app/audit.h"
#include "app/communes.h"
#include "app/policy.h"
#include "app/ports.h"
#include "app/report_store.h"
#include "app/sites.h"
#include "domain/error.h"
#include "domain/funding.h"
#include "domain/report.h"

namespace relais::app {

inline constexpr int kFirstReportYear = 2000;
inline constexpr int kLastReportYear = 2100;
inline constexpr int kMaxReportDays = 366;

// A report's period: local days, both included. `Year(2024)` is the year.
struct ReportPeriod {
  date::sys_days from;
  date::sys_days to;
  static ReportPeriod Year(int year);
  // The same days one year earlier (29 February becomes the 28th).
  ReportPeriod YearBefore() const;
  // From two YYYY-MM-DD dates; kInvalid naming "from" or "to" when one
  // does not parse.
  static Result<ReportPeriod> Between(const std::string& from, const std::string& to);
};

// kInvalid "invalid_year" (field "year") unless kFirstReportYear <= year <=
// kLastReportYear.
Status CheckReportYear(int year);

// kInvalid "invalid_period" when to < from (field "to"), when the period is
// longer than kMaxReportDays (field "to") or leaves the report years
// (field "from").
Status CheckReportPeriod(const ReportPeriod& period);

// The French labels of report keys: partners named as in `partners` (the
// first name of a code given twice), themes, outcomes and channels.
LabelLookup ReportLabels(const std::vector<Partner>& partners);

// The report of a period with the same period a year earlier beside it.
struct ActivityComparison {
  std::string site_name;
  ActivityReport current;
  ActivityReport previous;  // the same days one year before
};

class Reports {
 public:
  // Every export is recorded in `journal` when given.
  Reports(ReportStore& store, Sites& sites, const Communes& communes, const Clock& clock,
          AuditJournal* journal = nullptr);

  // kForbidden unless the agent may view reports (Action::kViewReports) at
  // the served site; kInvalid "invalid_period" (field "to") when to < from
  // or the period is longer than 366 days.
  Result<ActivityComparison> Activity(const Agent& agent, const ReportPeriod& period);
  // The same for a file leaving the application (CSV, XLSX): the agent
  // must also be allowed Action::kExportReports.
  Result<ActivityComparison> Export(const Agent& agent, const ReportPeriod& period);

  // The year's split of `budget_cents` between the GIP's members
  // (Action::kViewFunding); kInvalid "invalid_budget" (field "budget") when
  // negative or over 10^11 cents, and the other refusals of SplitFunding;
  // kInvalid "invalid_year" (field "year") as CheckReportYear says. The
  // usage communes' visits are their residents' visits of the year's
  // local days at the served site.
  Result<FundingSplit> Funding(const Agent& agent, int year, std::int64_t budget_cents);

  // The served site's GIP members, by position (Action::kManageMembers).
  Result<std::vector<Member>> Members(const Agent& agent);
  // Creates or replaces a member (Action::kManageMembers): CheckMember's
  // refusals, and kInvalid "unknown_commune" (field "commune_insee") for an
  // INSEE code the commune table does not know.
  Result<Member> SaveMember(const Agent& agent, const Member& member);
  // kNotFound "unknown_member" when there is no such member.
  Status DeleteMember(const Agent& agent, const std::string& member_id);

  // The served site's current local year (the default report).
  int CurrentYear() const;

  // What the report calls a commune and its département (the shipped
  // tables), and the French labels of the served site's partners and of
  // themes, outcomes and channels.
  CommuneLookup CommuneFactsLookup() const;
  Result<LabelLookup> Labels() const;

 private:
  Status MayAt(const Agent& agent, Action action) const;

  ReportStore& store_;
  Sites& sites_;
  const Communes& communes_;
  const Clock& clock_;
  AuditJournal* journal_;
};

}  // namespace relais::app
