// A sliding-window limiter keyed by a string (an address, a login).
// Pure: the caller passes the current time. Not thread-safe; guard it.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

namespace relais {

class RateLimiter {
 public:
  using Clock = std::chrono::system_clock;

  RateLimiter(std::size_t max_events, std::chrono::seconds window)
      : max_events_(max_events), window_(window) {}

  // True when `key` already has max_events events within the window
  // ending at `now`: the caller must refuse.
  bool Exceeded(const std::string& key, Clock::time_point now);

  // Records one event (a failed login) for `key` at `now`.
  void Record(const std::string& key, Clock::time_point now);

  // Forgets `key` (after a successful login).
  void Reset(const std::string& key) { events_.erase(key); }

 private:
  void Prune(std::deque<Clock::time_point>& times, Clock::time_point now) const;

  std::size_t max_events_;
  std::chrono::seconds window_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> events_;
};

}  // namespace relais
