// The per-login lockout's storage port: each key's state (domain/lockout.h)
// kept in the database, so that every relais process on it counts the same
// failures and a restart forgets none. Keys are LockoutKey digests, never a
// login as typed. Thread-safe, and safe across processes.
#pragma once

#include <cstdint>
#include <string>

#include "app/ports.h"
#include "domain/error.h"
#include "domain/lockout.h"

namespace relais::app {

class LoginLockoutStore {
 public:
  virtual ~LoginLockoutStore() = default;

  // The key's state; the empty state for a key never seen or forgotten.
  virtual Result<LockoutState> FindLockout(const std::string& key) = 0;
  // Records a failed login on `key` at `now` in one write transaction that
  // reads the state as last committed, by any process, and saves
  // AfterFailure(rule, state, now): racing failures are each counted.
  // Returns the state saved.
  virtual Result<LockoutState> RecordLoginFailure(const std::string& key, const LockoutRule& rule,
                                                  Instant now) = 0;
  // Forgets the key (after a successful login).
  virtual Status ResetLockout(const std::string& key) = 0;
  // Forgets every key Forgettable at `now`; how many.
  virtual Result<std::int64_t> PruneLockouts(const LockoutRule& rule, Instant now) = 0;
};

}  // namespace relais::app
