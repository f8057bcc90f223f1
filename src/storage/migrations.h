// Numbered schema migrations (migrations/NNN_name.sql, embedded in the
// binary), applied in order, each in its own transaction. A database whose
// version is newer than this binary's is refused.
#pragma once

#include <string>
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

// Applies the migrations after the current version, up to `target`
// (the latest by default). Fails with code "schema_too_new" when the
// database is newer than `target`.
Status Migrate(Database& db, int target = LatestSchemaVersion());

}  // namespace relais::storage
