// The visits' store (app/visit_store.h) in portable SQL over a Database: a
// visit and its themes are written in one transaction through the group
// commit. Thread-safe as the Database is.
#pragma once

#include "app/visit_store.h"
#include "storage/database.h"

namespace relais::storage {

class SqlVisitStore final : public app::VisitStore {
 public:
  explicit SqlVisitStore(Database& db) : db_(db) {}

  Status AddVisit(const std::string& site_id, const app::Visit& visit) override;
  Result<std::vector<app::Visit>> ListVisits(const std::string& site_id,
                                             std::chrono::sys_seconds from,
                                             std::chrono::sys_seconds to) override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> CountVisitsByCommune(
      const std::string& site_id) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
