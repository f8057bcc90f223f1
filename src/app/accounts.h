// Staff accounts: creation, login with rate limiting, sessions, logout.
// Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "app/agent.h"
#include "app/ports.h"
#include "domain/error.h"
#include "domain/rate_limiter.h"

namespace relais::app {

struct NewSession {
  std::string token;  // the cookie's value; only its digest is stored
  Agent agent;
  Instant expires_at;
};

class Accounts {
 public:
  static constexpr std::chrono::hours kSessionLifetime{12};
  static constexpr std::size_t kMaxFailedLogins = 10;  // per address and minute
  static constexpr std::size_t kMinPasswordLength = 10;

  Accounts(AgentStore& store, const Clock& clock);

  // Creates an agent working for `site_ids`. Refuses an unknown role, an
  // empty or taken login, a password shorter than kMinPasswordLength.
  Result<Agent> AddAgent(const std::string& login, const std::string& role,
                         const std::string& password, const std::vector<std::string>& site_ids);

  // Creates an agent with a known password (the demo only): no policy.
  Result<Agent> AddDemoAgent(const std::string& login, Role role, const std::string& password,
                             const std::vector<std::string>& site_ids);

  // Checks the credentials and opens a session. The same error answers an
  // unknown login and a wrong password; after kMaxFailedLogins failures in
  // a minute from `address`, every attempt from it fails with kRateLimited.
  Result<NewSession> Login(const std::string& login, const std::string& password,
                           const std::string& address);

  // The agent behind a session token, or kUnauthenticated.
  Result<Agent> Authenticate(const std::string& token);

  Status Logout(const std::string& token);

 private:
  AgentStore& store_;
  const Clock& clock_;
  std::mutex limiter_mutex_;
  RateLimiter failed_logins_;  // GUARDED_BY(limiter_mutex_)
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified for unknown logins, to equalise timing
};

}  // namespace relais::app
