// The walk-in queue of the served site (file d'attente): reception issues
// numbered tickets while the desk is open, mediators call the next one or a
// chosen one, and the waiting room follows the public board through
// QueueEvents. Wait and service times are recorded; the tickets still
// waiting when the desk closes are closed as not served. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/agent.h"
#include "app/policy.h"
#include "app/ports.h"
#include "app/queue_events.h"
#include "app/queue_store.h"
#include "app/sites.h"
#include "domain/error.h"
#include "domain/queue.h"

namespace relais::app {

inline constexpr std::size_t kMaxCounterChars = 20;  // a guichet's label
inline constexpr std::size_t kBoardCalls = 5;        // calls shown in the waiting room
inline constexpr int kServiceSamples = 20;           // service times behind the estimate
inline constexpr std::chrono::days kServiceHistory{30};
// A mediator who called a ticket this recently counts as serving.
inline constexpr std::chrono::minutes kServingWindow{60};
// How stale a display may be about another process's changes.
inline constexpr std::chrono::seconds kRefreshInterval{2};

// A ticket with its place in the line (0 once called or finished) and the
// estimated wait at that place.
struct QueueEntry {
  QueueTicket ticket;
  int position = 0;
  int estimated_wait_minutes = 0;
};

// What the staff's queue screen shows: the board and the day's tickets.
struct QueueView {
  QueueBoard board;
  std::vector<QueueEntry> tickets;  // by number
};

class Queue {
 public:
  Queue(QueueStore& store, Sites& sites, const Clock& clock)
      : store_(store), sites_(sites), clock_(clock) {}

  // Reads the next closing and publishes the first board.
  // REQUIRES: sites.Load succeeded.
  Status Load();

  // Gives a ticket. kForbidden unless the agent may issue tickets at the
  // site; kInvalid "queue_closed" while the desk is closed (the message
  // gives the next opening); kInvalid "invalid_reason" (field "reason")
  // unless the reason is empty, a partner code of the site or a theme code.
  Result<QueueEntry> Issue(const Agent& agent, const std::optional<std::string>& reason);

  // Calls the first waiting ticket to `counter` (may be empty; at most
  // kMaxCounterChars characters, else kInvalid field "counter").
  // kConflict "queue_empty" when no one waits.
  Result<QueueTicket> CallNext(const Agent& agent, const std::string& counter);
  // Calls ticket `id`: kNotFound, or kConflict when it is not waiting.
  Result<QueueTicket> Call(const Agent& agent, const std::string& id, const std::string& counter);
  // Ends a called ticket: served or absent. kConflict unless called.
  Result<QueueTicket> Finish(const Agent& agent, const std::string& id, TicketEvent event);
  // Withdraws a waiting ticket (reception may). kConflict unless waiting.
  Result<QueueTicket> Cancel(const Agent& agent, const std::string& id);

  // The day's tickets for the staff (those who may issue tickets).
  Result<QueueView> Today(const Agent& agent);
  // The public board, as the waiting room shows it.
  Result<QueueBoard> Board();

  // Closes the tickets the desk's closing left waiting, and publishes the
  // board when it changed. Cheap when nothing is due: call it often.
  Status Sweep();

  // Publishes the stored board when it differs from the last one published,
  // so that the changes made by another process on the same database reach
  // this process's displays. Reads the store at most once per
  // kRefreshInterval; cheap otherwise: call it often.
  Status Refresh();

  // The French label of a reason code (partner name or theme label).
  std::string ReasonLabel(const std::string& code) const;

  QueueEvents& events() { return events_; }
  const Sites& sites() const { return sites_; }

 private:
  Status MayAct(const Agent& agent, Action action) const;
  std::chrono::sys_seconds Now() const;
  std::string Today(std::chrono::sys_seconds now) const;
  // Builds the view of `day` at `now` from the stored tickets.
  Result<QueueView> View(std::chrono::sys_seconds now);
  // Publishes the current board; a storage failure leaves the last one.
  void Publish();
  Result<QueueTicket> Changed(Result<QueueTicket> ticket);

  QueueStore& store_;
  Sites& sites_;
  const Clock& clock_;
  QueueEvents events_;
  std::mutex mutex_;
  std::optional<std::chrono::sys_seconds> next_closing_;  // GUARDED_BY(mutex_)
  std::chrono::steady_clock::time_point last_refresh_;    // GUARDED_BY(mutex_)
};

}  // namespace relais::app
