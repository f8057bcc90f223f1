#include "storage/test_database.h"

#include <cstdlib>
#include <random>
#include <vector>

#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace relais::storage {
namespace {

// A database whose schema, private to one test, is dropped with it.
class PostgresTestDatabase final : public Database {
 public:
  PostgresTestDatabase(std::unique_ptr<Database> admin, std::unique_ptr<Database> db,
                       std::string schema)
      : admin_(std::move(admin)), db_(std::move(db)), schema_(std::move(schema)) {}
  ~PostgresTestDatabase() override {
    db_.reset();  // its connections first: DROP would wait for their locks
    (void)admin_->Write(
        [&](Connection& c) { return c.ExecuteScript("DROP SCHEMA " + schema_ + " CASCADE"); });
  }

  Status Read(const std::function<Status(Connection&)>& work) override { return db_->Read(work); }
  Status Write(const std::function<Status(Connection&)>& work) override { return db_->Write(work); }
  Status Backup(const std::string& path) override { return db_->Backup(path); }
  Result<bool> Checkpoint() override { return db_->Checkpoint(); }
  std::string_view Dialect() const override { return db_->Dialect(); }
  const std::string& schema() const { return schema_; }

 private:
  std::unique_ptr<Database> admin_;
  std::unique_ptr<Database> db_;
  std::string schema_;
};

}  // namespace

bool TestingOnPostgres() {
  const char* url = std::getenv("RELAIS_TEST_POSTGRES");
  return url != nullptr && *url != '\0';
}

namespace {

// `url` whose every connection works in `schema` only.
std::string InSchema(const std::string& url, const std::string& schema) {
  const char separator = url.find('?') == std::string::npos ? '?' : '&';
  return url + separator + "options=-csearch_path%3D" + schema;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenTestDatabaseAgain(Database& db, const testing::TempDir& dir,
                                                        const std::string& name) {
  if (const auto* test = dynamic_cast<const PostgresTestDatabase*>(&db)) {
    return OpenPostgres(InSchema(std::getenv("RELAIS_TEST_POSTGRES"), test->schema()));
  }
  return OpenSqlite(dir.File(name));
}

Result<std::unique_ptr<Database>> OpenTestDatabase(const testing::TempDir& dir,
                                                   const std::string& name) {
  if (!TestingOnPostgres()) return OpenSqlite(dir.File(name));
  const std::string url = std::getenv("RELAIS_TEST_POSTGRES");
  auto admin = OpenPostgres(url);
  if (!admin) return tl::unexpected(admin.error());
  std::random_device random;
  const std::string schema = "test_" + std::to_string(random()) + "_" + std::to_string(random());
  Status created =
      (*admin)->Write([&](Connection& c) { return c.ExecuteScript("CREATE SCHEMA " + schema); });
  if (!created) return tl::unexpected(created.error());
  auto db = OpenPostgres(InSchema(url, schema));
  if (!db) return tl::unexpected(db.error());
  return std::unique_ptr<Database>(
      std::make_unique<PostgresTestDatabase>(std::move(*admin), std::move(*db), schema));
}

}  // namespace relais::storage
