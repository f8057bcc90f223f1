#include "domain/lockout.h"

namespace relais {
namespace {

constexpr std::size_t kSweepAbove = 10000;

}  // namespace

std::optional<Lockout::Instant> Lockout::LockedUntil(const std::string& key, Instant now) const {
  auto it = keys_.find(key);
  if (it == keys_.end() || it->second.locked_until <= now) return std::nullopt;
  return it->second.locked_until;
}

void Lockout::RecordFailure(const std::string& key, Instant now) {
  if (keys_.size() > kSweepAbove) Sweep(now);
  State& state = keys_[key];
  while (!state.failures.empty() && state.failures.front() <= now - window_) {
    state.failures.pop_front();
  }
  state.failures.push_back(now);
  if (state.failures.size() >= max_failures_) {
    state.locked_until = now + duration_;
    state.failures.clear();
  }
}

void Lockout::Sweep(Instant now) {
  std::erase_if(keys_, [&](const auto& entry) {
    const State& state = entry.second;
    const bool recent = !state.failures.empty() && state.failures.back() > now - window_;
    return !recent && state.locked_until <= now;
  });
}

}  // namespace relais
