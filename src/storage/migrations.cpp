#include "storage/migrations.h"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "storage/catalogue.h"

namespace relais::storage {

namespace embedded {  // generated from migrations/*.sql, sorted by name
std::vector<std::string_view> EmbeddedNames();
std::optional<std::string_view> EmbeddedFile(std::string_view name);
}  // namespace embedded

namespace {

// The migrations in order; file N must be named "00N_….sql".
const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = [] {
    auto names = embedded::EmbeddedNames();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (std::stoi(std::string(names[i].substr(0, 3))) != static_cast<int>(i) + 1) {
        throw std::logic_error("migration numbers must follow each other: " +
                               std::string(names[i]));
      }
    }
    return names;
  }();
  return kMigrations;
}

constexpr std::string_view kVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

}  // namespace

std::string ForDialect(std::string_view sql, std::string_view dialect) {
  constexpr std::string_view kOnly = "-- only on ";
  constexpr std::string_view kEnd = "-- end only";
  std::string out;
  bool keep = true;
  while (!sql.empty()) {
    const std::size_t end = sql.find('\n');
    const std::string_view line =
        sql.substr(0, end == std::string_view::npos ? sql.size() : end + 1);
    sql.remove_prefix(line.size());
    if (line.starts_with(kOnly)) {
      std::string_view named = line.substr(kOnly.size());
      while (!named.empty() &&
             (named.back() == '\n' || named.back() == '\r' || named.back() == ' '))
        named.remove_suffix(1);
      keep = named == dialect;
    } else if (line.starts_with(kEnd)) {
      keep = true;
    } else if (keep) {
      out += line;
    }
  }
  return out;
}

Status RerunMigration(Connection& c, std::string_view dialect, int version) {
  if (version < 1 || version > LatestSchemaVersion()) {
    return StorageError("migration inconnue : " + std::to_string(version));
  }
  auto sql = embedded::EmbeddedFile(Migrations()[static_cast<std::size_t>(version - 1)]);
  if (!sql) return StorageError("migration absente : " + std::to_string(version));
  return c.ExecuteScript(ForDialect(*sql, dialect));
}

int LatestSchemaVersion() {
  return static_cast<int>(Migrations().size());
}

Result<int> SchemaVersion(Database& db) {
  int version = 0;
  Status ok = db.Write([&](Connection& c) -> Status {
    // Created only when missing: an up-to-date database then needs no right
    // to create (PostgreSQL refuses CREATE … IF NOT EXISTS to a role without
    // it, even when the table exists), so relais can run as a role that
    // only reads and writes rows.
    auto tables = TableNames(c, db.Dialect());
    if (!tables) return tl::unexpected(tables.error());
    if (!tables->contains("schema_migrations")) {
      if (auto created = c.Execute(kVersionTable, {}); !created) {
        return tl::unexpected(created.error());
      }
    }
    auto rows = c.Query("SELECT MAX(version) FROM schema_migrations", {});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty() && !(*rows)[0].IsNull(0)) version = static_cast<int>((*rows)[0].Int(0));
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return version;
}

int RelaisSchemaVersion(const std::vector<std::pair<int, std::string>>& applied) {
  const auto& known = Migrations();
  for (std::size_t i = 0; i < applied.size(); ++i) {
    const auto& [version, name] = applied[i];
    if (version != static_cast<int>(i) + 1) return 0;
    if (i < known.size() && name != known[i]) return 0;
  }
  return static_cast<int>(applied.size());
}

Status Migrate(Database& db, int target) {
  auto current = SchemaVersion(db);
  if (!current) return tl::unexpected(current.error());
  if (*current > LatestSchemaVersion()) {
    return Fail(ErrorKind::kInvalid, "schema_too_new",
                "La base de données est au schéma " + std::to_string(*current) +
                    ", plus récent que celui de ce programme (" +
                    std::to_string(LatestSchemaVersion()) +
                    ") : installez une version plus récente de relais.");
  }
  for (int version = *current + 1; version <= target; ++version) {
    const std::string_view name = Migrations()[static_cast<std::size_t>(version - 1)];
    auto sql = embedded::EmbeddedFile(name);
    if (!sql) return StorageError("migration absente : " + std::string(name));
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    Status ok = db.Write([&](Connection& c) -> Status {
      if (auto applied = c.ExecuteScript(ForDialect(*sql, db.Dialect())); !applied) {
        return applied;
      }
      auto recorded =
          c.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    {std::int64_t{version}, std::string(name), std::int64_t{now}});
      if (!recorded) return tl::unexpected(recorded.error());
      return {};
    });
    if (!ok) {
      return StorageError("la migration " + std::string(name) +
                          " a échoué : " + ok.error().message);
    }
  }
  return {};
}

}  // namespace relais::storage
