// The outbox (app/outbox.h), the calendar feeds (app/calendar_feeds.h) and
// the sites' keys in portable SQL over a Database. Thread-safe as the
// Database is.
#pragma once

#include "app/calendar_feeds.h"
#include "app/outbox.h"
#include "storage/database.h"

namespace relais::storage {

class SqlNotificationStore final : public app::OutboxStore, public app::CalendarFeedStore {
 public:
  explicit SqlNotificationStore(Database& db) : db_(db) {}

  Result<std::vector<app::OutboxMessage>> DueMessages(const std::string& site_id, UtcTime now,
                                                      std::size_t limit) override;
  Result<std::vector<app::OutboxMessage>> MessagesOf(const std::string& site_id,
                                                     const std::string& appointment_id) override;
  Result<std::vector<app::OutboxMessage>> MessagesOfRegistration(
      const std::string& site_id, const std::string& registration_id) override;
  Result<bool> Claim(const std::string& site_id, const std::string& message_id, UtcTime now,
                     UtcTime until) override;
  Status MarkSent(const std::string& site_id, const std::string& message_id, UtcTime at) override;
  Status MarkDropped(const std::string& site_id, const std::string& message_id,
                     const std::string& reason) override;
  Status MarkAttempt(const std::string& site_id, const std::string& message_id, int attempts,
                     UtcTime next_attempt_at, const std::string& error, bool give_up) override;
  Result<std::string> SiteKey(const std::string& site_id, const std::string& purpose,
                              app::Instant now) override;

  Status SaveCalendarFeed(const std::string& site_id, const std::string& agent_id,
                          const std::string& token_digest, app::Instant now) override;
  Result<std::optional<std::string>> FindCalendarFeed(const std::string& site_id,
                                                      const std::string& token_digest) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
