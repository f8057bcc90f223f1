// Steering: the served site's activity report (from the visits' daily
// roll-ups) and the GIP funding split. Aggregates only: nothing here names
// a person or carries free text. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/agent.h"
#include "app/communes.h"
#include "app/ports.h"
#include "app/report_store.h"
#include "app/sites.h"
#include "domain/error.h"
#include "domain/funding.h"
#include "domain/report.h"

namespace relais::app {

// A report's period: local days, both included. `Year(2024)` is the year.
struct ReportPeriod {
  date::sys_days from;
  date::sys_days to;
  static ReportPeriod Year(int year);
};

// The report of a period with the same period a year earlier beside it.
struct ActivityComparison {
  std::string site_name;
  ActivityReport current;
  ActivityReport previous;  // the same days one year before
};

class Reports {
 public:
  Reports(ReportStore& store, Sites& sites, const Communes& communes, const Clock& clock);

  // kForbidden unless the agent may view reports (Action::kViewReports) at
  // the served site; kInvalid "invalid_period" (field "to") when to < from
  // or the period is longer than 366 days.
  Result<ActivityComparison> Activity(const Agent& agent, const ReportPeriod& period);

  // The year's split of `budget_cents` between the GIP's members
  // (Action::kViewFunding); kInvalid "invalid_budget" (field "budget") when
  // negative or over 10^11 cents.
  Result<FundingSplit> Funding(const Agent& agent, int year, std::int64_t budget_cents);

 private:
  ReportStore& store_;
  Sites& sites_;
  const Communes& communes_;
  const Clock& clock_;
};

}  // namespace relais::app
