// The interfaces that the application owns and the storage drivers
// implement (ports), plus the clock. Implementations must be thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/agent.h"
#include "app/site_hours.h"
#include "domain/error.h"
#include "domain/site.h"

namespace relais::app {

using Instant = std::chrono::system_clock::time_point;

// The only way the application learns the time; tests use a fake.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override { return std::chrono::system_clock::now(); }
};

class SiteStore {
 public:
  virtual ~SiteStore() = default;
  virtual Result<std::optional<Site>> FindSite(const std::string& site_id) = 0;
  virtual Result<std::vector<Site>> ListSites() = 0;
  // Creates or replaces the site.
  virtual Status SaveSite(const Site& site, Instant now) = 0;
  virtual Result<std::vector<Partner>> ListPartners(const std::string& site_id) = 0;
  // Creates or renames the partner `partner.code` of the site.
  virtual Status SavePartner(const std::string& site_id, const Partner& partner) = 0;
  // The site's dated exceptions to its weekly hours, by date.
  virtual Result<std::vector<HoursExceptionRecord>> ListHoursExceptions(
      const std::string& site_id) = 0;
  // Creates or replaces the exception of `record.date`.
  virtual Status SaveHoursException(const std::string& site_id,
                                    const HoursExceptionRecord& record) = 0;
  // kNotFound when the site has no exception that day.
  virtual Status DeleteHoursException(const std::string& site_id, const std::string& date) = 0;
};

// An agent together with its stored password hash and TOTP state, for
// login only. The secret is never logged.
struct AgentCredentials {
  Agent agent;
  std::string password_hash;
  std::string totp_secret;          // base32; empty when none
  bool totp_enabled = false;        // the secret was confirmed by a code
  std::int64_t totp_last_step = 0;  // the step of the last code accepted
};

// A stored session: its agent, whether the agent has TOTP, its last request.
struct AgentSession {
  Agent agent;
  bool totp_enabled = false;
  Instant last_seen_at;
};

class AgentStore {
 public:
  virtual ~AgentStore() = default;
  virtual Result<std::optional<AgentCredentials>> FindAgentByLogin(const std::string& login) = 0;
  // Fails with kConflict when the login is taken.
  virtual Status CreateAgent(const Agent& agent, const std::string& password_hash, Instant now) = 0;
  // kNotFound when no agent has `login`.
  virtual Status SetPassword(const std::string& login, const std::string& password_hash) = 0;
  // Gives the agent `secret` (base32), confirmed or pending confirmation.
  virtual Status SetTotpSecret(const std::string& agent_id, const std::string& secret,
                               bool enabled) = 0;
  // Records that the code of `step` was used, atomically: false (nothing
  // changed) when a code of this step or a later one was used already.
  virtual Result<bool> UseTotpStep(const std::string& agent_id, std::int64_t step) = 0;
  // Opens a session whose last request is `now`.
  virtual Status CreateSession(const std::string& token_hash, const std::string& agent_id,
                               Instant now, Instant expires_at) = 0;
  // The session if it has not expired at `now`, or nothing; idleness is
  // the caller's to judge.
  virtual Result<std::optional<AgentSession>> FindSession(const std::string& token_hash,
                                                          Instant now) = 0;
  // Sets the session's last request to `now`.
  virtual Status TouchSession(const std::string& token_hash, Instant now) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  // Ends every session of the agent except `keep_token_hash` (empty: none
  // kept); returns how many ended.
  virtual Result<std::int64_t> DeleteAgentSessions(const std::string& agent_id,
                                                   const std::string& keep_token_hash) = 0;
};

}  // namespace relais::app
