// The audit journal: who read or changed which person file, logins,
// exports and purges, in an append-only journal whose rows are chained by
// SHA-256 so that a changed, removed or inserted row is found. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/agent.h"
#include "app/ports.h"
#include "domain/error.h"

namespace relais::app {

// What happened, one word per kind of event.
namespace audit_event {
inline constexpr char kPersonRead[] = "person.read";
inline constexpr char kPersonSearch[] = "person.search";
inline constexpr char kPersonCreate[] = "person.create";
inline constexpr char kPersonChange[] = "person.change";  // a note, procedure or referral
inline constexpr char kPersonErase[] = "person.erase";
inline constexpr char kPersonExport[] = "person.export";
inline constexpr char kLogin[] = "login";
inline constexpr char kLoginRefused[] = "login.refused";
inline constexpr char kLogout[] = "logout";
inline constexpr char kAccountReset[] = "account.reset";  // a password or TOTP reset
inline constexpr char kReportExport[] = "report.export";
inline constexpr char kPurge[] = "purge";
}  // namespace audit_event

struct AuditEntry {
  std::int64_t seq = 0;
  std::int64_t at = 0;  // UTC seconds
  std::string site_id;
  std::string agent_id;
  std::string event;
  std::string subject;
  std::string prev_hash;
  std::string hash;

  friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

// The hash before the first row.
inline const std::string kAuditGenesis(64, '0');

// SHA-256 (hex) of the entry's fields and its prev_hash, each field
// length-prefixed so that no two entries share a serialisation.
std::string AuditHash(const AuditEntry& entry);

// One event of a file's history as a coordinator reads it: when, by whom.
struct AuditAccess {
  std::int64_t at = 0;      // UTC seconds
  std::string agent_login;  // empty: nobody signed in, or an account since removed
  std::string event;        // audit_event::…
};

// The storage port: rows are only appended and read.
class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // In one transaction: numbers `entry` after the last row, sets its
  // prev_hash to that row's hash, its hash to seal(entry), and appends it.
  virtual Result<AuditEntry> Append(AuditEntry entry,
                                    const std::function<std::string(const AuditEntry&)>& seal) = 0;
  // Up to `limit` rows with seq > after, in order.
  virtual Result<std::vector<AuditEntry>> Scan(std::int64_t after, std::size_t limit) = 0;
  // The latest `limit` events about `subject` at `site_id`, newest first,
  // each with its agent's login.
  virtual Result<std::vector<AuditAccess>> About(const std::string& site_id,
                                                 const std::string& subject, std::size_t limit) = 0;
};

// What a verification found.
struct AuditCheck {
  std::int64_t entries = 0;
  std::string head_hash;                  // the last row's hash (kAuditGenesis when empty)
  std::optional<std::int64_t> broken_at;  // the first row that does not hold
};

class AuditJournal {
 public:
  AuditJournal(AuditStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Appends one event by `agent_id` (empty: nobody) at `site_id`.
  Status Record(const std::string& site_id, const std::string& agent_id, const std::string& event,
                const std::string& subject);
  Status Record(const std::string& site_id, const Agent& agent, const std::string& event,
                const std::string& subject) {
    return Record(site_id, agent.id, event, subject);
  }

  // The latest `limit` events about `subject` at `site_id`, newest first.
  Result<std::vector<AuditAccess>> About(const std::string& site_id, const std::string& subject,
                                         std::size_t limit) {
    return store_.About(site_id, subject, limit);
  }

  // Reads the whole journal and checks every row's numbering and chain.
  Result<AuditCheck> Verify();

 private:
  AuditStore& store_;
  const Clock& clock_;
};

}  // namespace relais::app
