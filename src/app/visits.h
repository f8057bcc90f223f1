// Visits (passages) logged at the counter of the served site, checked
// against the commune table, the site's partners and the fixed lists of
// themes, outcomes and channels; anonymous: no field holds a name.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/agent.h"
#include "app/communes.h"
#include "app/ports.h"
#include "app/sites.h"
#include "app/visit_store.h"
#include "domain/error.h"

namespace relais::app {

// A visit may be dated this far ahead of the server's clock (clock skew).
inline constexpr std::chrono::minutes kVisitClockTolerance{5};
inline constexpr int kMaxVisitMinutes = 480;

// A theme of the service-public.fr taxonomy: a stable code, a French label.
struct Theme {
  std::string_view code;
  std::string_view label;
};
const std::vector<Theme>& Themes();
// The French label of a theme code, or the code itself when unknown.
std::string_view ThemeLabel(std::string_view code);

std::string_view OutcomeName(Outcome outcome);   // "resolved", ...
std::string_view OutcomeLabel(Outcome outcome);  // "Résolu sur place", ...
std::optional<Outcome> ParseOutcome(std::string_view name);
inline constexpr Outcome kOutcomes[] = {Outcome::kResolved, Outcome::kAppointment,
                                        Outcome::kReferred, Outcome::kPending};

std::string_view ChannelName(Channel channel);   // "walk_in", ...
std::string_view ChannelLabel(Channel channel);  // "Au guichet", ...
std::optional<Channel> ParseChannel(std::string_view name);
inline constexpr Channel kChannels[] = {Channel::kWalkIn, Channel::kAppointment, Channel::kPhone,
                                        Channel::kEmail};

// The roll-up rows a visit adds (RollupsOf), its local day and hour read
// in `zone`.
std::vector<Rollup> VisitRollups(const Visit& visit, const TimeZone& zone);

// Stores `visits` of a site (already checked: a generated history, a
// benchmark) with their roll-ups summed, in one transaction.
Status ImportVisits(VisitStore& store, const std::string& site_id, const TimeZone& zone,
                    const std::vector<Visit>& visits);

// A visit as a caller gives it, before checks. Empty optionals are
// "unknown" (or "now" for `at`, "walk_in" for `channel`).
struct VisitDraft {
  std::optional<std::string> at;             // RFC 3339
  std::optional<std::string> commune_insee;  // an INSEE code
  std::optional<bool> qpv;
  std::optional<std::string> partner;  // a partner code of the site
  std::vector<std::string> themes;     // theme codes
  std::string outcome;                 // OutcomeName
  std::optional<std::int64_t> duration_minutes;
  std::optional<std::string> channel;  // ChannelName
  std::optional<bool> first_visit;
};

class Visits {
 public:
  Visits(VisitStore& store, Sites& sites, Communes& communes, const Clock& clock)
      : store_(store), sites_(sites), communes_(communes), clock_(clock) {}

  // Loads the served site's visit counts per commune into `communes`, and
  // rebuilds the site's roll-ups from its visits when they do not count
  // them all (visits stored before the roll-ups existed).
  // REQUIRES: sites.Load succeeded; no visit is logged meanwhile.
  Status Load();

  // Checks and stores a visit at the served site. kForbidden unless the
  // agent may log visits there; kInvalid naming the field at fault: "at"
  // (not RFC 3339, before 2000, or over kVisitClockTolerance ahead),
  // "commune_insee", "partner", "themes", "outcome", "duration_minutes"
  // (1 to kMaxVisitMinutes), "channel".
  Result<Visit> Log(const Agent& agent, const VisitDraft& draft);

  // The served site's visits on local day `date` (YYYY-MM-DD), by time.
  Result<std::vector<Visit>> Day(const Agent& agent, const std::string& date);

  // The site's local date today, YYYY-MM-DD.
  std::string Today() const;

  const Communes& communes() const { return communes_; }
  Sites& sites() const { return sites_; }

 private:
  Status MayLog(const Agent& agent) const;

  VisitStore& store_;
  Sites& sites_;
  Communes& communes_;
  const Clock& clock_;
};

}  // namespace relais::app
