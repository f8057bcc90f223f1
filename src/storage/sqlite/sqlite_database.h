// SQLite driver: one writer connection and a pool of reader connections on
// one file in WAL mode (foreign keys on, busy timeout, synchronous=FULL,
// prepared statements cached per connection). Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "storage/database.h"

namespace relais::storage {

// Opens (creating if needed) the database file at `path`.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path);

}  // namespace relais::storage
