// The reports' store (app/report_store.h) in portable SQL over a Database:
// reads the visits' roll-ups (written by SqlVisitStore) and keeps the GIP's
// members. Thread-safe as the Database is.
#pragma once

#include "app/report_store.h"
#include "storage/database.h"

namespace relais::storage {

class SqlReportStore final : public app::ReportStore {
 public:
  explicit SqlReportStore(Database& db) : db_(db) {}

  Result<std::vector<Rollup>> ReportRollups(const std::string& site_id, date::sys_days from,
                                            date::sys_days to) override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> RollupTotals(
      const std::string& site_id, Dimension dimension, date::sys_days from,
      date::sys_days to) override;
  Result<std::vector<Member>> ListMembers(const std::string& site_id) override;
  Status SaveMember(const std::string& site_id, const Member& member) override;
  Status DeleteMember(const std::string& site_id, const std::string& member_id) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
