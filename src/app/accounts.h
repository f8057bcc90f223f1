// Staff accounts: creation, login (password, then a TOTP code when the agent
// has one) with a per-address rate limit (in memory) and a per-account
// lockout (in the database, shared by every relais process on it), sessions with an absolute and an
// idle lifetime, TOTP enrolment, password change, revocation. Thread-safe. Never logs a password,
// secret or code.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "app/agent.h"
#include "app/audit.h"
#include "app/login_lockout_store.h"
#include "app/ports.h"
#include "domain/error.h"
#include "domain/rate_limiter.h"

namespace relais::app {

// True for the roles that must use TOTP (admin, coordinator); the others may.
bool TotpRequired(Role role);

struct NewSession {
  std::string token;  // the cookie's value; only its digest is stored
  Agent agent;
  Instant expires_at;
  bool enrollment_required = false;  // the session only reaches TOTP enrolment
};

// A session's agent, before the enrolment gate.
struct SignedIn {
  Agent agent;
  bool totp_enabled = false;
  bool enrollment_required = false;  // TotpRequired(role) and no TOTP yet
};

// What an agent's authenticator app needs: the secret and its otpauth URI.
struct TotpEnrollment {
  std::string secret;  // base32
  std::string uri;     // otpauth://totp/relais:LOGIN?secret=…
};

class Accounts {
 public:
  static constexpr std::chrono::hours kSessionLifetime{12};
  // A session unused this long ends (every role): docs/decisions/008-staff-authentication.md.
  static constexpr std::chrono::hours kSessionIdleTimeout{2};
  static constexpr std::size_t kMaxFailedLogins = 10;  // per address and minute
  static constexpr std::int64_t kMaxAccountFailures = 5;
  static constexpr std::chrono::minutes kLockoutWindow{15};
  static constexpr std::chrono::minutes kLockoutDuration{15};
  static constexpr LockoutRule kLockoutRule{kMaxAccountFailures, kLockoutWindow, kLockoutDuration};
  // How often the lockouts with nothing left to remember are dropped.
  static constexpr std::chrono::hours kLockoutPruneEvery{1};
  static constexpr char kTotpIssuer[] = "relais";

  // Logins and refused credentials are recorded in `journal` when given.
  // The per-account lockout lives in `lockouts`, keyed by LockoutKey(login).
  Accounts(AgentStore& store, LoginLockoutStore& lockouts, const Clock& clock,
           AuditJournal* journal = nullptr);

  // Creates an agent working for `site_ids`. Refuses an unknown role, an
  // empty or taken login, a password breaking CheckNewPassword's rules.
  Result<Agent> AddAgent(const std::string& login, const std::string& role,
                         const std::string& password, const std::vector<std::string>& site_ids);

  // Creates an agent with a known password (the demo only): no policy.
  Result<Agent> AddDemoAgent(const std::string& login, Role role, const std::string& password,
                             const std::vector<std::string>& site_ids);
  // Enrols `login` with a known TOTP secret (the demo only).
  Status EnrollDemoTotp(const std::string& login, const std::string& secret_base32);

  // Checks the credentials and opens a session. The same error answers an
  // unknown login and a wrong password. An agent with TOTP must give the
  // code of the current step ±1, never one used before: none gives
  // kUnauthenticated "totp_required", a wrong or used one "totp_invalid".
  // Wrong passwords and codes count: after kMaxFailedLogins in a minute
  // from `address`, or kMaxAccountFailures in kLockoutWindow on `login`,
  // attempts fail with kRateLimited (the account's for kLockoutDuration).
  // When the lockout cannot be read or a failure cannot be recorded, the
  // attempt fails closed: kUnavailable "lockout_unavailable".
  Result<NewSession> Login(const std::string& login, const std::string& password,
                           const std::string& code, const std::string& address);

  // The agent of a live session, enrolment pending or not; kUnauthenticated
  // for no session, an expired or an idle one. Each use keeps it alive.
  Result<SignedIn> Session(const std::string& token);

  // The agent behind a session token: Session(), then kForbidden
  // "totp_enrollment_required" while the agent must enrol.
  Result<Agent> Authenticate(const std::string& token);

  Status Logout(const std::string& token);

  // The agent's TOTP secret to confirm (the pending one, else a new one).
  // kConflict "totp_already_enabled" when the agent has TOTP.
  Result<TotpEnrollment> BeginTotpEnrollment(const Agent& agent);
  // Enables the pending secret when `code` is its current code: kInvalid
  // "totp_invalid" (field "code") otherwise, kConflict without a pending one.
  Status ConfirmTotpEnrollment(const Agent& agent, const std::string& code);

  // Replaces the agent's password after checking the current one (kInvalid
  // "wrong_password", counted toward the lockout) and the rules of
  // CheckNewPassword (field "new_password"); ends the agent's other sessions
  // (all but `token`'s).
  Status ChangePassword(const Agent& agent, const std::string& token,
                        const std::string& current_password, const std::string& new_password);

  // Ends every session of `login`; how many. kNotFound for an unknown login.
  Result<std::int64_t> RevokeSessions(const std::string& login);

  // The administrator's remedies (from the command line) for a forgotten
  // password and a lost phone. Each ends every session of `login`, lifts
  // nothing else, and is journaled (audit_event::kAccountReset, subject
  // "password AGENT_ID" or "totp AGENT_ID"). kNotFound for an unknown login.
  //
  // Sets a new password, checked by CheckNewPassword (field "password").
  Status ResetPassword(const std::string& login, const std::string& new_password);
  // Removes the agent's TOTP: an admin or a coordinator enrols a new phone
  // at the next sign-in, the others sign in with their password alone.
  Status ResetTotp(const std::string& login);

 private:
  // Login without the journal.
  Result<NewSession> CheckLogin(const std::string& login, const std::string& password,
                                const std::string& code, const std::string& address);
  // The lockout state of `key` (LockoutKey(login)): kRateLimited while it
  // is locked, kUnavailable when it cannot be read.
  Result<LockoutState> CheckNotLocked(const std::string& key, Instant now);
  // Counts a failure for `address` and for `key`; kUnavailable when the
  // key's cannot be recorded. Drops forgettable lockouts now and then.
  Status RecordFailure(const std::string& key, const std::string& address, Instant now);
  // Ends the sessions of the agent `found` and journals the reset `what`.
  Status AfterReset(const AgentCredentials& found, const std::string& what);
  // Accepts `code` for `credentials` once: the step it matches is recorded.
  Status UseCode(const AgentCredentials& credentials, const std::string& code, Instant now);

  AgentStore& store_;
  LoginLockoutStore& lockouts_;
  const Clock& clock_;
  AuditJournal* journal_;
  std::mutex limiter_mutex_;
  RateLimiter failed_logins_;  // GUARDED_BY(limiter_mutex_)
  Instant last_prune_{};       // GUARDED_BY(limiter_mutex_)
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified for unknown logins, to equalise timing
};

}  // namespace relais::app
