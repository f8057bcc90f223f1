// The audit journal's store (app/audit.h) in portable SQL: a row is
// numbered and chained inside the writer's transaction, so that
// concurrent appends form one unbroken chain. Thread-safe as the
// Database is.
#pragma once

#include <string_view>

#include "app/audit.h"
#include "storage/database.h"

namespace relais::storage {

class SqlAuditStore final : public app::AuditStore {
 public:
  explicit SqlAuditStore(Database& db) : db_(db) {}

  Result<app::AuditEntry> Append(
      app::AuditEntry entry,
      const std::function<std::string(const app::AuditEntry&)>& seal) override;
  Result<std::vector<app::AuditEntry>> Scan(std::int64_t after, std::size_t limit) override;
  Result<std::vector<app::AuditAccess>> About(const std::string& site_id,
                                              const std::string& subject,
                                              std::size_t limit) override;

 private:
  // One attempt, in one transaction: the next number after the last row's.
  Status AppendOnce(const app::AuditEntry& entry,
                    const std::function<std::string(const app::AuditEntry&)>& seal,
                    app::AuditEntry& written);

  Database& db_;
};

// The database's own refusal of every UPDATE and DELETE of the journal
// (migration 016). Lifted only to replace a whole database (CopyData with
// `force`), inside the transaction that puts it back with RestoreAuditGuard.
Status LiftAuditGuard(Connection& c, std::string_view dialect);
Status RestoreAuditGuard(Connection& c, std::string_view dialect);

}  // namespace relais::storage
