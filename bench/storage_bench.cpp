// Storage benchmarks. Compares, in one run: reading the site through a
// reader connection (a prepared, cached statement); writing one row per
// transaction at synchronous=FULL; 1,000 rows in one transaction; and one
// row per Write from 1 and from 16 threads at once (group commit).
#include <benchmark/benchmark.h>

#include <mutex>

#include "storage/migrations.h"
#include "storage/sql_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "tests/support/temp_dir.h"

namespace relais::storage {
namespace {

struct Fixture {
  Fixture() {
    db = std::move(*OpenSqlite(dir.File("bench.sqlite")));
    (void)Migrate(*db);
    store = std::make_unique<SqlStore>(*db);
    (void)store->SaveSite({"antony", "PIMMS", "Antony", "Europe/Paris", "24/7"}, app::Instant{});
    (void)db->Write([](Connection& c) { return c.ExecuteScript("CREATE TABLE bench (site_id TEXT, n BIGINT)"); });
  }
  testing::TempDir dir;
  std::unique_ptr<Database> db;
  std::unique_ptr<SqlStore> store;
};

void BM_FindSite(benchmark::State& state) {
  Fixture fixture;
  for (auto _ : state) benchmark::DoNotOptimize(fixture.store->FindSite("antony"));
}
BENCHMARK(BM_FindSite);

void BM_InsertOneRowPerTransaction(benchmark::State& state) {
  Fixture fixture;
  std::int64_t n = 0;
  for (auto _ : state) {
    (void)fixture.db->Write([&](Connection& c) -> Status {
      return c.Execute("INSERT INTO bench VALUES (?, ?)", {std::string("antony"), n++}).map([](auto) {});
    });
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InsertOneRowPerTransaction)->Iterations(300)->UseRealTime();

void BM_InsertBatchOf1000(benchmark::State& state) {
  Fixture fixture;
  std::int64_t n = 0;
  for (auto _ : state) {
    (void)fixture.db->Write([&](Connection& c) -> Status {
      for (int i = 0; i < 1000; ++i) {
        if (auto ok = c.Execute("INSERT INTO bench VALUES (?, ?)", {std::string("antony"), n++}); !ok) {
          return tl::unexpected(ok.error());
        }
      }
      return {};
    });
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_InsertBatchOf1000)->Iterations(20)->UseRealTime();

// Many threads writing one row each, concurrently: group commit shares
// one durable commit among the writers waiting at that moment.
void BM_ConcurrentSingleRowWrites(benchmark::State& state) {
  static Fixture* fixture = nullptr;
  static std::once_flag once;
  std::call_once(once, [] { fixture = new Fixture(); });
  std::int64_t n = state.thread_index() * 1'000'000'000LL;
  for (auto _ : state) {
    (void)fixture->db->Write([&](Connection& c) -> Status {
      return c.Execute("INSERT INTO bench VALUES (?, ?)", {std::string("antony"), n++}).map([](auto) {});
    });
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ConcurrentSingleRowWrites)->Threads(1)->Threads(16)->Iterations(200)->UseRealTime();

}  // namespace
}  // namespace relais::storage

BENCHMARK_MAIN();
