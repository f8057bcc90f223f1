// `relais backup` and `relais restore`: a consistent copy of a live SQLite
// database, checked with PRAGMA integrity_check, and its way back into
// place. Each returns the process's exit status; a summary on stdout,
// errors (in French) on stderr.
#pragma once

#include <string>

namespace relais::cli {

// Copies the relais database at `db` into the new file `file` while the
// server may be writing, then checks the copy.
int RunBackup(const std::string& db, const std::string& file);

struct RestoreRequest {
  std::string from;    // the backup to restore
  std::string db;      // the database file to (re)create
  bool force = false;  // replace a database file that is not empty
};

// Checks the backup (integrity, a relais schema this binary knows) before
// touching `db`, copies it into place, checks the result and migrates it
// to the current schema. `db` is left as it was whenever it refuses.
// REQUIRES: no server uses `db`.
int RunRestore(const RestoreRequest& request);

}  // namespace relais::cli
