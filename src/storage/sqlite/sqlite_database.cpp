#include "storage/sqlite/sqlite_database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/driver_support.h"

namespace relais::storage {
namespace {

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    auto stmt = Prepare(sql, params);
    if (!stmt) return tl::unexpected(stmt.error());
    std::vector<Row> rows;
    const int columns = sqlite3_column_count(*stmt);
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) values.push_back(Column(*stmt, c));
      rows.emplace_back(std::move(values));
    }
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE) return Failure(rc);
    return rows;
  }

  Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    auto stmt = Prepare(sql, params);
    if (!stmt) return tl::unexpected(stmt.error());
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE) return Failure(rc);
    return static_cast<std::int64_t>(sqlite3_changes(db_));
  }

  Status ExecuteScript(std::string_view sql) override {
    char* message = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string what = message != nullptr ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      return StorageError(what);
    }
    return {};
  }

  sqlite3* handle() const { return db_; }

 private:
  static Value Column(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      case SQLITE_NULL:
        return std::monostate{};
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
    }
  }

  tl::unexpected<Error> Failure(int rc) const {
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return ConflictError(sqlite3_errmsg(db_));
    return StorageError(sqlite3_errmsg(db_));
  }

  Result<sqlite3_stmt*> Prepare(std::string_view sql, const std::vector<Value>& params) {
    sqlite3_stmt* stmt = nullptr;
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) {
      stmt = it->second;
      sqlite3_clear_bindings(stmt);
    } else {
      const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return Failure(rc);
      statements_.emplace(std::string(sql), stmt);
    }
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return StorageError("nombre de paramètres incorrect");
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, index, *d);
      } else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return Failure(rc);
    }
    return stmt;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

Result<std::unique_ptr<SqliteConnection>> Connect(const std::string& path, bool writer) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string what = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return StorageError("impossible d'ouvrir « " + path + " » : " + what);
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  sqlite3_extended_result_codes(db, 1);
  std::string pragmas = "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
  // secure_delete: deleted content is overwritten with zeros, so that an
  // erased name does not linger in free pages; cheap on the one writer.
  if (writer) {
    pragmas += "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;";
  }
  if (auto ok = connection->ExecuteScript(pragmas); !ok) return tl::unexpected(ok.error());
  return connection;
}

// An existing database file, opened read-only: nothing is created.
Result<std::unique_ptr<SqliteConnection>> ConnectReadOnly(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Fail(ErrorKind::kInvalid, "file_missing", "Le fichier « " + path + " » n'existe pas.");
  }
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string what = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return StorageError("impossible d'ouvrir « " + path + " » : " + what);
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  sqlite3_extended_result_codes(db, 1);
  if (auto ok = connection->ExecuteScript("PRAGMA busy_timeout=10000"); !ok) {
    return tl::unexpected(ok.error());
  }
  return connection;
}

// The primary result code of the connection's last failure.
int LastFailure(const SqliteConnection& connection) {
  return sqlite3_errcode(connection.handle()) & 0xff;
}

tl::unexpected<Error> NotADatabase(const std::string& path) {
  return Fail(ErrorKind::kInvalid, "not_a_database",
              "Le fichier « " + path + " » n'est pas une base de données SQLite.");
}

// PRAGMA integrity_check: its findings, empty when it says "ok". A
// database too damaged to be checked is one finding.
Result<std::vector<std::string>> IntegrityProblems(SqliteConnection& connection,
                                                   const std::string& path) {
  auto rows = connection.Query("PRAGMA integrity_check", {});
  if (!rows) {
    if (LastFailure(connection) == SQLITE_NOTADB) return NotADatabase(path);
    if (LastFailure(connection) == SQLITE_CORRUPT) {
      return std::vector<std::string>{sqlite3_errmsg(connection.handle())};
    }
    return tl::unexpected(rows.error());
  }
  std::vector<std::string> problems;
  for (const Row& row : *rows) {
    if (row.Text(0) != "ok") problems.push_back(row.Text(0));
  }
  return problems;
}

// The (version, name) rows of schema_migrations, or nullopt when there is
// no such table or it has another shape (another program's table).
Result<std::optional<std::vector<std::pair<int, std::string>>>> ReadMigrations(
    SqliteConnection& connection) {
  auto tables = connection.Query(
      "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", {});
  if (!tables) return tl::unexpected(tables.error());
  if (tables->empty() || (*tables)[0].Int(0) == 0) return std::nullopt;
  auto rows = connection.Query("SELECT version, name FROM schema_migrations ORDER BY version", {});
  if (!rows) return std::nullopt;
  std::vector<std::pair<int, std::string>> migrations;
  for (const Row& row : *rows) {
    const auto* version = std::get_if<std::int64_t>(&row.At(0));
    const auto* name = std::get_if<std::string>(&row.At(1));
    if (version == nullptr || name == nullptr || *version < 0 || *version > INT_MAX) {
      return std::nullopt;
    }
    migrations.emplace_back(static_cast<int>(*version), *name);
  }
  return migrations;
}

