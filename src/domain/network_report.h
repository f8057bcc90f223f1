// A network's activity report: the reports of its sites consolidated into
// one, beside each site's own. Pure: no I/O, no clock.
#pragma once

#include <string>
#include <vector>

#include "domain/report.h"

namespace relais {

// One site's roll-ups of a period, as ReportStore::ReportRollups gives them.
struct SiteRollups {
  std::string site_id;
  std::string site_name;
  std::vector<Rollup> rows;
};

// One site's own report within a network's.
struct SiteReport {
  std::string site_id;
  std::string site_name;
  ActivityReport report;
};

// The network's report (`total`) and its sites' reports, in the order given.
//
// Every count of `total` is the sum of the sites' counts: visits, people,
// qpv_known and each key of every breakdown; shares are recomputed over
// the sums; `total.by_site` gives each site's visits and share. People are the sum of each site's
// people (visits are anonymous: a person who came to two sites counts at each). A site given twice
// counts once, so no visit is counted twice.
struct NetworkReport {
  ActivityReport total;
  std::vector<SiteReport> sites;
};

// The network's report of local days `from` to `to` (both included), with
// the lookups of BuildActivityReport (the labels of every site's partners).
NetworkReport ConsolidateActivity(date::sys_days from, date::sys_days to,
                                  const std::vector<SiteRollups>& sites,
                                  const CommuneLookup& communes, const LabelLookup& labels);

}  // namespace relais
