// SQLite driver: one writer connection and a pool of reader connections on
// one file in WAL mode (foreign keys on, busy timeout, synchronous=FULL,
// prepared statements cached per connection). Thread-safe. Also the checks
// and the copy of whole database files that backup and restore need.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.h"

namespace relais::storage {

// Opens (creating if needed) the database file at `path`.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path);

// What CheckSqliteFile read in a database file.
struct SqliteFileCheck {
  // PRAGMA integrity_check's findings (at most 100); empty when it said "ok".
  std::vector<std::string> problems;
  // The rows of its schema_migrations table (version, name), by version;
  // nullopt when the file has no such table or one of another shape.
  std::optional<std::vector<std::pair<int, std::string>>> migrations;
  std::uintmax_t bytes = 0;  // the size of the file itself
};

// Opens the existing file at `path` read-only, runs PRAGMA integrity_check
// and reads its schema_migrations; never creates nor changes the file (the
// -wal and -shm files that SQLite creates to read a WAL-mode file are
// removed afterwards). Fails with kInvalid "file_missing" when there is no
// such file and "not_a_database" when it is not an SQLite database; a
// corrupt database is not a failure but problems.
Result<SqliteFileCheck> CheckSqliteFile(const std::string& path);

// Replaces the database file `target` by a consistent copy of `backup`,
// made with SQLite's online backup API into a temporary file beside
// `target` and checked there with PRAGMA integrity_check; then removes
// `target`'s stale -wal, -shm and -journal files and renames the copy over
// it. `target` is untouched when any step before that fails.
// REQUIRES: no process has `target` open.
Status RestoreSqliteFile(const std::string& backup, const std::string& target);

}  // namespace relais::storage
