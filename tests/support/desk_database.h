// The database an integration test gives `relais --db`: by default the
// SQLite file the test names; when RELAIS_TEST_POSTGRES holds a cluster's
// URL (scripts/postgres-test-cluster), a PostgreSQL database of that
// cluster per file name, created on first use. So every suite runs
// unchanged on either database.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/database.h"

namespace relais::testing {

class RelaisProcess;

// True when the integration tests run on PostgreSQL.
bool OnPostgres();

// `args` with the value of its `--db` replaced by the database standing for
// that file (itself on SQLite). On PostgreSQL the database is created the
// first time a file is named; when that first command is `relais demo`, it
// is a copy of a demo desk built once per test process (CREATE DATABASE …
// TEMPLATE), since loading the demo's history takes tens of seconds there.
std::vector<std::string> WithDeskDatabase(std::vector<std::string> args);

// On PostgreSQL, a second relais started with `args` (the first's), on a
// port of its own and the same database, as a network's desks share one:
// the concurrency tests spread their clients over both. Null on SQLite,
// whose file one process owns.
std::unique_ptr<RelaisProcess> Twin(const std::vector<std::string>& args);

// While one lives, `--db` values are left as they are, on PostgreSQL too: a
// test whose subject is an SQLite file (relais migrate-data's source) names
// one on purpose. One test at a time.
class KeepSqliteFiles {
 public:
  KeepSqliteFiles();
  ~KeepSqliteFiles();
  KeepSqliteFiles(const KeepSqliteFiles&) = delete;
  KeepSqliteFiles& operator=(const KeepSqliteFiles&) = delete;
};

// Opens the database standing for `path`, as `relais --db path` would.
Result<std::unique_ptr<storage::Database>> OpenDeskDatabase(const std::string& path);

}  // namespace relais::testing
