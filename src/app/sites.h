// The installation's sites, with the served site kept in memory so that
// the public endpoints answer without touching storage. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/ports.h"
#include "domain/site.h"

namespace relais::app {

// The partner operators of the France Services list (DESIGN.md), with
// their stable codes.
const std::vector<Partner>& StandardPartners();

class Sites {
 public:
  Sites(SiteStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Loads `site_id` as the served site. Fails with kNotFound when absent.
  Status Load(const std::string& site_id);

  // The served site. REQUIRES: Load succeeded.
  std::shared_ptr<const Site> Current() const;

  // Creates or replaces a site; refreshes the cache when it is the served one.
  Status Save(const Site& site);

  // The partners of the served site.
  Result<std::vector<Partner>> Partners() const;
  Status AddPartner(const std::string& site_id, const Partner& partner);

 private:
  SiteStore& store_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Site> current_;  // GUARDED_BY(mutex_)
};

}  // namespace relais::app
