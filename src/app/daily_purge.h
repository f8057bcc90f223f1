// The server's daily retention purge: a thread that runs Retention::Purge
// when started and then each time the Clock has moved a day past the last
// run (checked every `poll`, so that a FakeClock drives it in tests).
// Thread-safe; Stop (or the destructor) joins the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "app/ports.h"
#include "app/retention.h"

namespace relais::app {

class DailyPurge {
 public:
  // `log` receives one line per run: counts only, never personal data.
  DailyPurge(Retention& retention, const Clock& clock, std::function<void(const std::string&)> log,
             std::chrono::milliseconds poll = std::chrono::minutes(10))
      : retention_(retention), clock_(clock), log_(std::move(log)), poll_(poll) {}
  ~DailyPurge() { Stop(); }
  DailyPurge(const DailyPurge&) = delete;
  DailyPurge& operator=(const DailyPurge&) = delete;

  void Start();
  // Idempotent.
  void Stop();
  // Runs so far (succeeded or not).
  int runs() const;

 private:
  void Run();

  Retention& retention_;
  const Clock& clock_;
  std::function<void(const std::string&)> log_;
  const std::chrono::milliseconds poll_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  int runs_ = 0;           // GUARDED_BY(mutex_)
  std::thread worker_;
};

// One French line for a purge's counts, for logs and the command's output.
std::string DescribePurge(const PurgeReport& report);

}  // namespace relais::app
