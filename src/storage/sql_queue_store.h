// The walk-in queue's store (app/queue_store.h) in portable SQL over a
// Database. Each method is one Write or Read job; a ticket changes status
// only by an UPDATE guarded by its current status, so two concurrent calls
// never move the same ticket. Thread-safe as the Database is.
#pragma once

#include "app/queue_store.h"
#include "storage/database.h"

namespace relais::storage {

class SqlQueueStore final : public app::QueueStore {
 public:
  explicit SqlQueueStore(Database& db) : db_(db) {}

  Result<app::QueueTicket> AddTicket(const std::string& site_id, app::QueueTicket ticket) override;
  Result<std::optional<app::QueueTicket>> CallNext(const std::string& site_id,
                                                   const std::string& day,
                                                   const std::string& agent_id,
                                                   const std::string& counter,
                                                   std::chrono::sys_seconds now) override;
  Result<app::QueueTicket> ApplyEvent(const std::string& site_id, const std::string& id,
                                      TicketEvent event, const std::string& agent_id,
                                      const std::string& counter,
                                      std::chrono::sys_seconds now) override;
  Result<std::int64_t> CloseDue(const std::string& site_id, std::chrono::sys_seconds now) override;
  Result<std::optional<std::chrono::sys_seconds>> NextClosing(const std::string& site_id) override;
  Result<std::vector<app::QueueTicket>> ListDay(const std::string& site_id,
                                                const std::string& day) override;
  Result<std::vector<std::chrono::seconds>> RecentServiceTimes(const std::string& site_id,
                                                               std::chrono::sys_seconds since,
                                                               int limit) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
