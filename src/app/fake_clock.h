// A clock that tests set by hand: the clock is one of the true edges that
// tests may fake. Thread-safe.
#pragma once

#include <atomic>

#include "app/ports.h"

namespace relais::app {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(Instant now = {}) : now_(now) {}
  Instant Now() const override { return now_.load(); }
  void Set(Instant now) { now_.store(now); }
  void Advance(std::chrono::seconds by) { now_.store(now_.load() + by); }

 private:
  std::atomic<Instant> now_;
};

}  // namespace relais::app
