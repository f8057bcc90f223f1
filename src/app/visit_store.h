// The visits' storage port (passages at the counter): one row per visit,
// keyed by site, with its themes; anonymous by design, no field can hold a
// person's name. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.h"
#include "domain/report.h"

namespace relais::app {

// What came of a visit, with its French meaning.
enum class Outcome {
  kResolved,     // résolu sur place
  kAppointment,  // rendez-vous donné
  kReferred,     // orienté vers un partenaire
  kPending,      // en attente (pièces à fournir, réponse attendue)
};

// How the person reached the desk.
enum class Channel {
  kWalkIn,       // sans rendez-vous, au guichet
  kAppointment,  // sur rendez-vous
  kPhone,        // par téléphone
  kEmail,        // par courriel
};

struct Visit {
  std::string id;
  std::chrono::sys_seconds at;               // when the visit took place, UTC
  std::optional<std::string> commune_insee;  // of residence; none when unknown
  std::optional<bool> qpv;                   // lives in a priority neighbourhood; none when unknown
  std::optional<std::string> partner;        // a partner code of the site
  std::vector<std::string> themes;           // theme codes, in the order of Themes()
  Outcome outcome = Outcome::kResolved;
  std::optional<int> duration_minutes;
  Channel channel = Channel::kWalkIn;
  std::optional<bool> first_visit;
  std::string logged_by;  // the agent's id
  std::chrono::sys_seconds created_at;

  friend bool operator==(const Visit&, const Visit&) = default;
};

// How many visits a site has, and how many its kTotal roll-ups count: they
// differ when visits were stored before the roll-ups existed.
struct RollupCheck {
  std::int64_t visits = 0;
  std::int64_t rolled_up = 0;
};

class VisitStore {
 public:
  virtual ~VisitStore() = default;
  // Stores a new visit, its themes and adds `rollups` (RollupsOf the
  // visit) to the site's roll-ups, in one transaction.
  virtual Status AddVisit(const std::string& site_id, const Visit& visit,
                          const std::vector<Rollup>& rollups) = 0;
  // Stores many visits with their themes and adds `rollups` (their roll-ups
  // summed: SumRollups) in one transaction: all or none.
  virtual Status AddVisits(const std::string& site_id, const std::vector<Visit>& visits,
                           const std::vector<Rollup>& rollups) = 0;
  virtual Result<RollupCheck> CheckRollups(const std::string& site_id) = 0;
  // Replaces every roll-up of the site with `rollups` (summed), in one
  // transaction. REQUIRES: no visit of the site is written meanwhile.
  virtual Status ReplaceRollups(const std::string& site_id, const std::vector<Rollup>& rollups) = 0;
  // The site's visits with `from` <= at < `to`, by time.
  virtual Result<std::vector<Visit>> ListVisits(const std::string& site_id,
                                                std::chrono::sys_seconds from,
                                                std::chrono::sys_seconds to) = 0;
  // How many visits of the site came from each commune (unknown left out).
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> CountVisitsByCommune(
      const std::string& site_id) = 0;
};

}  // namespace relais::app
