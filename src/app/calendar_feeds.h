// A mediator's private calendar feed (agenda en abonnement): a secret URL
// that a calendar application polls for the mediator's appointments. Only
// a digest of its token is stored; issuing a new one revokes the previous.
// Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/agent.h"
#include "app/appointment_store.h"
#include "app/ports.h"
#include "app/sites.h"
#include "domain/error.h"

namespace relais::app {

inline constexpr std::chrono::days kFeedPast{30};     // the feed starts this long ago
inline constexpr std::chrono::days kFeedFuture{366};  // and ends this far ahead

class CalendarFeedStore {
 public:
  virtual ~CalendarFeedStore() = default;
  // Creates or replaces the agent's feed token digest.
  virtual Status SaveCalendarFeed(const std::string& site_id, const std::string& agent_id,
                                  const std::string& token_digest, Instant now) = 0;
  // The agent of a feed, or nothing.
  virtual Result<std::optional<std::string>> FindCalendarFeed(const std::string& site_id,
                                                              const std::string& token_digest) = 0;
};

class CalendarFeeds {
 public:
  CalendarFeeds(CalendarFeedStore& feeds, AppointmentStore& appointments, Sites& sites,
                const Clock& clock)
      : feeds_(feeds), appointments_(appointments), sites_(sites), clock_(clock) {}

  // A new feed token for `agent`, who must take appointments at the served
  // site (kForbidden otherwise); the previous token stops working.
  Result<std::string> Issue(const Agent& agent);

  // The booked appointments (and those seen or missed) of the feed's
  // mediator from kFeedPast ago to kFeedFuture ahead, by start. kNotFound
  // alike for a malformed and an unknown token.
  Result<std::vector<Appointment>> Appointments(const std::string& token);

 private:
  CalendarFeedStore& feeds_;
  AppointmentStore& appointments_;
  Sites& sites_;
  const Clock& clock_;
};

}  // namespace relais::app
