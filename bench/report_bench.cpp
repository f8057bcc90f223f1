// The annual activity report over a network's generated history, relais's
// side (bench/report.sh runs DuckDB's side beside it). `load` fills a fresh
// SQLite database with VISITS visits of 2024 spread over SITES sites (the
// demo's generator, one seed per site, roll-ups kept as in production) and
// writes the same visits as CSV for DuckDB; `report` times
// app::Reports::Activity for one site and year (the year and the year
// before, from the roll-ups) RUNS times and prints one JSON line.
// `insert` compares, alternating in one run, a visit stored alone in its
// transaction (synchronous=FULL) with and without its roll-ups.
// RELAIS_BENCH_DB (a postgresql:// URL) puts the database there instead of
// DIR's SQLite file (bench/postgres.sh).
// Usage: report_bench load DIR VISITS [SITES]
//        report_bench report DIR SITE [RUNS]
//        report_bench insert DIR [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "app/communes.h"
#include "app/demo_history.h"
#include "app/reports.h"
#include "app/sites.h"
#include "app/visits.h"
#include "storage/migrations.h"
#include "storage/sql_report_store.h"
#include "storage/sql_store.h"
#include "storage/sql_visit_store.h"
#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace relais {
namespace {

constexpr int kYear = 2024;
// A France Services desk's usual week.
constexpr char kHours[] = "Mo-Fr 08:30-12:30,13:30-18:00; Sa 09:00-12:00; PH off";
constexpr double kVisitsPerPerson = 1.71;  // the generator's average

std::string SiteId(int n) {
  char id[16];
  std::snprintf(id, sizeof id, "site-%03d", n);
  return id;
}

// DIR's SQLite `file`, or the PostgreSQL database RELAIS_BENCH_DB names.
Result<std::unique_ptr<storage::Database>> OpenBenchDatabase(const std::string& dir,
                                                             const std::string& file) {
  if (const char* url = std::getenv("RELAIS_BENCH_DB"); url != nullptr && *url != '\0') {
    return storage::OpenPostgres(url);
  }
  return storage::OpenSqlite(dir + "/" + file);
}

int Fail(const Error& error) {
  std::cerr << "report_bench: " << error.message << "\n";
  return 1;
}

std::string Csv(const std::optional<std::string>& text) { return text ? *text : ""; }
std::string Csv(const std::optional<bool>& flag) { return flag ? (*flag ? "1" : "0") : ""; }

int Load(const std::string& dir, long visits_wanted, int sites) {
  std::remove((dir + "/report.sqlite").c_str());
  auto db = OpenBenchDatabase(dir, "report.sqlite");
  if (!db) return Fail(db.error());
  if (auto migrated = storage::Migrate(**db); !migrated) return Fail(migrated.error());
  storage::SqlStore site_store(**db);
  storage::SqlVisitStore visit_store(**db);
  app::SystemClock clock;
  app::Sites site_cache(site_store, clock);
  std::ofstream visits_csv(dir + "/visits.csv");
  std::ofstream themes_csv(dir + "/themes.csv");
  visits_csv << "site_id,visit_id,day,weekday,hour,commune_insee,qpv,partner,outcome,channel,"
                "first_visit\n";
  themes_csv << "site_id,visit_id,theme\n";
  long stored = 0;
  for (int n = 1; n <= sites; ++n) {
    const Site site{SiteId(n), "Lieu " + std::to_string(n), "", "Europe/Paris", kHours};
    if (auto saved = site_cache.Save(site); !saved) return Fail(saved.error());
    for (const std::string code : {"caf", "cpam", "france-travail"}) {
      for (const Partner& partner : app::StandardPartners()) {
        if (partner.code == code) (void)site_cache.AddPartner(site.id, partner);
      }
    }
    auto hours = app::SiteHours::Build(site, {});
    if (!hours) return Fail(hours.error());
    app::HistoryOptions options;
    options.seed = 1000 + static_cast<std::uint64_t>(n);
    options.people_per_year =
        static_cast<int>(static_cast<double>(visits_wanted) / sites / kVisitsPerPerson);
    options.logged_by = "bench";
    options.id_prefix = site.id;
    const auto visits = app::GenerateHistory(*hours, date::year{kYear} / 1 / 1,
                                             date::year{kYear} / 12 / 31, options);
    if (auto imported = app::ImportVisits(visit_store, site.id, hours->zone(), visits);
        !imported) {
      return Fail(imported.error());
    }
    for (const app::Visit& visit : visits) {
      const date::local_seconds local = hours->zone().ToLocal(visit.at);
      const date::local_days day = date::floor<date::days>(local);
      const auto hour = std::chrono::duration_cast<std::chrono::hours>(local - day).count();
      visits_csv << site.id << ',' << visit.id << ',' << date::format("%F", day) << ','
                 << date::weekday{day}.iso_encoding() << ',' << hour << ','
                 << Csv(visit.commune_insee) << ',' << Csv(visit.qpv) << ','
                 << Csv(visit.partner) << ',' << app::OutcomeName(visit.outcome) << ','
                 << app::ChannelName(visit.channel) << ',' << Csv(visit.first_visit) << '\n';
      for (const std::string& theme : visit.themes) {
        themes_csv << site.id << ',' << visit.id << ',' << theme << '\n';
      }
    }
    stored += static_cast<long>(visits.size());
  }
  std::cout << "{\"loaded_visits\":" << stored << ",\"sites\":" << sites << "}\n";
  return 0;
}

int Report(const std::string& dir, const std::string& site_id, int runs) {
  auto db = OpenBenchDatabase(dir, "report.sqlite");
  if (!db) return Fail(db.error());
  storage::SqlStore site_store(**db);
  storage::SqlReportStore report_store(**db);
  app::SystemClock clock;
  app::Sites sites(site_store, clock);
  if (auto loaded = sites.Load(site_id); !loaded) return Fail(loaded.error());
  auto table = app::ShippedCommunes();
  if (!table) return Fail(table.error());
  app::Communes communes(*table);
  app::Reports reports(report_store, sites, communes, clock);
  const app::Agent coordinator{"bench", "bench", Role::kCoordinator, {site_id}};
  const auto period = app::ReportPeriod::Year(kYear);

  std::vector<double> times;
  Result<app::ActivityComparison> report = reports.Activity(coordinator, period);  // warm-up
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    report = reports.Activity(coordinator, period);
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (!report) return Fail(report.error());
  }
  std::sort(times.begin(), times.end());
  std::int64_t massy = 0;
  for (const Count& count : report->current.by_commune) {
    if (count.key == "91377") massy = count.visits;
  }
  std::cout << "{\"engine\":\"relais\",\"median_ms\":" << times[times.size() / 2]
            << ",\"visits\":" << report->current.visits
            << ",\"communes\":" << report->current.by_commune.size() << ",\"massy\":" << massy
            << "}\n";
  return 0;
}

