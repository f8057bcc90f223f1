#include "storage/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/driver_support.h"

namespace relais::storage {
namespace {

// Type OIDs of pg_type (catalog/pg_type_d.h, stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// A column value as text, read back as the Value SQLite would give.
Value ColumnValue(Oid type, const char* text, int length) {
  const char* end = text + length;
  switch (type) {
    case kBoolOid:
      return std::int64_t{length > 0 && text[0] == 't' ? 1 : 0};
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      std::int64_t n = 0;
      if (std::from_chars(text, end, n).ec == std::errc()) return n;
      break;
    }
    case kNumericOid:
    case kFloat4Oid:
    case kFloat8Oid: {
      // A NUMERIC without a fraction (SUM of BIGINT, say) reads as an integer.
      std::int64_t n = 0;
      if (type == kNumericOid) {
        auto parsed = std::from_chars(text, end, n);
        if (parsed.ec == std::errc() && parsed.ptr == end) return n;
      }
      double d = 0;
      if (std::from_chars(text, end, d).ec == std::errc()) return d;
      break;
    }
    default:
      break;
  }
  return std::string(text, static_cast<std::size_t>(length));
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    auto result = Run(sql, params);
    if (!result) return tl::unexpected(result.error());
    PGresult* r = result->get();
    const int rows = PQntuples(r);
    const int columns = PQnfields(r);
    std::vector<Row> out;
    out.reserve(static_cast<std::size_t>(rows));
    for (int i = 0; i < rows; ++i) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(r, i, c)) {
          values.emplace_back(std::monostate{});
        } else {
          values.push_back(ColumnValue(PQftype(r, c), PQgetvalue(r, i, c), PQgetlength(r, i, c)));
        }
      }
      out.emplace_back(std::move(values));
    }
    return out;
  }

  Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    auto result = Run(sql, params);
    if (!result) return tl::unexpected(result.error());
    const char* tuples = PQcmdTuples(result->get());
    std::int64_t changed = 0;
    std::from_chars(tuples, tuples + std::strlen(tuples), changed);
    return changed;
  }

  Status ExecuteScript(std::string_view sql) override {
    const std::string text(sql);
    ResultPtr result(PQexec(conn_, text.c_str()));
    return Check(result.get());
  }

  bool Broken() const { return PQstatus(conn_) == CONNECTION_BAD; }

 private:
  Result<ResultPtr> Run(std::string_view sql, const std::vector<Value>& params) {
    const std::string text = PostgresPlaceholders(sql);
    // Integers and reals are typed so that `? IS NULL` or `LIMIT ?` need no
    // cast; text is left untyped, for the server to read as the column's type.
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<Oid> types(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        storage[i] = std::to_string(*n);
        types[i] = kInt8Oid;
      } else if (const auto* d = std::get_if<double>(&v)) {
        char buffer[64];
        auto written = std::to_chars(buffer, buffer + sizeof buffer, *d);
        storage[i].assign(buffer, written.ptr);
        types[i] = kFloat8Oid;
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        storage[i] = *s;
      } else {
        continue;  // NULL
      }
      values[i] = storage[i].c_str();
    }
    const int count = static_cast<int>(params.size());
    auto name = Prepared(text, types);
    if (!name) return tl::unexpected(name.error());
    ResultPtr result(
        PQexecPrepared(conn_, name->c_str(), count, values.data(), nullptr, nullptr, 0));
    if (auto ok = Check(result.get()); !ok) return tl::unexpected(ok.error());
    return result;
  }

  // The name of the statement prepared on this connection for `text` with
  // parameters of `types` (0 where a NULL leaves the type to the server),
  // preparing it on first use.
  Result<std::string> Prepared(const std::string& text, const std::vector<Oid>& types) {
    std::string key = text;
    for (Oid type : types) key += '\0' + std::to_string(type);
    if (auto found = prepared_.find(key); found != prepared_.end()) return found->second;
    std::string name = "relais_" + std::to_string(prepared_.size());
    ResultPtr result(
        PQprepare(conn_, name.c_str(), text.c_str(), static_cast<int>(types.size()), types.data()));
    if (auto ok = Check(result.get()); !ok) return tl::unexpected(ok.error());
    prepared_.emplace(std::move(key), name);
    return name;
  }

  // The failure of `result`, if any. Only the primary message: PostgreSQL's
  // DETAIL repeats the values at fault (a name, a phone number).
  Status Check(PGresult* result) const {
    if (result == nullptr) return StorageError(ConnectionMessage());
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return {};
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    const std::string what = primary != nullptr ? primary : ConnectionMessage();
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    if (state != nullptr && std::strncmp(state, "23", 2) == 0) return ConflictError(what);
    return StorageError(what);
  }

  std::string ConnectionMessage() const {
    std::string message = PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    return message.empty() ? "connexion perdue" : message;
  }

  PGconn* conn_;
  // Statements prepared on this connection: text and parameter types → name.
  std::unordered_map<std::string, std::string> prepared_;
};

