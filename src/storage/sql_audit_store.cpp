#include "storage/sql_audit_store.h"

#include "storage/migrations.h"

namespace relais::storage {
namespace {

// Appends tried when other processes keep taking the next number first.
constexpr int kAppendAttempts = 16;

// Every statement of this store, named once. There is no UPDATE and no
// DELETE: the journal is only appended to.
constexpr std::string_view kLast = "SELECT seq, hash FROM audit_journal ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kInsert =
    "INSERT INTO audit_journal (seq, at, site_id, agent_id, event, subject, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kColumns = "seq, at, site_id, agent_id, event, subject, prev_hash, hash";

app::AuditEntry EntryFrom(const Row& row) {
  return {row.Int(0),  row.Int(1),  row.Text(2), row.Text(3),
          row.Text(4), row.Text(5), row.Text(6), row.Text(7)};
}

Result<std::vector<app::AuditEntry>> Select(Database& db, const std::string& sql,
                                            const std::vector<Value>& params) {
  std::vector<app::AuditEntry> entries;
  Status ok = db.Read([&](Connection& c) -> Status {
    auto rows = c.Query(sql, params);
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) entries.push_back(EntryFrom(row));
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return entries;
}

}  // namespace

Result<app::AuditEntry> SqlAuditStore::Append(
    app::AuditEntry entry, const std::function<std::string(const app::AuditEntry&)>& seal) {
  app::AuditEntry written;
  // Another relais process on the same database may take the same number
  // first: its row then makes this one's insert a conflict, and the append
  // is tried again after it.
  Status ok;
  for (int attempt = 0; attempt < kAppendAttempts; ++attempt) {
    ok = AppendOnce(entry, seal, written);
    if (ok || ok.error().kind != ErrorKind::kConflict) break;
  }
  if (!ok) return tl::unexpected(ok.error());
  return written;
}

Status SqlAuditStore::AppendOnce(const app::AuditEntry& entry,
                                 const std::function<std::string(const app::AuditEntry&)>& seal,
                                 app::AuditEntry& written) {
  return db_.Write([&](Connection& c) -> Status {
    written = entry;
    written.seq = 1;
    written.prev_hash = app::kAuditGenesis;
    auto last = c.Query(kLast, {});
    if (!last) return tl::unexpected(last.error());
    if (!last->empty()) {
      written.seq = last->front().Int(0) + 1;
      written.prev_hash = last->front().Text(1);
    }
    written.hash = seal(written);
    return Check(
        c.Execute(kInsert, {written.seq, written.at, written.site_id, written.agent_id,
                            written.event, written.subject, written.prev_hash, written.hash}));
  });
}

Result<std::vector<app::AuditEntry>> SqlAuditStore::Scan(std::int64_t after, std::size_t limit) {
  return Select(
      db_,
      "SELECT " + std::string(kColumns) + " FROM audit_journal WHERE seq > ? ORDER BY seq LIMIT ?",
      {after, static_cast<std::int64_t>(limit)});
}

Result<std::vector<app::AuditAccess>> SqlAuditStore::About(const std::string& site_id,
                                                           const std::string& subject,
                                                           std::size_t limit) {
  std::vector<app::AuditAccess> accesses;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(
        "SELECT j.at, COALESCE(a.login, ''), j.event FROM audit_journal j"
        " LEFT JOIN agents a ON a.agent_id = j.agent_id"
        " WHERE j.site_id = ? AND j.subject = ? ORDER BY j.seq DESC LIMIT ?",
        {site_id, subject, static_cast<std::int64_t>(limit)});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) accesses.push_back({row.Int(0), row.Text(1), row.Text(2)});
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return accesses;
}

Status LiftAuditGuard(Connection& c, std::string_view dialect) {
  return c.ExecuteScript(dialect == "postgresql"
                             ? "DROP TRIGGER IF EXISTS audit_journal_append_only ON audit_journal"
                             : "DROP TRIGGER IF EXISTS audit_journal_no_update;"
                               "DROP TRIGGER IF EXISTS audit_journal_no_delete");
}

Status RestoreAuditGuard(Connection& c, std::string_view dialect) {
  constexpr int kAuditGuardMigration = 16;  // 016_audit_append_only.sql
  return RerunMigration(c, dialect, kAuditGuardMigration);
}

}  // namespace relais::storage
