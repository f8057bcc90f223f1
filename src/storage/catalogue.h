// What a database says of its own schema, read from its dialect's
// catalogue (SQLite: sqlite_master and the pragma table functions;
// PostgreSQL: information_schema and pg_catalog, in the current schema).
// Used by the data migration (storage/data_migration.h) and by tests.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace relais::storage {

// The names of the tables of the database `c` is connected to (base tables
// only, SQLite's own sqlite_… tables included).
Result<std::set<std::string>> TableNames(Connection& c, std::string_view dialect);
// The columns of `table`, in their order.
Result<std::vector<std::string>> ColumnNames(Connection& c, std::string_view dialect,
                                             const std::string& table);
// The columns of `table`'s primary key, in the key's order; empty when it
// has none.
Result<std::vector<std::string>> PrimaryKeyColumns(Connection& c, std::string_view dialect,
                                                   const std::string& table);
// The other tables that `table`'s foreign keys reference (itself excluded).
Result<std::set<std::string>> ReferencedTables(Connection& c, std::string_view dialect,
                                               const std::string& table);

// The same, each in a read transaction of its own.
Result<std::set<std::string>> TableNames(Database& db);
Result<std::vector<std::string>> ColumnNames(Database& db, const std::string& table);

// `name` as a quoted SQL identifier ("name", a `"` doubled), valid in both
// dialects.
std::string QuoteIdentifier(std::string_view name);

}  // namespace relais::storage
