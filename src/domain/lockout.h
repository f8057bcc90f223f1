// Temporary lockout of accounts: after `max_failures` failed logins on one
// key (a login) within `window`, the key is locked for `duration`, whatever
// the credentials. Pure: the caller passes the time. Not thread-safe; guard it.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

namespace relais {

class Lockout {
 public:
  using Instant = std::chrono::system_clock::time_point;

  Lockout(std::size_t max_failures, std::chrono::seconds window, std::chrono::seconds duration)
      : max_failures_(max_failures), window_(window), duration_(duration) {}

  // When `key`'s lockout ends, if it is locked at `now`.
  std::optional<Instant> LockedUntil(const std::string& key, Instant now) const;

  // Records a failed login on `key` at `now`; the failure that reaches
  // max_failures within the window locks the key from `now` for `duration`.
  void RecordFailure(const std::string& key, Instant now);

  // Forgets `key`'s failures (after a successful login).
  void Reset(const std::string& key) { keys_.erase(key); }

 private:
  struct State {
    std::deque<Instant> failures;
    Instant locked_until{};
  };
  // Drops keys with nothing left to remember, once the map grows large.
  void Sweep(Instant now);

  std::size_t max_failures_;
  std::chrono::seconds window_;
  std::chrono::seconds duration_;
  std::unordered_map<std::string, State> keys_;
};

}  // namespace relais
