// Networks of desks (réseaux): sites grouped under a name, and their
// activity report consolidated across the sites. Aggregates only: nothing
// here names a person. Thread-safe.
//
// Who sees a network's report: an agent allowed the site reports
// (Action::kViewReports: admin, coordinator, funder) at the served site who
// also works at every site of the network. An agent of some of its sites
// only is refused the whole network (each site's own report stays theirs).
#pragma once

#include <string>
#include <vector>

#include "app/agent.h"
#include "app/audit.h"
#include "app/network_store.h"
#include "app/ports.h"
#include "app/report_store.h"
#include "app/reports.h"
#include "app/sites.h"
#include "domain/error.h"
#include "domain/network_report.h"

namespace relais::app {

// A network's report of a period with the same days a year earlier.
struct NetworkActivity {
  Network network;
  NetworkReport current;
  NetworkReport previous;  // the same days one year before
};

class Networks {
 public:
  // `reports` gives the commune lookup and the current year; `sites` the
  // served site. Every export is recorded in `journal` when given.
  Networks(NetworkStore& store, ReportStore& report_store, SiteStore& site_store,
           const Reports& reports, const Sites& sites, AuditJournal* journal = nullptr);

  // The network's report (see the header for who may see it): kNotFound
  // "unknown_network" when there is no such network; CheckReportPeriod's
  // refusals.
  Result<NetworkActivity> Activity(const Agent& agent, const std::string& network_id,
                                   const ReportPeriod& period);

  // The network's consolidated report for a file (CSV, XLSX), named after
  // the network, its sites in `current.by_site`: as Activity, but kForbidden
  // unless the agent may export reports (Action::kExportReports); recorded
  // in the journal.
  Result<ActivityComparison> Export(const Agent& agent, const std::string& network_id,
                                    const ReportPeriod& period);

  // The networks whose report the agent may see, by id.
  Result<std::vector<Network>> Visible(const Agent& agent);

  // Creates or renames a network (Action::kEditSettings): kInvalid
  // "invalid_network_id" (field "id") unless 1 to 64 characters among
  // a-z, 0-9 and "-"; kInvalid "invalid_name" (field "name") when empty.
  Result<Network> Save(const Agent& agent, const std::string& network_id, const std::string& name);
  // Puts a site in a network (Action::kEditSettings); kNotFound
  // "unknown_network" or "unknown_site".
  Status AddSite(const Agent& agent, const std::string& network_id, const std::string& site_id);

  // The current local year at the served site.
  int CurrentYear() const { return reports_.CurrentYear(); }

 private:
  Status MayView(const Agent& agent) const;

  NetworkStore& store_;
  ReportStore& report_store_;
  SiteStore& site_store_;
  const Reports& reports_;
  const Sites& sites_;
  AuditJournal* journal_;
};

}  // namespace relais::app