// Copies the whole database of `source` into `target` with the online
// backup API (one consistent snapshot of the source), and leaves the copy
// in rollback-journal mode: one self-contained file, readable read-only
// without creating -wal and -shm files beside it.
Status CopyDatabase(SqliteConnection& source, SqliteConnection& target) {
  sqlite3_backup* backup = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
  if (backup == nullptr) return StorageError(sqlite3_errmsg(target.handle()));
  const int stepped = sqlite3_backup_step(backup, -1);
  const int finished = sqlite3_backup_finish(backup);
  if (stepped != SQLITE_DONE) return StorageError(sqlite3_errstr(stepped));
  if (finished != SQLITE_OK) return StorageError(sqlite3_errstr(finished));
  return target.ExecuteScript("PRAGMA journal_mode=DELETE");
}

// A new database file at `path`, opened read-write.
Result<std::unique_ptr<SqliteConnection>> CreateFile(const std::string& path) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string what = db != nullptr ? sqlite3_errmsg(db) : "mémoire insuffisante";
    sqlite3_close_v2(db);
    return StorageError("impossible de créer « " + path + " » : " + what);
  }
  sqlite3_extended_result_codes(db, 1);
  return std::make_unique<SqliteConnection>(db);
}

// Makes a rename inside `directory` durable.
Status SyncDirectory(const std::filesystem::path& directory) {
  const std::string name = directory.empty() ? std::string(".") : directory.string();
  const int fd = open(name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return StorageError("impossible d'ouvrir le dossier « " + name + " »");
  const int synced = fsync(fd);
  close(fd);
  if (synced != 0)
    return StorageError("impossible d'écrire le dossier « " + name + " » sur disque");
  return {};
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, std::unique_ptr<SqliteConnection> writer)
      : path_(std::move(path)),
        writer_(std::move(writer)),
        readers_([this] { return Connect(path_, false); }) {}

  Status Read(const std::function<Status(Connection&)>& work) override {
    auto reader = readers_.Acquire();
    if (!reader) return tl::unexpected(reader.error());
    Status result = RunInTransaction(**reader, "BEGIN", work);
    readers_.Release(std::move(*reader));
    return result;
  }

  // Group commit, after LevelDB's writer queue: each caller queues its
  // work; the first caller finding no batch in progress becomes the leader,
  // runs every queued work in one transaction (each inside a savepoint, so
  // that one failure rolls back only its own changes), commits once, and
  // wakes the others with their results.
  Status Write(const std::function<Status(Connection&)>& work) override {
    PendingWrite pending{&work, {}, false};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&pending);
    while (!pending.done) {
      if (leader_active_) {
        batch_done_.wait(lock);
        continue;
      }
      leader_active_ = true;
      std::vector<PendingWrite*> batch;
      const std::size_t count = std::min(queue_.size(), kMaxBatch);
      batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
      lock.unlock();
      RunBatch(batch);
      lock.lock();
      for (PendingWrite* done : batch) done->done = true;
      leader_active_ = false;
      batch_done_.notify_all();
    }
    return pending.result;
  }

  Status Backup(const std::string& path) override {
    if (std::filesystem::exists(path)) {
      return Fail(ErrorKind::kInvalid, "file_exists",
                  "Le fichier « " + path + " » existe déjà ; choisissez un nouveau nom.");
    }
    Status copied = [&]() -> Status {
      auto target = CreateFile(path);
      if (!target) return tl::unexpected(target.error());
      // The source is a reader connection: the copy is one consistent
      // snapshot while writes go on.
      auto reader = readers_.Acquire();
      if (!reader) return tl::unexpected(reader.error());
      Status result = CopyDatabase(**reader, **target);
      readers_.Release(std::move(*reader));
      return result;
    }();
    if (!copied) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
      return copied;
    }
    return {};
  }

  // wal_checkpoint(TRUNCATE) on a reader connection, outside any
  // transaction: it waits (busy timeout) for the writer and the readers, then
  // copies the log into the file and truncates the log to zero bytes.
  Result<bool> Checkpoint() override {
    auto reader = readers_.Acquire();
    if (!reader) return tl::unexpected(reader.error());
    auto rows = (*reader)->Query("PRAGMA wal_checkpoint(TRUNCATE)", {});
    readers_.Release(std::move(*reader));
    if (!rows) return tl::unexpected(rows.error());
    return !rows->empty() && rows->front().Int(0) == 0;
  }

  std::string_view Dialect() const override { return "sqlite"; }

 private:
  struct PendingWrite {
    const std::function<Status(Connection&)>* work;
    Status result;
    bool done;  // GUARDED_BY(queue_mutex_)
  };

  // REQUIRES: called by the leader only (one batch at a time).
  void RunBatch(const std::vector<PendingWrite*>& batch) {
    SqliteConnection& c = *writer_;
    if (auto begun = c.ExecuteScript("BEGIN IMMEDIATE"); !begun) {
      for (PendingWrite* pending : batch) pending->result = begun;
      return;
    }
    for (PendingWrite* pending : batch) {
      if (auto saved = c.ExecuteScript("SAVEPOINT w"); !saved) {
        pending->result = saved;
        continue;
      }
      pending->result = RunGuarded(*pending->work, c);
      if (!pending->result) (void)c.ExecuteScript("ROLLBACK TO w");
      (void)c.ExecuteScript("RELEASE w");
    }
    if (auto committed = c.ExecuteScript("COMMIT"); !committed) {
      (void)c.ExecuteScript("ROLLBACK");
      for (PendingWrite* pending : batch) {
        if (pending->result) pending->result = committed;
      }
    }
  }

  static constexpr std::size_t kMaxBatch = 512;
  const std::string path_;
  std::unique_ptr<SqliteConnection> writer_;  // used by the leader only
  std::mutex queue_mutex_;
  std::condition_variable batch_done_;
  std::deque<PendingWrite*> queue_;  // GUARDED_BY(queue_mutex_)
  bool leader_active_ = false;       // GUARDED_BY(queue_mutex_)
  ReaderPool<SqliteConnection> readers_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path) {
  auto writer = Connect(path, true);
  if (!writer) return tl::unexpected(writer.error());
  return std::unique_ptr<Database>(std::make_unique<SqliteDatabase>(path, std::move(*writer)));
}

