// Temporary lockout of accounts: after `max_failures` failed logins on one
// key (a login) within a window, the key is locked for `duration`, whatever
// the credentials. The window is fixed, not sliding: it opens at the first
// failure and lasts `window`; the failures of the next one count from zero.
// Pure: the caller passes the time and keeps the state (in the database,
// app/login_lockout_store.h, so that every relais process shares it).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace relais {

struct LockoutRule {
  std::int64_t max_failures = 5;
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds duration{15 * 60};
};

// One key's state. The empty state is a key never seen or forgotten.
struct LockoutState {
  using Instant = std::chrono::system_clock::time_point;

  std::int64_t failures = 0;  // in the window opened at window_start
  Instant window_start{};
  Instant locked_until{};  // the epoch when never locked

  friend bool operator==(const LockoutState&, const LockoutState&) = default;
};

// When `state`'s lockout ends, if it is locked at `now`.
std::optional<LockoutState::Instant> LockedUntil(const LockoutState& state,
                                                 LockoutState::Instant now);

// The state after a failed login at `now`. A new window opens when the
// previous one is over or its lock has been served; the failure that
// brings the window's count to exactly max_failures locks the key from
// `now` for `duration` (failures past it, which only a race lets through,
// are counted and lock nothing more).
LockoutState AfterFailure(const LockoutRule& rule, LockoutState state, LockoutState::Instant now);

// True when `state` has nothing left to remember at `now`: its window and
// its lock are both over, so it may be forgotten.
bool Forgettable(const LockoutRule& rule, const LockoutState& state, LockoutState::Instant now);

}  // namespace relais
