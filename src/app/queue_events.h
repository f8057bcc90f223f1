// The queue's change feed inside the process: the app publishes the public
// board after every change; the waiting-room streams (SSE) wait for a newer
// one. Only the latest board is kept — each is a whole state — so a slow
// reader skips versions and memory stays bounded. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace relais::app {

// A called ticket as the waiting room sees it.
struct CalledTicket {
  int number = 0;
  std::string counter;  // the guichet's label, or empty
  std::chrono::sys_seconds called_at;

  friend bool operator==(const CalledTicket&, const CalledTicket&) = default;
};

// The waiting room's view: public data only (numbers, counters, counts).
struct QueueBoard {
  bool open = false;                                     // tickets are given now
  std::optional<std::chrono::sys_seconds> next_opening;  // when closed
  int waiting = 0;
  int estimated_wait_minutes = 0;    // for a ticket issued now
  std::vector<CalledTicket> called;  // today's latest calls, latest first

  friend bool operator==(const QueueBoard&, const QueueBoard&) = default;
};

class QueueEvents {
 public:
  // Makes `board` the latest, as a new version, and wakes the waiters.
  void Publish(QueueBoard board) {
    {
      std::lock_guard lock(mutex_);
      latest_ = std::move(board);
      ++version_;
    }
    changed_.notify_all();
  }

  // Publishes `board` unless it equals the latest: a refresh from the
  // store wakes no one when nothing changed.
  void PublishIfChanged(QueueBoard board) {
    {
      std::lock_guard lock(mutex_);
      if (version_ > 0 && latest_ == board) return;
      latest_ = std::move(board);
      ++version_;
    }
    changed_.notify_all();
  }

  // The latest version number (0: nothing published yet).
  std::uint64_t version() const {
    std::lock_guard lock(mutex_);
    return version_;
  }

  // Waits up to `timeout` for a version newer than `seen`, or until `stop`
  // is requested; the newer version and its board, or nothing.
  std::optional<std::pair<std::uint64_t, QueueBoard>> WaitNewer(std::uint64_t seen,
                                                                std::chrono::milliseconds timeout,
                                                                std::stop_token stop) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, stop, timeout, [&] { return version_ > seen; })) {
      return std::nullopt;
    }
    return std::make_pair(version_, latest_);
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  QueueBoard latest_;          // GUARDED_BY(mutex_)
  std::uint64_t version_ = 0;  // GUARDED_BY(mutex_)
};

}  // namespace relais::app
