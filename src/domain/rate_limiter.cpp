#include "domain/rate_limiter.h"

namespace relais {

void RateLimiter::Prune(std::deque<Clock::time_point>& times, Clock::time_point now) const {
  while (!times.empty() && times.front() <= now - window_) times.pop_front();
}

bool RateLimiter::Exceeded(const std::string& key, Clock::time_point now) {
  auto it = events_.find(key);
  if (it == events_.end()) return false;
  Prune(it->second, now);
  if (it->second.empty()) {
    events_.erase(it);
    return false;
  }
  return it->second.size() >= max_events_;
}

void RateLimiter::Record(const std::string& key, Clock::time_point now) {
  auto& times = events_[key];
  Prune(times, now);
  times.push_back(now);
  // Keep memory bounded per key: older events beyond the limit add nothing.
  while (times.size() > max_events_) times.pop_front();
  // Drop idle keys now and then so a scan of many addresses cannot grow
  // the map without bound.
  if (events_.size() > 10000) {
    for (auto it = events_.begin(); it != events_.end();) {
      Prune(it->second, now);
      it = it->second.empty() ? events_.erase(it) : std::next(it);
    }
  }
}

}  // namespace relais
