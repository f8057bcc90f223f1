// The visits' store (app/visit_store.h) in portable SQL over a Database: a
// visit, its themes and its roll-ups (upserts into visit_rollups) are
// written in one transaction through the group commit. Thread-safe as the
// Database is.
#pragma once

#include "app/visit_store.h"
#include "storage/database.h"

namespace relais::storage {

class SqlVisitStore final : public app::VisitStore {
 public:
  explicit SqlVisitStore(Database& db) : db_(db) {}

  Status AddVisit(const std::string& site_id, const app::Visit& visit,
                  const std::vector<Rollup>& rollups) override;
  Status AddVisits(const std::string& site_id, const std::vector<app::Visit>& visits,
                   const std::vector<Rollup>& rollups) override;
  Result<app::RollupCheck> CheckRollups(const std::string& site_id) override;
  Status ReplaceRollups(const std::string& site_id, const std::vector<Rollup>& rollups) override;
  Result<std::vector<app::Visit>> ListVisits(const std::string& site_id,
                                             std::chrono::sys_seconds from,
                                             std::chrono::sys_seconds to) override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> CountVisitsByCommune(
      const std::string& site_id) override;

 private:
  Database& db_;
};

// Adds `rows` to the site's roll-ups (INSERT … ON CONFLICT DO UPDATE, a few
// rows per statement). REQUIRES: no two rows share a day, dimension and key
// (PostgreSQL refuses one statement touching a row twice).
Status UpsertRollups(Connection& c, const std::string& site_id, const std::vector<Rollup>& rows);

// A local day as visit_rollups stores it: "YYYY-MM-DD".
std::string RollupDay(date::sys_days day);

}  // namespace relais::storage
