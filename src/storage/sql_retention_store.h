// The retention store (app/retention.h) in portable SQL over a Database:
// one transaction per purge, then a checkpoint that empties the write-ahead
// log. Thread-safe as the Database is.
#pragma once

#include "app/retention.h"
#include "storage/database.h"

namespace relais::storage {

class SqlRetentionStore final : public app::RetentionStore {
 public:
  explicit SqlRetentionStore(Database& db) : db_(db) {}

  Result<app::PurgeCounts> CountDue(const app::RetentionCutoffs& cutoffs) override;
  Result<app::PurgeCounts> Purge(const app::RetentionCutoffs& cutoffs) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
