#include "storage/sql_store.h"

#include <chrono>

namespace relais::storage {
namespace {

// Every statement of this store, named once.
constexpr std::string_view kFindSite =
    "SELECT site_id, name, address, timezone, opening_hours, alsace_moselle FROM sites WHERE "
    "site_id = ?";
constexpr std::string_view kListSites =
    "SELECT site_id, name, address, timezone, opening_hours, alsace_moselle FROM sites ORDER BY "
    "site_id";
constexpr std::string_view kUpdateSite =
    "UPDATE sites SET name = ?, address = ?, timezone = ?, opening_hours = ?, alsace_moselle = ? "
    "WHERE site_id = ?";
constexpr std::string_view kInsertSite =
    "INSERT INTO sites (site_id, name, address, timezone, opening_hours, alsace_moselle, "
    "created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kListHoursExceptions =
    "SELECT day, hours, reason FROM hours_exceptions WHERE site_id = ? ORDER BY day";
constexpr std::string_view kDeleteHoursException =
    "DELETE FROM hours_exceptions WHERE site_id = ? AND day = ?";
constexpr std::string_view kInsertHoursException =
    "INSERT INTO hours_exceptions (site_id, day, hours, reason) VALUES (?, ?, ?, ?)";
constexpr std::string_view kListPartners =
    "SELECT code, name FROM partners WHERE site_id = ? ORDER BY name";
constexpr std::string_view kUpdatePartner =
    "UPDATE partners SET name = ? WHERE site_id = ? AND code = ?";
constexpr std::string_view kInsertPartner =
    "INSERT INTO partners (site_id, code, name) VALUES (?, ?, ?)";
constexpr std::string_view kFindAgentByLogin =
    "SELECT agent_id, login, role, password_hash, totp_secret, totp_enabled, totp_last_step "
    "FROM agents WHERE login = ?";
constexpr std::string_view kAgentSites =
    "SELECT site_id FROM site_agents WHERE agent_id = ? ORDER BY site_id";
constexpr std::string_view kInsertAgent =
    "INSERT INTO agents (agent_id, login, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kInsertSiteAgent =
    "INSERT INTO site_agents (site_id, agent_id) VALUES (?, ?)";
constexpr std::string_view kSetPassword = "UPDATE agents SET password_hash = ? WHERE login = ?";
constexpr std::string_view kSetTotpSecret =
    "UPDATE agents SET totp_secret = ?, totp_enabled = ? WHERE agent_id = ?";
constexpr std::string_view kUseTotpStep =
    "UPDATE agents SET totp_last_step = ? WHERE agent_id = ? AND totp_last_step < ?";
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, agent_id, created_at, expires_at, last_seen_at) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kFindSession =
    "SELECT a.agent_id, a.login, a.role, a.totp_enabled, s.last_seen_at FROM sessions s "
    "JOIN agents a ON a.agent_id = s.agent_id WHERE s.token_hash = ? AND s.expires_at > ?";
constexpr std::string_view kTouchSession =
    "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?";
constexpr std::string_view kDeleteAgentSessions =
    "DELETE FROM sessions WHERE agent_id = ? AND token_hash <> ?";
constexpr std::string_view kDeleteExpiredSessions = "DELETE FROM sessions WHERE expires_at <= ?";

Site SiteFromRow(const Row& row) {
  return Site{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Int(5) != 0};
}

Result<std::vector<std::string>> AgentSites(Connection& c, const std::string& agent_id) {
  auto rows = c.Query(kAgentSites, {agent_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::string> sites;
  for (const Row& row : *rows) sites.push_back(row.Text(0));
  return sites;
}

// Builds an Agent from (agent_id, login, role) columns; an unknown role in
// the database is refused rather than guessed.
Result<app::Agent> AgentFromRow(Connection& c, const Row& row) {
  auto role = ParseRole(row.Text(2));
  if (!role) return StorageError("rôle inconnu en base : " + row.Text(2));
  auto sites = AgentSites(c, row.Text(0));
  if (!sites) return tl::unexpected(sites.error());
  return app::Agent{row.Text(0), row.Text(1), *role, std::move(*sites)};
}

}  // namespace

Result<std::optional<Site>> SqlStore::FindSite(const std::string& site_id) {
  std::optional<Site> site;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kFindSite, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) site = SiteFromRow(rows->front());
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return site;
}

Result<std::vector<Site>> SqlStore::ListSites() {
  std::vector<Site> sites;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListSites, {});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) sites.push_back(SiteFromRow(row));
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return sites;
}

Status SqlStore::SaveSite(const Site& site, app::Instant now) {
  return db_.Write([&](Connection& c) -> Status {
    const std::int64_t alsace = site.alsace_moselle ? 1 : 0;
    auto updated = c.Execute(
        kUpdateSite, {site.name, site.address, site.timezone, site.opening_hours, alsace, site.id});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated > 0) return {};
    return Check(c.Execute(kInsertSite, {site.id, site.name, site.address, site.timezone,
                                         site.opening_hours, alsace, Seconds(now)}));
  });
}

Result<std::vector<Partner>> SqlStore::ListPartners(const std::string& site_id) {
  std::vector<Partner> partners;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListPartners, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) partners.push_back({row.Text(0), row.Text(1)});
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return partners;
}

