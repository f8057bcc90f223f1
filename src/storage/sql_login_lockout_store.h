// The per-login lockout's store (app/login_lockout_store.h) in portable SQL
// over a Database. Thread-safe as the Database is; several processes on one
// database count every failure (see RecordLoginFailure).
#pragma once

#include "app/login_lockout_store.h"
#include "storage/database.h"

namespace relais::storage {

class SqlLoginLockoutStore final : public app::LoginLockoutStore {
 public:
  explicit SqlLoginLockoutStore(Database& db) : db_(db) {}

  Result<LockoutState> FindLockout(const std::string& key) override;
  Result<LockoutState> RecordLoginFailure(const std::string& key, const LockoutRule& rule,
                                          app::Instant now) override;
  Status ResetLockout(const std::string& key) override;
  Result<std::int64_t> PruneLockouts(const LockoutRule& rule, app::Instant now) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
