// Numbered schema migrations (migrations/NNN_name.sql, embedded in the
// binary), applied in order, each in its own transaction. A database whose
// version is newer than this binary's is refused.
#pragma once

#include "storage/database.h"

namespace relais::storage {

// The newest migration this binary knows.
int LatestSchemaVersion();

// The version recorded in `db`: 0 for an empty database.
Result<int> SchemaVersion(Database& db);

// Applies the migrations after the current version, up to `target`
// (the latest by default). Fails with code "schema_too_new" when the
// database is newer than `target`.
Status Migrate(Database& db, int target = LatestSchemaVersion());

}  // namespace relais::storage