// One visit per transaction, `count` times, with or without its roll-ups:
// visits per second.
double InsertRate(storage::SqlVisitStore& store, const app::TimeZone& zone,
                  const std::vector<app::Visit>& visits, std::size_t& next, int count,
                  bool rollups) {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) {
    app::Visit visit = visits[next % visits.size()];
    visit.id = "v" + std::to_string(next++);
    const std::vector<Rollup> rows =
        rollups ? app::VisitRollups(visit, zone) : std::vector<Rollup>{};
    if (!store.AddVisit("site-001", visit, rows)) return 0;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return count / seconds;
}

int Insert(const std::string& dir, int rounds) {
  std::remove((dir + "/insert.sqlite").c_str());
  auto db = storage::OpenSqlite(dir + "/insert.sqlite");
  if (!db) return Fail(db.error());
  if (auto migrated = storage::Migrate(**db); !migrated) return Fail(migrated.error());
  storage::SqlStore site_store(**db);
  storage::SqlVisitStore store(**db);
  app::SystemClock clock;
  app::Sites sites(site_store, clock);
  const Site site{SiteId(1), "Lieu 1", "", "Europe/Paris", kHours};
  if (auto saved = sites.Save(site); !saved) return Fail(saved.error());
  auto hours = app::SiteHours::Build(site, {});
  if (!hours) return Fail(hours.error());
  app::HistoryOptions options;
  options.people_per_year = 2000;
  const auto visits = app::GenerateHistory(*hours, date::year{kYear} / 1 / 1,
                                           date::year{kYear} / 12 / 31, options);
  std::size_t next = 0;
  std::vector<double> with, without;
  for (int round = 0; round < rounds; ++round) {
    without.push_back(InsertRate(store, hours->zone(), visits, next, 200, false));
    with.push_back(InsertRate(store, hours->zone(), visits, next, 200, true));
  }
  std::sort(with.begin(), with.end());
  std::sort(without.begin(), without.end());
  const double a = without[without.size() / 2];
  const double b = with[with.size() / 2];
  std::cout << "{\"without_rollups_per_s\":" << a << ",\"with_rollups_per_s\":" << b
            << ",\"cost_ratio\":" << a / b << "}\n";
  return 0;
}

}  // namespace
}  // namespace relais

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 3 && args[0] == "load") {
    return relais::Load(args[1], std::stol(args[2]), args.size() > 3 ? std::stoi(args[3]) : 100);
  }
  if (args.size() >= 3 && args[0] == "report") {
    return relais::Report(args[1], args[2], args.size() > 3 ? std::stoi(args[3]) : 11);
  }
  if (args.size() >= 2 && args[0] == "insert") {
    return relais::Insert(args[1], args.size() > 2 ? std::stoi(args[2]) : 9);
  }
  std::cerr << "usage: report_bench load DIR VISITS [SITES] | report DIR SITE [RUNS] | insert DIR [ROUNDS]\n";
  return 2;
}