Status SqlStore::SavePartner(const std::string& site_id, const Partner& partner) {
  return db_.Write([&](Connection& c) -> Status {
    auto updated = c.Execute(kUpdatePartner, {partner.name, site_id, partner.code});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated > 0) return {};
    return Check(c.Execute(kInsertPartner, {site_id, partner.code, partner.name}));
  });
}

Result<std::vector<app::HoursExceptionRecord>> SqlStore::ListHoursExceptions(
    const std::string& site_id) {
  std::vector<app::HoursExceptionRecord> records;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListHoursExceptions, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) records.push_back({row.Text(0), row.Text(1), row.Text(2)});
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return records;
}

Status SqlStore::SaveHoursException(const std::string& site_id,
                                    const app::HoursExceptionRecord& record) {
  return db_.Write([&](Connection& c) -> Status {
    if (auto ok = Check(c.Execute(kDeleteHoursException, {site_id, record.date})); !ok) return ok;
    return Check(
        c.Execute(kInsertHoursException, {site_id, record.date, record.hours, record.reason}));
  });
}

Status SqlStore::DeleteHoursException(const std::string& site_id, const std::string& date) {
  return db_.Write([&](Connection& c) -> Status {
    auto deleted = c.Execute(kDeleteHoursException, {site_id, date});
    if (!deleted) return tl::unexpected(deleted.error());
    if (*deleted == 0) {
      return Fail(ErrorKind::kNotFound, "exception_not_found", "Aucune exception ce jour-là.",
                  "date");
    }
    return {};
  });
}

Result<std::optional<app::AgentCredentials>> SqlStore::FindAgentByLogin(const std::string& login) {
  std::optional<app::AgentCredentials> found;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kFindAgentByLogin, {login});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return {};
    auto agent = AgentFromRow(c, rows->front());
    if (!agent) return tl::unexpected(agent.error());
    const Row& row = rows->front();
    found = app::AgentCredentials{std::move(*agent), row.Text(3), row.Text(4), row.Int(5) != 0,
                                  row.Int(6)};
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return found;
}

Status SqlStore::CreateAgent(const app::Agent& agent, const std::string& password_hash,
                             app::Instant now) {
  return db_.Write([&](Connection& c) -> Status {
    if (auto ok = Check(c.Execute(kInsertAgent, {agent.id, agent.login, password_hash,
                                                 std::string(RoleName(agent.role)), Seconds(now)}));
        !ok) {
      return ok;
    }
    for (const std::string& site_id : agent.site_ids) {
      if (auto ok = Check(c.Execute(kInsertSiteAgent, {site_id, agent.id})); !ok) return ok;
    }
    return {};
  });
}

Status SqlStore::SetPassword(const std::string& login, const std::string& password_hash) {
  return db_.Write([&](Connection& c) -> Status {
    auto updated = c.Execute(kSetPassword, {password_hash, login});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated == 0) {
      return Fail(ErrorKind::kNotFound, "agent_not_found", "Aucun compte « " + login + " ».",
                  "login");
    }
    return {};
  });
}

Status SqlStore::CreateSession(const std::string& token_hash, const std::string& agent_id,
                               app::Instant now, app::Instant expires_at) {
  return db_.Write([&](Connection& c) -> Status {
    if (auto ok = Check(c.Execute(kDeleteExpiredSessions, {Seconds(now)})); !ok) return ok;
    return Check(c.Execute(
        kInsertSession, {token_hash, agent_id, Seconds(now), Seconds(expires_at), Seconds(now)}));
  });
}

Status SqlStore::SetTotpSecret(const std::string& agent_id, const std::string& secret,
                               bool enabled) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(c.Execute(kSetTotpSecret, {secret, std::int64_t{enabled ? 1 : 0}, agent_id}));
  });
}

Result<bool> SqlStore::UseTotpStep(const std::string& agent_id, std::int64_t step) {
  bool used = false;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto updated = c.Execute(kUseTotpStep, {step, agent_id, step});
    if (!updated) return tl::unexpected(updated.error());
    used = *updated > 0;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return used;
}

Result<std::optional<app::AgentSession>> SqlStore::FindSession(const std::string& token_hash,
                                                               app::Instant now) {
  std::optional<app::AgentSession> found;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kFindSession, {token_hash, Seconds(now)});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return {};
    const Row& row = rows->front();
    auto agent = AgentFromRow(c, row);
    if (!agent) return tl::unexpected(agent.error());
    found = app::AgentSession{std::move(*agent), row.Int(3) != 0,
                              app::Instant(std::chrono::seconds(row.Int(4)))};
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return found;
}

Status SqlStore::TouchSession(const std::string& token_hash, app::Instant now) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(c.Execute(kTouchSession, {Seconds(now), token_hash}));
  });
}

Status SqlStore::DeleteSession(const std::string& token_hash) {
  return db_.Write(
      [&](Connection& c) -> Status { return Check(c.Execute(kDeleteSession, {token_hash})); });
}

Result<std::int64_t> SqlStore::DeleteAgentSessions(const std::string& agent_id,
                                                   const std::string& keep_token_hash) {
  std::int64_t ended = 0;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto deleted = c.Execute(kDeleteAgentSessions, {agent_id, keep_token_hash});
    if (!deleted) return tl::unexpected(deleted.error());
    ended = *deleted;
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return ended;
}

}  // namespace relais::storage
