#include "cli/purge_command.h"

#include <iostream>

#include "app/appointments.h"
#include "app/fake_clock.h"
#include "storage/sql_audit_store.h"
#include "storage/sql_retention_store.h"

namespace relais::cli {

int RunPurge(storage::Database& db, const app::RetentionPolicy& policy,
             const PurgeRequest& request) {
  // A clock that stays at the instant asked for, or the system's.
  app::FakeClock fixed;
  app::SystemClock system;
  const app::Clock* clock = &system;
  if (!request.now.empty()) {
    auto now = app::ParseRfc3339(request.now, "now");
    if (!now) {
      std::cerr << "relais : --now attend une date RFC 3339 (2027-01-31T09:00:00+01:00).\n";
      return 2;
    }
    fixed.Set(*now);
    clock = &fixed;
  }
  storage::SqlRetentionStore store(db);
  storage::SqlAuditStore audit_store(db);
  app::AuditJournal journal(audit_store, *clock);
  app::Retention retention(store, policy, *clock, &journal);
  auto report = retention.Purge(request.dry_run);
  if (!report) {
    std::cerr << "relais : " << report.error().message << "\n";
    return 1;
  }
  const app::PurgeCounts& c = report->counts;
  std::cout << (request.dry_run ? "Simulation : rien n'est modifié.\n" : "")
            << "dossiers de personnes supprimés : " << c.people << "\n"
            << "rendez-vous anonymisés : " << c.appointments << "\n"
            << "inscriptions aux ateliers anonymisées : " << c.registrations << "\n"
            << "messages envoyés supprimés : " << c.messages << "\n";
  return 0;
}

}  // namespace relais::cli
