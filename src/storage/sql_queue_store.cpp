#include "storage/sql_queue_store.h"

namespace relais::storage {
namespace {

using std::chrono::sys_seconds;

// Calls of the first waiting ticket tried before answering that the queue
// moves too fast: each lost one was called by another process meanwhile.
constexpr int kCallAttempts = 16;

// Every statement of this store, named once.
constexpr std::string_view kColumns =
    "ticket_id, day, number, reason, status, issued_at, issued_by, closes_at, called_at, "
    "called_by, counter, ended_at";
constexpr std::string_view kNextNumber =
    "INSERT INTO queue_days (site_id, day, last_number) VALUES (?, ?, 1) "
    "ON CONFLICT (site_id, day) DO UPDATE SET last_number = queue_days.last_number + 1 "
    "RETURNING last_number";
constexpr std::string_view kInsertTicket =
    "INSERT INTO queue_tickets (site_id, ticket_id, day, number, reason, status, issued_at, "
    "issued_by, closes_at) VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?)";
constexpr std::string_view kFirstWaiting =
    "SELECT ticket_id FROM queue_tickets WHERE site_id = ? AND day = ? AND status = 'waiting' "
    "AND closes_at > ? ORDER BY number LIMIT 1";
constexpr std::string_view kMarkCalled =
    "UPDATE queue_tickets SET status = 'called', called_at = ?, called_by = ?, counter = ? "
    "WHERE site_id = ? AND ticket_id = ? AND status = 'waiting'";
constexpr std::string_view kMarkEnded =
    "UPDATE queue_tickets SET status = ?, ended_at = ? "
    "WHERE site_id = ? AND ticket_id = ? AND status = ?";
constexpr std::string_view kCloseDue =
    "UPDATE queue_tickets SET status = 'closed', ended_at = closes_at "
    "WHERE site_id = ? AND status = 'waiting' AND closes_at <= ?";
constexpr std::string_view kNextClosing =
    "SELECT MIN(closes_at) FROM queue_tickets WHERE site_id = ? AND status = 'waiting'";
constexpr std::string_view kServiceTimes =
    "SELECT ended_at - called_at FROM queue_tickets WHERE site_id = ? AND status = 'served' "
    "AND ended_at >= ? AND called_at IS NOT NULL ORDER BY ended_at DESC LIMIT ?";

std::string FindTicketSql() {
  return "SELECT " + std::string(kColumns) +
         " FROM queue_tickets WHERE site_id = ? AND ticket_id = ?";
}
std::string ListDaySql() {
  return "SELECT " + std::string(kColumns) +
         " FROM queue_tickets WHERE site_id = ? AND day = ? ORDER BY number";
}

Value Optional(const std::optional<std::string>& text) {
  return text ? Value(*text) : Value();
}
Value NullIfEmpty(const std::string& text) {
  return text.empty() ? Value() : Value(text);
}

std::optional<sys_seconds> InstantOrNone(const Row& row, std::size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return sys_seconds{std::chrono::seconds{row.Int(i)}};
}

// A ticket from a row of kColumns; an unknown status is refused, not guessed.
Result<app::QueueTicket> TicketFromRow(const Row& row) {
  app::QueueTicket t;
  t.id = row.Text(0);
  t.day = row.Text(1);
  t.number = static_cast<int>(row.Int(2));
  if (!row.IsNull(3)) t.reason = row.Text(3);
  auto status = ParseTicketStatus(row.Text(4));
  if (!status) return StorageError("état de ticket inconnu en base : " + row.Text(4));
  t.status = *status;
  t.issued_at = sys_seconds{std::chrono::seconds{row.Int(5)}};
  t.issued_by = row.Text(6);
  t.closes_at = sys_seconds{std::chrono::seconds{row.Int(7)}};
  t.called_at = InstantOrNone(row, 8);
  t.called_by = row.Text(9);
  t.counter = row.Text(10);
  t.ended_at = InstantOrNone(row, 11);
  return t;
}

// The ticket `id` of the site read on connection `c`: kNotFound when absent.
Result<app::QueueTicket> FindTicket(Connection& c, const std::string& site_id,
                                    const std::string& id) {
  auto rows = c.Query(FindTicketSql(), {site_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorKind::kNotFound, "unknown_ticket", "Ticket inconnu.");
  return TicketFromRow(rows->front());
}

tl::unexpected<Error> Moved() {
  return Fail(ErrorKind::kConflict, "ticket_changed",
              "Ce ticket vient de changer d'état : rechargez la file.");
}

}  // namespace

Result<app::QueueTicket> SqlQueueStore::AddTicket(const std::string& site_id,
                                                  app::QueueTicket ticket) {
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto next = c.Query(kNextNumber, {site_id, ticket.day});
    if (!next) return tl::unexpected(next.error());
    ticket.number = static_cast<int>(next->front().Int(0));
    ticket.status = TicketStatus::kWaiting;
    return Check(c.Execute(
        kInsertTicket,
        {site_id, ticket.id, ticket.day, std::int64_t{ticket.number}, Optional(ticket.reason),
         Seconds(ticket.issued_at), ticket.issued_by, Seconds(ticket.closes_at)}));
  });
  if (!ok) return tl::unexpected(ok.error());
  return ticket;
}

