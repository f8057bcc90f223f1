// The small SQL interface that each driver (SQLite, later PostgreSQL)
// implements. Statements are portable SQL with `?` placeholders; a driver
// rewrites what its dialect needs. Thread-safe: any thread may call Read or
// Write; Write calls are serialised on the single writer connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/error.h"

namespace relais::storage {

// A bound parameter or a column value. NULL is std::monostate.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  bool IsNull(std::size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  std::int64_t Int(std::size_t i) const;       // REQUIRES: column i is an integer
  std::string Text(std::size_t i) const;       // empty when NULL
  const Value& At(std::size_t i) const { return values_.at(i); }
  std::size_t size() const { return values_.size(); }

 private:
  std::vector<Value> values_;
};

// One connection inside a Read or Write call. Not to be kept past the call.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) = 0;
  // Returns the number of rows changed.
  virtual Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params) = 0;
  // Runs several statements without parameters (migrations).
  virtual Status ExecuteScript(std::string_view sql) = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  // Runs `work` on a reader connection inside one read transaction.
  virtual Status Read(const std::function<Status(Connection&)>& work) = 0;
  // Runs `work` on the writer connection; its changes are committed when it
  // returns success and rolled back otherwise. Concurrent calls may share
  // one transaction and its commit (group commit): `work` sees the changes
  // of the calls before it, and returns once they are durable.
  // REQUIRES: `work` does not call Write or Read.
  virtual Status Write(const std::function<Status(Connection&)>& work) = 0;
  // Copies the whole database, consistently, to a new file at `path`.
  virtual Status Backup(const std::string& path) = 0;
  // After an erasure: moves what the write-ahead log holds into the database
  // file and empties the log, so that erased content (overwritten with zeros
  // by the driver) survives nowhere. False when a reader held it back; the
  // log is then emptied by a later checkpoint.
  // REQUIRES: not called inside Read or Write.
  virtual Result<bool> Checkpoint() = 0;
  // "sqlite" or "postgresql".
  virtual std::string_view Dialect() const = 0;
};

// The Status of an Execute, its row count dropped.
inline Status Check(const Result<std::int64_t>& result) {
  if (!result) return tl::unexpected(result.error());
  return {};
}

// Instants as stored: UTC seconds since the epoch (BIGINT).
inline std::int64_t Seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
inline std::int64_t Seconds(std::chrono::sys_seconds t) { return t.time_since_epoch().count(); }

// Error helpers shared by the drivers.
tl::unexpected<Error> StorageError(std::string_view what);
tl::unexpected<Error> ConflictError(std::string_view what);

}  // namespace relais::storage
