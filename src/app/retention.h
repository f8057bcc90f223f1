// Retention (durées de conservation): how long personal data is kept, which
// records are due, and the use case that anonymises them, keeping the
// statistics. The storage sits behind RetentionStore; Retention has no I/O
// of its own. Thread-safe. See docs/decisions/008-retention-and-purge.md.
#pragma once

#include <chrono>
#include <cstdint>

#include "app/audit.h"
#include "app/ports.h"
#include "domain/error.h"

namespace relais::app {

// Months each kind of personal data is kept (defaults after the CNIL's
// guidance for social services).
struct RetentionPolicy {
  int person_months = 24;       // a file, from the person's last contact
  int appointment_months = 3;   // an appointment's contact data, from its start
  int registration_months = 3;  // a registration's contact data, from its session's start
  int outbox_months = 3;        // a message sent (or given up), from its last attempt
};

inline constexpr int kMaxRetentionMonths = 120;

// kInvalid naming the field ("person_months"…) unless 1 <= months <= 120.
Status CheckRetention(const RetentionPolicy& policy);

// `now` minus `months` calendar months (UTC), at the same time of day; the
// day is clamped to the month's last (31 May minus 3 months: 28 or 29 February).
std::chrono::sys_seconds MonthsBefore(std::chrono::sys_seconds now, int months);

// The instants at or before which a record is due, one per kind.
struct RetentionCutoffs {
  std::chrono::sys_seconds person;        // last contact
  std::chrono::sys_seconds appointment;   // appointment start
  std::chrono::sys_seconds registration;  // session start
  std::chrono::sys_seconds outbox;        // last attempt
};

RetentionCutoffs CutoffsAt(const RetentionPolicy& policy, std::chrono::sys_seconds now);

// A record whose reference instant is `at` is due once its retention has
// run out: at + retention <= now, that is at <= cutoff.
inline bool IsDue(std::chrono::sys_seconds at, std::chrono::sys_seconds cutoff) {
  return at <= cutoff;
}

// How many records of each kind a purge anonymised (or would, dry run).
struct PurgeCounts {
  std::int64_t people = 0;         // files deleted
  std::int64_t appointments = 0;   // appointments whose contact data was erased
  std::int64_t registrations = 0;  // registrations whose contact data was erased
  std::int64_t messages = 0;       // outbox messages deleted

  friend bool operator==(const PurgeCounts&, const PurgeCounts&) = default;
};

// The port: every site of the database at once (the retention is the
// installation's). A person's last contact is the latest of the file's
// update, its notes, its procedures' updates and steps, its referrals.
class RetentionStore {
 public:
  virtual ~RetentionStore() = default;
  // Counts what `Purge` would anonymise; changes nothing.
  virtual Result<PurgeCounts> CountDue(const RetentionCutoffs& cutoffs) = 0;
  // In one transaction: deletes the people due (their notes, procedures,
  // steps and documents with them) and unlinks their referrals, erasing the
  // referral's free-text reason; erases the names, phone and e-mail of the
  // appointments and registrations due; deletes the finished outbox
  // messages due. Then makes sure no erased byte is left in the database's
  // files.
  virtual Result<PurgeCounts> Purge(const RetentionCutoffs& cutoffs) = 0;
};

struct PurgeReport {
  RetentionCutoffs cutoffs;
  PurgeCounts counts;
  bool dry_run = false;
};

class Retention {
 public:
  // Every purge (not a dry run) is recorded in `journal` when given.
  Retention(RetentionStore& store, const RetentionPolicy& policy, const Clock& clock,
            AuditJournal* journal = nullptr)
      : store_(store), policy_(policy), clock_(clock), journal_(journal) {}

  // Anonymises what is due now (or only counts it, `dry_run`).
  Result<PurgeReport> Purge(bool dry_run = false);
  const RetentionPolicy& policy() const { return policy_; }

 private:
  RetentionStore& store_;
  const RetentionPolicy policy_;
  const Clock& clock_;
  AuditJournal* journal_;
};

}  // namespace relais::app