Result<std::optional<app::QueueTicket>> SqlQueueStore::CallNext(const std::string& site_id,
                                                                const std::string& day,
                                                                const std::string& agent_id,
                                                                const std::string& counter,
                                                                sys_seconds now) {
  std::optional<app::QueueTicket> called;
  Status ok = db_.Write([&](Connection& c) -> Status {
    // One process writes one job at a time, so its first waiting ticket
    // cannot move under it. Another process sharing the database (on
    // PostgreSQL) may call that ticket first: the status guard then changes
    // nothing, and the next query, on a fresh snapshot (READ COMMITTED),
    // sees that call and finds the next ticket.
    for (int attempt = 0; attempt < kCallAttempts; ++attempt) {
      auto first = c.Query(kFirstWaiting, {site_id, day, Seconds(now)});
      if (!first) return tl::unexpected(first.error());
      if (first->empty()) return {};
      const std::string id = first->front().Text(0);
      auto changed =
          c.Execute(kMarkCalled, {Seconds(now), agent_id, NullIfEmpty(counter), site_id, id});
      if (!changed) return tl::unexpected(changed.error());
      if (*changed != 1) continue;
      auto ticket = FindTicket(c, site_id, id);
      if (!ticket) return tl::unexpected(ticket.error());
      called = std::move(*ticket);
      return {};
    }
    return Moved();
  });
  if (!ok) return tl::unexpected(ok.error());
  return called;
}

Result<app::QueueTicket> SqlQueueStore::ApplyEvent(const std::string& site_id,
                                                   const std::string& id, TicketEvent event,
                                                   const std::string& agent_id,
                                                   const std::string& counter, sys_seconds now) {
  app::QueueTicket result;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto ticket = FindTicket(c, site_id, id);
    if (!ticket) return tl::unexpected(ticket.error());
    auto next = Transition(ticket->status, event);
    if (!next) return tl::unexpected(next.error());
    Result<std::int64_t> changed =
        event == TicketEvent::kCall
            ? c.Execute(kMarkCalled, {Seconds(now), agent_id, NullIfEmpty(counter), site_id, id})
            : c.Execute(kMarkEnded, {std::string(TicketStatusName(*next)), Seconds(now), site_id,
                                     id, std::string(TicketStatusName(ticket->status))});
    if (!changed) return tl::unexpected(changed.error());
    if (*changed != 1) return Moved();
    auto updated = FindTicket(c, site_id, id);
    if (!updated) return tl::unexpected(updated.error());
    result = std::move(*updated);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return result;
}

Result<std::int64_t> SqlQueueStore::CloseDue(const std::string& site_id, sys_seconds now) {
  std::int64_t closed = 0;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto changed = c.Execute(kCloseDue, {site_id, Seconds(now)});
    if (!changed) return tl::unexpected(changed.error());
    closed = *changed;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return closed;
}

Result<std::optional<sys_seconds>> SqlQueueStore::NextClosing(const std::string& site_id) {
  std::optional<sys_seconds> next;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kNextClosing, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) next = InstantOrNone(rows->front(), 0);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return next;
}

Result<std::vector<app::QueueTicket>> SqlQueueStore::ListDay(const std::string& site_id,
                                                             const std::string& day) {
  std::vector<app::QueueTicket> tickets;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(ListDaySql(), {site_id, day});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      auto ticket = TicketFromRow(row);
      if (!ticket) return tl::unexpected(ticket.error());
      tickets.push_back(std::move(*ticket));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return tickets;
}

Result<std::vector<std::chrono::seconds>> SqlQueueStore::RecentServiceTimes(
    const std::string& site_id, sys_seconds since, int limit) {
  std::vector<std::chrono::seconds> times;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kServiceTimes, {site_id, Seconds(since), std::int64_t{limit}});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) times.emplace_back(row.Int(0));
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return times;
}

}  // namespace relais::storage
