#include "storage/sql_notification_store.h"

#include "app/secrets.h"

namespace relais::storage {
namespace {

using app::OutboxMessage;

// Every statement of this store, named once.
constexpr std::string_view kColumns =
    "SELECT message_id, appointment_id, kind, channel, sequence, due_at, status, attempts, "
    "next_attempt_at, sent_at, last_error, registration_id FROM outbox ";
constexpr std::string_view kDue =
    "WHERE site_id = ? AND status = 'pending' AND next_attempt_at <= ? "
    "ORDER BY next_attempt_at, message_id LIMIT ?";
constexpr std::string_view kOfAppointment =
    "WHERE site_id = ? AND appointment_id = ? ORDER BY due_at, kind, channel, message_id";
constexpr std::string_view kOfRegistration =
    "WHERE site_id = ? AND registration_id = ? ORDER BY due_at, kind, channel, message_id";
constexpr std::string_view kClaim =
    "UPDATE outbox SET next_attempt_at = ? "
    "WHERE site_id = ? AND message_id = ? AND status = 'pending' AND next_attempt_at <= ?";
constexpr std::string_view kMarkSent =
    "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL "
    "WHERE site_id = ? AND message_id = ? AND status = 'pending'";
constexpr std::string_view kMarkDropped =
    "UPDATE outbox SET status = 'dropped', last_error = ? "
    "WHERE site_id = ? AND message_id = ? AND status = 'pending'";
constexpr std::string_view kMarkAttempt =
    "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ? "
    "WHERE site_id = ? AND message_id = ? AND status = 'pending'";
constexpr std::string_view kFindKey =
    "SELECT secret FROM site_keys WHERE site_id = ? AND purpose = ?";
constexpr std::string_view kInsertKey =
    "INSERT INTO site_keys (site_id, purpose, secret, created_at) VALUES (?, ?, ?, ?)";
constexpr std::string_view kDeleteFeed =
    "DELETE FROM calendar_feeds WHERE site_id = ? AND agent_id = ?";
constexpr std::string_view kInsertFeed =
    "INSERT INTO calendar_feeds (site_id, agent_id, token_digest, created_at) VALUES (?, ?, ?, ?)";
constexpr std::string_view kFindFeed =
    "SELECT agent_id FROM calendar_feeds WHERE site_id = ? AND token_digest = ?";

UtcTime Time(std::int64_t seconds) {
  return UtcTime{std::chrono::seconds{seconds}};
}

Result<OutboxMessage> MessageFromRow(const Row& row) {
  auto kind = app::ParseKind(row.Text(2));
  auto channel = app::ParseNoticeChannel(row.Text(3));
  auto status = app::ParseOutboxStatus(row.Text(6));
  if (!kind || !channel || !status) return StorageError("message de la boîte d'envoi illisible");
  OutboxMessage m;
  m.id = row.Text(0);
  m.appointment_id = row.Text(1);
  m.kind = *kind;
  m.channel = *channel;
  m.sequence = static_cast<int>(row.Int(4));
  m.due_at = Time(row.Int(5));
  m.status = *status;
  m.attempts = static_cast<int>(row.Int(7));
  m.next_attempt_at = Time(row.Int(8));
  if (!row.IsNull(9)) m.sent_at = Time(row.Int(9));
  m.last_error = row.Text(10);
  m.registration_id = row.Text(11);
  return m;
}

Result<std::vector<OutboxMessage>> Messages(Database& db, std::string_view where,
                                            const std::vector<Value>& params) {
  std::vector<OutboxMessage> messages;
  const std::string sql = std::string(kColumns) + std::string(where);
  Status ok = db.Read([&](Connection& c) -> Status {
    auto rows = c.Query(sql, params);
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      auto message = MessageFromRow(row);
      if (!message) return tl::unexpected(message.error());
      messages.push_back(std::move(*message));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return messages;
}

}  // namespace

Result<std::vector<OutboxMessage>> SqlNotificationStore::DueMessages(const std::string& site_id,
                                                                     UtcTime now,
                                                                     std::size_t limit) {
  return Messages(db_, kDue, {site_id, Seconds(now), static_cast<std::int64_t>(limit)});
}

Result<std::vector<OutboxMessage>> SqlNotificationStore::MessagesOf(
    const std::string& site_id, const std::string& appointment_id) {
  return Messages(db_, kOfAppointment, {site_id, appointment_id});
}

Result<std::vector<OutboxMessage>> SqlNotificationStore::MessagesOfRegistration(
    const std::string& site_id, const std::string& registration_id) {
  return Messages(db_, kOfRegistration, {site_id, registration_id});
}

Result<bool> SqlNotificationStore::Claim(const std::string& site_id, const std::string& message_id,
                                         UtcTime now, UtcTime until) {
  bool claimed = false;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto changed = c.Execute(kClaim, {Seconds(until), site_id, message_id, Seconds(now)});
    if (!changed) return tl::unexpected(changed.error());
    claimed = *changed == 1;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return claimed;
}

Status SqlNotificationStore::MarkSent(const std::string& site_id, const std::string& message_id,
                                      UtcTime at) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(c.Execute(kMarkSent, {Seconds(at), site_id, message_id}));
  });
}

Status SqlNotificationStore::MarkDropped(const std::string& site_id, const std::string& message_id,
                                         const std::string& reason) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(c.Execute(kMarkDropped, {reason, site_id, message_id}));
  });
}

Status SqlNotificationStore::MarkAttempt(const std::string& site_id, const std::string& message_id,
                                         int attempts, UtcTime next_attempt_at,
                                         const std::string& error, bool give_up) {
  return db_.Write([&](Connection& c) -> Status {
    std::vector<Value> params;
    params.reserve(6);
    params.emplace_back(std::string(give_up ? "failed" : "pending"));
    params.emplace_back(std::int64_t{attempts});
    params.emplace_back(Seconds(next_attempt_at));
    for (const std::string* text : {&error, &site_id, &message_id}) params.emplace_back(*text);
    return Check(c.Execute(kMarkAttempt, params));
  });
}

Result<std::string> SqlNotificationStore::SiteKey(const std::string& site_id,
                                                  const std::string& purpose, app::Instant now) {
  std::string secret;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto rows = c.Query(kFindKey, {site_id, purpose});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) {
      secret = rows->front().Text(0);
      return {};
    }
    secret = app::RandomToken();
    return Check(c.Execute(kInsertKey, {site_id, purpose, secret, Seconds(now)}));
  });
  if (!ok) return tl::unexpected(ok.error());
  return secret;
}

Status SqlNotificationStore::SaveCalendarFeed(const std::string& site_id,
                                              const std::string& agent_id,
                                              const std::string& token_digest, app::Instant now) {
  return db_.Write([&](Connection& c) -> Status {
    if (auto ok = Check(c.Execute(kDeleteFeed, {site_id, agent_id})); !ok) return ok;
    return Check(c.Execute(kInsertFeed, {site_id, agent_id, token_digest, Seconds(now)}));
  });
}

Result<std::optional<std::string>> SqlNotificationStore::FindCalendarFeed(
    const std::string& site_id, const std::string& token_digest) {
  std::optional<std::string> agent_id;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kFindFeed, {site_id, token_digest});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) agent_id = rows->front().Text(0);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return agent_id;
}

}  // namespace relais::storage
