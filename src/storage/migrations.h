// Numbered schema migrations (migrations/NNN_name.sql, embedded in the
// binary), applied in order, each in its own transaction. A database whose
// version is newer than this binary's is refused.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/database.h"

namespace relais::storage {

// The newest migration this binary knows.
int LatestSchemaVersion();

// The version recorded in `db`: 0 for an empty database.
Result<int> SchemaVersion(Database& db);

// The schema version of a database whose schema_migrations table holds
// `applied` (version, name), by version: 0 unless they are relais's
// migrations 1, 2, 3… named as this binary names them (those past this
// binary's latest, from a newer relais, are not checked by name).
int RelaisSchemaVersion(const std::vector<std::pair<int, std::string>>& applied);

// `sql` as `dialect` ("sqlite", "postgresql") runs it: the lines from
// "-- only on DIALECT" to "-- end only" are kept for that dialect alone.
std::string ForDialect(std::string_view sql, std::string_view dialect);

// Runs migration `version` again on `c`, for a migration written to change
// nothing when run twice (016, the audit journal's guard).
Status RerunMigration(Connection& c, std::string_view dialect, int version);

// Applies the migrations after the current version, up to `target`
// (the latest by default). Fails with code "schema_too_new" when the
// database is newer than `target`.
Status Migrate(Database& db, int target = LatestSchemaVersion());

}  // namespace relais::storage
