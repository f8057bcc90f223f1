// The installation's sites, with the served site kept in memory so that
// the public endpoints answer without touching storage. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/ports.h"
#include "app/site_hours.h"
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
  // The served site's hours, compiled. REQUIRES: Load succeeded.
  std::shared_ptr<const SiteHours> CurrentHours() const;

  // Creates or replaces a site; refreshes the cache when it is the served
  // one. Refuses (kInvalid, naming the field) hours or a time zone that do
  // not parse: nothing is stored then.
  Status Save(const Site& site);

  // The served site's dated exceptions, by date.
  Result<std::vector<HoursExceptionRecord>> HoursExceptions() const;
  // Adds or replaces the served site's exception on `record.date`
  // ("off" closes the day); refuses a bad date, hours or an empty reason.
  Status SaveHoursException(const HoursExceptionRecord& record);
  Status DeleteHoursException(const std::string& date);

  // The partners of the served site.
  Result<std::vector<Partner>> Partners() const;
  Status AddPartner(const std::string& site_id, const Partner& partner);

 private:
  SiteStore& store_;
  const Clock& clock_;
  // Rebuilds the hours of the served site from storage and swaps them in.
  Status Refresh(const Site& site);

  mutable std::mutex mutex_;
  std::shared_ptr<const Site> current_;        // GUARDED_BY(mutex_)
  std::shared_ptr<const SiteHours> hours_;     // GUARDED_BY(mutex_)
};

}  // namespace relais::app