Result<std::unique_ptr<PostgresConnection>> Connect(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  auto connection = std::make_unique<PostgresConnection>(conn);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    // libpq's message names the server, never the password of the URL.
    std::string what = conn != nullptr ? PQerrorMessage(conn) : "mémoire insuffisante";
    while (!what.empty() && what.back() == '\n') what.pop_back();
    return StorageError("impossible de se connecter à PostgreSQL : " + what);
  }
  // Quiet NOTICEs (e.g. "table does not exist, skipping"), and the same
  // instants whatever the server's zone: the schema stores UTC seconds.
  // Prepared statements are planned at each run with the tables' current
  // size: a generic plan made while a table was empty (a new desk) stays
  // for the connection's life, and one such plan (a foreign-key check
  // scanning every visit of the site) made the demo's load 11 times slower.
  if (auto ok = connection->ExecuteScript("SET client_min_messages = warning; SET TIME ZONE 'UTC'; "
                                          "SET plan_cache_mode = force_custom_plan");
      !ok) {
    return tl::unexpected(ok.error());
  }
  return connection;
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, std::unique_ptr<PostgresConnection> writer)
      : url_(std::move(url)),
        writer_(std::move(writer)),
        readers_([this] { return Connect(url_); }) {}

  // A snapshot for the whole call, as an SQLite read transaction gives.
  Status Read(const std::function<Status(Connection&)>& work) override {
    auto reader = readers_.Acquire();
    if (!reader) return tl::unexpected(reader.error());
    Status result =
        RunInTransaction(**reader, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", work);
    if (!(*reader)->Broken()) readers_.Release(std::move(*reader));
    return result;
  }

  // One transaction per call, one call at a time: no group commit, each
  // COMMIT is durable (synchronous_commit) before Write returns.
  Status Write(const std::function<Status(Connection&)>& work) override {
    std::lock_guard lock(writer_mutex_);
    if (writer_ == nullptr || writer_->Broken()) {
      auto reconnected = Connect(url_);
      if (!reconnected) return tl::unexpected(reconnected.error());
      writer_ = std::move(*reconnected);
    }
    return RunInTransaction(*writer_, "BEGIN", work);
  }

  Status Backup(const std::string&) override {
    return Fail(ErrorKind::kUnavailable, "backup_unavailable",
                "relais ne sauvegarde que les bases SQLite ; sauvegardez une base PostgreSQL "
                "avec pg_dump.");
  }

  // PostgreSQL's own write-ahead log and dead rows are the server's to
  // recycle (checkpoints, autovacuum): nothing here for the application to
  // empty. See docs/decisions/011.
  Result<bool> Checkpoint() override { return true; }

  std::string_view Dialect() const override { return "postgresql"; }

 private:
  const std::string url_;
  std::mutex writer_mutex_;
  std::unique_ptr<PostgresConnection> writer_;  // GUARDED_BY(writer_mutex_)
  ReaderPool<PostgresConnection> readers_;
};

}  // namespace

bool IsPostgresUrl(std::string_view db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::string WithoutPassword(const std::string& db) {
  if (!IsPostgresUrl(db)) return db;
  std::string out = db;
  const std::size_t authority = out.find("://") + 3;
  const std::size_t authority_end = out.find_first_of("/?", authority);
  const std::size_t at = out.rfind('@', authority_end);
  if (at != std::string::npos && at >= authority) {
    const std::size_t colon = out.find(':', authority);
    if (colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  for (std::size_t key = out.find("password="); key != std::string::npos;
       key = out.find("password=", key + 1)) {
    const std::size_t value = key + std::strlen("password=");
    const std::size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

std::string PostgresPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  std::size_t i = 0;
  // Copies up to and including the next `close` after position `from`.
  auto copy_until = [&](std::size_t from, std::string_view close) {
    const std::size_t end = sql.find(close, from);
    const std::size_t stop = end == std::string_view::npos ? sql.size() : end + close.size();
    out.append(sql.substr(i, stop - i));
    i = stop;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'') {
      copy_until(i + 1, "'");  // '' inside a literal reads as two literals: same text
    } else if (c == '"') {
      copy_until(i + 1, "\"");
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_until(i + 2, "\n");
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      copy_until(i + 2, "*/");
    } else if (c == '?') {
      out += '$';
      out += std::to_string(next++);
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url) {
  auto writer = Connect(url);
  if (!writer) return tl::unexpected(writer.error());
  return std::unique_ptr<Database>(std::make_unique<PostgresDatabase>(url, std::move(*writer)));
}

}  // namespace relais::storage
