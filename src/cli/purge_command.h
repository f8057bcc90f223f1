// `relais purge`: anonymises the personal data past its retention
// (app/retention.h) in the whole database and prints the counts per kind;
// `--dry-run` only counts. Returns the process's exit status.
#pragma once

#include <string>

#include "app/retention.h"
#include "storage/database.h"

namespace relais::cli {

struct PurgeRequest {
  bool dry_run = false;
  // The instant taken as now, RFC 3339 (empty: the system clock); to catch
  // up a purge, or to try the durations on a copy of the database.
  std::string now;
};

int RunPurge(storage::Database& db, const app::RetentionPolicy& policy,
             const PurgeRequest& request);

}  // namespace relais::cli
