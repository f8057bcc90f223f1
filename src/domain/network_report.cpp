#include "domain/network_report.h"

#include <set>

namespace relais {

NetworkReport ConsolidateActivity(date::sys_days from, date::sys_days to,
                                  const std::vector<SiteRollups>& sites,
                                  const CommuneLookup& communes, const LabelLookup& labels) {
  NetworkReport network;
  std::set<std::string> seen;
  std::vector<Rollup> all;
  std::int64_t people = 0;
  for (const SiteRollups& site : sites) {
    if (!seen.insert(site.site_id).second) continue;
    all.insert(all.end(), site.rows.begin(), site.rows.end());
    SiteReport own{site.site_id, site.site_name,
                   BuildActivityReport(from, to, site.rows, communes, labels)};
    people += own.report.people;
    network.sites.push_back(std::move(own));
  }
  // The roll-ups are counts, so the report of their union sums every count
  // but people, an estimate that is not additive: that one is summed here.
  network.total = BuildActivityReport(from, to, all, communes, labels);
  network.total.people = people;
  for (const SiteReport& site : network.sites) {
    const double share = network.total.visits == 0 ? 0.0
                                                   : static_cast<double>(site.report.visits) /
                                                         static_cast<double>(network.total.visits);
    network.total.by_site.push_back({site.site_id, site.site_name, site.report.visits, share});
  }
  return network;
}

}  // namespace relais
