// The database a storage test runs on: SQLite in a file of the test's
// directory by default; when RELAIS_TEST_POSTGRES holds a postgresql:// URL
// (scripts/postgres-test-cluster prints one), a fresh schema of that
// database, dropped when the Database goes. Tests only.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "storage/catalogue.h"  // TableNames, ColumnNames
#include "storage/database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {

// An empty database (not migrated) for one test.
Result<std::unique_ptr<Database>> OpenTestDatabase(const testing::TempDir& dir,
                                                   const std::string& name = "db.sqlite");

// Another handle on a database OpenTestDatabase(dir, name) gave, as a second
// relais process would open it: the same SQLite file, or the same schema.
Result<std::unique_ptr<Database>> OpenTestDatabaseAgain(Database& db, const testing::TempDir& dir,
                                                        const std::string& name = "db.sqlite");

// True when the tests run on PostgreSQL (RELAIS_TEST_POSTGRES is set).
bool TestingOnPostgres();

}  // namespace relais::storage
