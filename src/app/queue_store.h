// The walk-in queue's storage port: one row per QueueTicket, keyed by site,
// numbered 1, 2, 3… per local day of the site. Anonymous: a ticket holds a
// reason code, never a name. Implementations are thread-safe and make each
// method one transaction.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/queue.h"

namespace relais::app {

struct QueueTicket {
  std::string id;
  std::string day;                    // the site's local date at issue, YYYY-MM-DD
  int number = 0;                     // 1, 2, 3… within the day
  std::optional<std::string> reason;  // a partner or theme code
  TicketStatus status = TicketStatus::kWaiting;
  std::chrono::sys_seconds issued_at;
  std::string issued_by;  // the agent's id
  // When the desk closes after the issue: a ticket still waiting then is
  // closed as not served.
  std::chrono::sys_seconds closes_at;
  std::optional<std::chrono::sys_seconds> called_at;
  std::string called_by;                             // the calling agent's id, or empty
  std::string counter;                               // the guichet's label, or empty
  std::optional<std::chrono::sys_seconds> ended_at;  // served, absent, cancelled, closed

  friend bool operator==(const QueueTicket&, const QueueTicket&) = default;
};

class QueueStore {
 public:
  virtual ~QueueStore() = default;
  // Stores `ticket` numbered after the last one of its site and day (its
  // `number` is ignored) and returns it with its number.
  virtual Result<QueueTicket> AddTicket(const std::string& site_id, QueueTicket ticket) = 0;
  // Marks the first waiting ticket of `day` (lowest number, not due to
  // close at `now`) called by `agent_id` at `counter`, atomically: two
  // concurrent calls never get the same ticket. Nothing when none waits.
  virtual Result<std::optional<QueueTicket>> CallNext(const std::string& site_id,
                                                      const std::string& day,
                                                      const std::string& agent_id,
                                                      const std::string& counter,
                                                      std::chrono::sys_seconds now) = 0;
  // Applies `event` to ticket `id` as domain/queue.h's Transition allows,
  // atomically; a call records agent and counter, the others `now` as the
  // end. kNotFound for an unknown ticket, kConflict when the transition is
  // refused.
  virtual Result<QueueTicket> ApplyEvent(const std::string& site_id, const std::string& id,
                                         TicketEvent event, const std::string& agent_id,
                                         const std::string& counter,
                                         std::chrono::sys_seconds now) = 0;
  // Closes (kClosed, ended at their closes_at) the waiting tickets whose
  // closes_at is at or before `now`; returns how many.
  virtual Result<std::int64_t> CloseDue(const std::string& site_id,
                                        std::chrono::sys_seconds now) = 0;
  // The earliest closes_at of a waiting ticket, or nothing.
  virtual Result<std::optional<std::chrono::sys_seconds>> NextClosing(
      const std::string& site_id) = 0;
  // The tickets of `day`, by number.
  virtual Result<std::vector<QueueTicket>> ListDay(const std::string& site_id,
                                                   const std::string& day) = 0;
  // The service times (called to served) of the latest `limit` tickets
  // served since `since`, latest first.
  virtual Result<std::vector<std::chrono::seconds>> RecentServiceTimes(
      const std::string& site_id, std::chrono::sys_seconds since, int limit) = 0;
};

}  // namespace relais::app
