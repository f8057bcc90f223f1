// What the drivers (SQLite, PostgreSQL) share: a pool of idle reader
// connections, and running a Read or Write's work inside one transaction.
// For drivers only; stores use database.h.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.h"

namespace relais::storage {

// Idle connections of type C, reused by the next Acquire; a new one is
// opened when none is idle. Keeps at most kMaxIdle. Thread-safe.
template <typename C>
class ReaderPool {
 public:
  using Open = std::function<Result<std::unique_ptr<C>>()>;
  explicit ReaderPool(Open open) : open_(std::move(open)) {}

  Result<std::unique_ptr<C>> Acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto reader = std::move(idle_.back());
        idle_.pop_back();
        return reader;
      }
    }
    return open_();
  }

  void Release(std::unique_ptr<C> reader) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdle) idle_.push_back(std::move(reader));
  }

 private:
  static constexpr std::size_t kMaxIdle = 8;
  const Open open_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<C>> idle_;  // GUARDED_BY(mutex_)
};

// `work` on `connection`; an exception it throws becomes a storage error.
inline Status RunGuarded(const std::function<Status(Connection&)>& work, Connection& connection) {
  try {
    return work(connection);
  } catch (const std::exception& e) {
    return StorageError(e.what());
  }
}

// `begin` (BEGIN…), then `work`, then COMMIT when it succeeds and ROLLBACK
// otherwise.
inline Status RunInTransaction(Connection& connection, const std::string& begin,
                               const std::function<Status(Connection&)>& work) {
  if (auto ok = connection.ExecuteScript(begin); !ok) return ok;
  Status result = RunGuarded(work, connection);
  if (!result) {
    (void)connection.ExecuteScript("ROLLBACK");
    return result;
  }
  if (auto ok = connection.ExecuteScript("COMMIT"); !ok) {
    (void)connection.ExecuteScript("ROLLBACK");
    return ok;
  }
  return result;
}

}  // namespace relais::storage