Result<SqliteFileCheck> CheckSqliteFile(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ignored;
  const fs::path wal = path + "-wal";
  const fs::path shm = path + "-shm";
  const bool had_wal = fs::exists(wal, ignored);
  const bool had_shm = fs::exists(shm, ignored);
  auto checked = [&]() -> Result<SqliteFileCheck> {
    auto connection = ConnectReadOnly(path);
    if (!connection) return tl::unexpected(connection.error());
    SqliteFileCheck check;
    check.bytes = fs::file_size(path, ignored);
    auto problems = IntegrityProblems(**connection, path);
    if (!problems) return tl::unexpected(problems.error());
    check.problems = std::move(*problems);
    auto migrations = ReadMigrations(**connection);
    if (migrations) {
      check.migrations = std::move(*migrations);
    } else if (check.problems.empty()) {
      if (LastFailure(**connection) == SQLITE_NOTADB) return NotADatabase(path);
      return tl::unexpected(migrations.error());
    }
    return check;
  }();
  // Reading a WAL-mode file read-only creates an empty -wal and a -shm: a
  // check leaves nothing behind it.
  if (!had_wal && fs::exists(wal, ignored) && fs::file_size(wal, ignored) == 0) {
    fs::remove(wal, ignored);
    if (!had_shm) fs::remove(shm, ignored);
  }
  return checked;
}

Status RestoreSqliteFile(const std::string& backup, const std::string& target) {
  namespace fs = std::filesystem;
  std::error_code error;
  const std::string temporary = target + ".restauration";
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(temporary + suffix, error);
  Status copied = [&]() -> Status {
    auto source = ConnectReadOnly(backup);
    if (!source) return tl::unexpected(source.error());
    auto copy = CreateFile(temporary);
    if (!copy) return tl::unexpected(copy.error());
    if (auto done = CopyDatabase(**source, **copy); !done) return done;
    auto problems = IntegrityProblems(**copy, temporary);
    if (!problems) return tl::unexpected(problems.error());
    if (!problems->empty()) {
      return Fail(ErrorKind::kInvalid, "corrupt_database",
                  "La copie de « " + backup + " » est endommagée : " + problems->front());
    }
    return {};
  }();
  if (!copied) {
    fs::remove(temporary, error);
    return copied;
  }
  // A -wal or -journal left by the old file would be replayed into the new
  // one at its first opening, and damage it.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    if (!fs::remove(target + suffix, error) && error) {
      fs::remove(temporary, error);
      return StorageError("impossible de supprimer « " + target + suffix + " »");
    }
  }
  fs::rename(temporary, target, error);
  if (error) {
    fs::remove(temporary, error);
    return StorageError("impossible de remplacer « " + target + " » : " + error.message());
  }
  return SyncDirectory(fs::path(target).parent_path());
}

}  // namespace relais::storage
