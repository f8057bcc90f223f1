#include "tests/support/desk_database.h"

#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/relais_process.h"

namespace relais::testing {
namespace {

std::string ClusterUrl() {
  const char* url = std::getenv("RELAIS_TEST_POSTGRES");
  return url != nullptr ? url : "";
}

// The cluster's URL with `database` in place of its own.
std::string UrlOf(const std::string& database) {
  const std::string cluster = ClusterUrl();
  const std::size_t authority = cluster.find("://") + 3;
  const std::size_t path = cluster.find('/', authority);
  const std::size_t query = cluster.find('?', authority);
  const std::string tail = query == std::string::npos ? "" : cluster.substr(query);
  return cluster.substr(0, path == std::string::npos ? query : path) + "/" + database + tail;
}

// Runs `sql` outside any transaction (CREATE DATABASE needs that) on the
// cluster's own database.
void Admin(const std::string& sql) {
  PGconn* conn = PQconnectdb(ClusterUrl().c_str());
  PGresult* result = PQstatus(conn) == CONNECTION_OK ? PQexec(conn, sql.c_str()) : nullptr;
  const bool ok = result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string message = PQerrorMessage(conn);
  PQclear(result);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + message);
}

// Sets environment variables for the life of this object (the tests run one
// at a time; a child process forked meanwhile inherits them).
class ScopedEnvironment {
 public:
  explicit ScopedEnvironment(const std::map<std::string, std::string>& values) {
    for (const auto& [name, value] : values) {
      const char* old = std::getenv(name.c_str());
      saved_[name] = old != nullptr ? std::optional<std::string>(old) : std::nullopt;
      setenv(name.c_str(), value.c_str(), 1);
    }
  }
  ~ScopedEnvironment() {
    for (const auto& [name, old] : saved_) {
      if (old) {
        setenv(name.c_str(), old->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

std::atomic<int> keeping_files{0};  // KeepSqliteFiles alive
std::mutex desk_mutex;
std::map<std::string, std::string> databases;  // file → database; GUARDED_BY(desk_mutex)
std::string demo_template;                     // GUARDED_BY(desk_mutex)

// A demo desk, built once per process by `relais demo` itself. Its startup
// purge is held back (the longest retention), so that a test's own demo
// purges with the test's own settings, as on a fresh file.
// REQUIRES: desk_mutex held.
const std::string& DemoTemplate() {
  if (!demo_template.empty()) return demo_template;
  const std::string name = "relais_demo_" + std::to_string(getpid());
  Admin("CREATE DATABASE " + name);
  {
    ScopedEnvironment longest({{"RELAIS_RETENTION_PERSON_MONTHS", "120"},
                               {"RELAIS_RETENTION_APPOINTMENT_MONTHS", "120"},
                               {"RELAIS_RETENTION_REGISTRATION_MONTHS", "120"},
                               {"RELAIS_RETENTION_OUTBOX_MONTHS", "120"}});
    RelaisProcess demo({"demo", "--db", UrlOf(name)});
    if (!demo.running()) throw std::runtime_error("relais demo failed:\n" + demo.Output());
    demo.Stop();
  }
  demo_template = name;
  return demo_template;
}

// The database standing for `path`, created on first use.
// REQUIRES: desk_mutex held.
std::string DatabaseFor(const std::string& path, bool for_demo) {
  if (auto found = databases.find(path); found != databases.end()) return found->second;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(path));
  const std::string name = std::string("relais_") + hex;
  Admin("CREATE DATABASE " + name + (for_demo ? " TEMPLATE " + DemoTemplate() : ""));
  databases.emplace(path, name);
  return name;
}

}  // namespace

bool OnPostgres() {
  return !ClusterUrl().empty();
}

KeepSqliteFiles::KeepSqliteFiles() {
  ++keeping_files;
}
KeepSqliteFiles::~KeepSqliteFiles() {
  --keeping_files;
}

std::vector<std::string> WithDeskDatabase(std::vector<std::string> args) {
  if (!OnPostgres() || keeping_files.load() > 0) return args;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] != "--db" || storage::IsPostgresUrl(args[i + 1])) continue;
    std::lock_guard lock(desk_mutex);
    args[i + 1] = UrlOf(DatabaseFor(args[i + 1], !args.empty() && args.front() == "demo"));
  }
  return args;
}

std::unique_ptr<RelaisProcess> Twin(const std::vector<std::string>& args) {
  if (!OnPostgres()) return nullptr;
  return std::make_unique<RelaisProcess>(args);
}

Result<std::unique_ptr<storage::Database>> OpenDeskDatabase(const std::string& path) {
  if (!OnPostgres()) return storage::OpenSqlite(path);
  std::string url;
  {
    std::lock_guard lock(desk_mutex);
    url = UrlOf(DatabaseFor(path, false));
  }
  return storage::OpenPostgres(url);
}

}  // namespace relais::testing
