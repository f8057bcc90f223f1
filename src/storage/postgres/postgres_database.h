// PostgreSQL driver (libpq): a pool of reader connections and one writer
// connection. Write calls are serialised by a mutex, each in its own
// transaction, so that writes behave as on SQLite's single writer. Portable
// SQL's `?` placeholders become $1..$n; integrity violations (SQLSTATE class
// 23, e.g. 23505 unique_violation) are kConflict as SQLite's constraint
// errors are. Thread-safe. Dialect differences: docs/decisions/011.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "storage/database.h"

namespace relais::storage {

// Connects to the database at `url` (postgresql://user@host:port/name?…);
// the server must be reachable, nothing is created.
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url);

// True for a postgresql:// or postgres:// URL, which --db takes in place of
// an SQLite file's path.
bool IsPostgresUrl(std::string_view db);

// `db` as shown to a person or a log: a URL's password (user:password@ or
// password=…) replaced by "***"; anything else unchanged.
std::string WithoutPassword(const std::string& db);

// `sql` with each `?` outside string literals, quoted identifiers and
// comments replaced by $1, $2… in order.
std::string PostgresPlaceholders(std::string_view sql);

}  // namespace relais::storage
