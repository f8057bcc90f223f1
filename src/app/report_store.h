// The reports' storage port: the visits' daily roll-ups (written by the
// visit store in the visit's transaction, read here) and the GIP's members.
// Aggregates only: nothing here names a person. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <date/date.h>

#include "domain/error.h"
#include "domain/funding.h"
#include "domain/report.h"

namespace relais::app {

class ReportStore {
 public:
  virtual ~ReportStore() = default;

  // The site's roll-ups of local days `from` to `to` (both included), as
  // BuildActivityReport takes them: the kTotal rows one per day; the rows
  // of every other dimension summed per month and key, each dated the
  // first day of its month, or `from` when that is later.
  virtual Result<std::vector<Rollup>> ReportRollups(const std::string& site_id, date::sys_days from,
                                                    date::sys_days to) = 0;

  // The site's visits per key of `dimension` over `from` to `to` (both
  // included); keys without visits are left out.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> RollupTotals(
      const std::string& site_id, Dimension dimension, date::sys_days from, date::sys_days to) = 0;

  // The site's GIP members, by position then id.
  virtual Result<std::vector<Member>> ListMembers(const std::string& site_id) = 0;
  // Creates or replaces the member `member.id` of the site.
  virtual Status SaveMember(const std::string& site_id, const Member& member) = 0;
  // kNotFound when the site has no such member.
  virtual Status DeleteMember(const std::string& site_id, const std::string& member_id) = 0;
};

}  // namespace relais::app
