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
  virtual Result<std::vector<HoursExceptionRecord>> ListHoursExceptions(const std::string& site_id) = 0;
  // Creates or replaces the exception of `record.date`.
  virtual Status SaveHoursException(const std::string& site_id, const HoursExceptionRecord& record) = 0;
  // kNotFound when the site has no exception that day.
  virtual Status DeleteHoursException(const std::string& site_id, const std::string& date) = 0;
};

// An agent together with its stored password hash, for login only.
struct AgentCredentials {
  Agent agent;
  std::string password_hash;
};

class AgentStore {
 public:
  virtual ~AgentStore() = default;
  virtual Result<std::optional<AgentCredentials>> FindAgentByLogin(const std::string& login) = 0;
  // Fails with kConflict when the login is taken.
  virtual Status CreateAgent(const Agent& agent, const std::string& password_hash,
                             Instant now) = 0;
  virtual Status SetPassword(const std::string& login, const std::string& password_hash) = 0;
  virtual Status CreateSession(const std::string& token_hash, const std::string& agent_id,
                               Instant now, Instant expires_at) = 0;
  // The agent of an unexpired session, or nothing.
  virtual Result<std::optional<Agent>> FindSession(const std::string& token_hash, Instant now) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
};

}  // namespace relais::app
