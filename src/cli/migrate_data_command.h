// `relais migrate-data --from FILE --to postgresql://… [--force]`: moves a
// desk's whole SQLite database into PostgreSQL. The source must be a sound
// relais database at this binary's schema; the target is brought to that
// schema (storage::Migrate), then receives every row in one transaction,
// checked table by table (row count and checksum, storage/data_migration.h)
// before it commits. A target that already holds data is refused, unless
// --force, which replaces it in that same transaction. Returns the
// process's exit status: 0 copied and checked; 2 refused (nothing copied);
// 1 failed (the copy rolled back). A summary per table on stdout, errors in
// French on stderr; the URL is shown without its password.
// REQUIRES: no server writes to the source meanwhile.
#pragma once

#include <string>

namespace relais::cli {

struct MigrateDataRequest {
  std::string from;    // the SQLite file
  std::string to;      // a postgresql:// URL
  bool force = false;  // replace what the target holds
};

int RunMigrateData(const MigrateDataRequest& request);

}  // namespace relais::cli
