#include "domain/lockout.h"

#include <algorithm>

namespace relais {

std::optional<LockoutState::Instant> LockedUntil(const LockoutState& state,
                                                 LockoutState::Instant now) {
  if (state.locked_until <= now) return std::nullopt;
  return state.locked_until;
}

LockoutState AfterFailure(const LockoutRule& rule, LockoutState state, LockoutState::Instant now) {
  const bool lock_served =
      state.locked_until != LockoutState::Instant{} && state.locked_until <= now;
  if (state.failures == 0 || now >= state.window_start + rule.window || lock_served) {
    state.failures = 0;
    state.window_start = now;
    if (lock_served) state.locked_until = {};
  }
  ++state.failures;
  if (state.failures == rule.max_failures) {
    state.locked_until = std::max(state.locked_until, now + rule.duration);
  }
  return state;
}

bool Forgettable(const LockoutRule& rule, const LockoutState& state, LockoutState::Instant now) {
  return now >= state.window_start + rule.window && state.locked_until <= now;
}

}  // namespace relais
