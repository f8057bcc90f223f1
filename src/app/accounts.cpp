#include "app/accounts.h"

#include "app/password_policy.h"
#include "app/secrets.h"
#include "domain/totp.h"

namespace relais::app {
namespace {

// A session's last request is written at most this often.
constexpr std::chrono::seconds kTouchEvery{60};
constexpr std::size_t kTotpSecretBytes = 20;

tl::unexpected<Error> BadCredentials() {
  return Fail(ErrorKind::kUnauthenticated, "invalid_credentials",
              "Identifiant ou mot de passe incorrect.");
}

tl::unexpected<Error> NotSignedIn() {
  return Fail(ErrorKind::kUnauthenticated, "unauthenticated",
              "Session absente ou expirée : connectez-vous.");
}

// The per-account lockout cannot be read or written: the attempt is refused.
tl::unexpected<Error> LockoutUnavailable() {
  return Fail(ErrorKind::kUnavailable, "lockout_unavailable",
              "Connexion impossible pour le moment : le verrouillage des comptes est "
              "indisponible. Réessayez dans un instant.");
}

tl::unexpected<Error> UnknownAgent(const std::string& login) {
  return Fail(ErrorKind::kNotFound, "agent_not_found", "Aucun compte « " + login + " ».", "login");
}

}  // namespace

bool TotpRequired(Role role) {
  return role == Role::kAdmin || role == Role::kCoordinator;
}

Accounts::Accounts(AgentStore& store, LoginLockoutStore& lockouts, const Clock& clock,
                   AuditJournal* journal)
    : store_(store),
      lockouts_(lockouts),
      clock_(clock),
      journal_(journal),
      failed_logins_(kMaxFailedLogins, std::chrono::seconds(60)) {}

Result<Agent> Accounts::AddAgent(const std::string& login, const std::string& role,
                                 const std::string& password,
                                 const std::vector<std::string>& site_ids) {
  auto parsed = ParseRole(role);
  if (!parsed) {
    return Fail(ErrorKind::kInvalid, "unknown_role",
                "Rôle inconnu « " + role +
                    " » : choisissez admin, coordinator, mediator, reception ou funder.",
                "role");
  }
  if (auto valid = CheckNewPassword(login, password, "password"); !valid) {
    return tl::unexpected(valid.error());
  }
  return AddDemoAgent(login, *parsed, password, site_ids);
}

Result<Agent> Accounts::AddDemoAgent(const std::string& login, Role role,
                                     const std::string& password,
                                     const std::vector<std::string>& site_ids) {
  if (login.empty() || login.size() > 64 || login.find_first_of(" \t\r\n") != std::string::npos) {
    return Fail(ErrorKind::kInvalid, "invalid_login",
                "L'identifiant doit compter de 1 à 64 caractères, sans espace.", "login");
  }
  auto hash = HashPassword(password);
  if (!hash) return tl::unexpected(hash.error());
  Agent agent{RandomId(), login, role, site_ids};
  if (auto created = store_.CreateAgent(agent, *hash, clock_.Now()); !created) {
    if (created.error().kind == ErrorKind::kConflict) {
      return Fail(ErrorKind::kConflict, "login_taken",
                  "L'identifiant « " + login + " » est déjà utilisé.", "login");
    }
    return tl::unexpected(created.error());
  }
  return agent;
}

Status Accounts::EnrollDemoTotp(const std::string& login, const std::string& secret_base32) {
  auto found = store_.FindAgentByLogin(login);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return UnknownAgent(login);
  return store_.SetTotpSecret((*found)->agent.id, secret_base32, true);
}

Result<LockoutState> Accounts::CheckNotLocked(const std::string& key, Instant now) {
  auto state = lockouts_.FindLockout(key);
  if (!state) return LockoutUnavailable();
  auto until = LockedUntil(*state, now);
  if (!until) return *state;
  const auto minutes = std::chrono::ceil<std::chrono::minutes>(*until - now).count();
  return Fail(ErrorKind::kRateLimited, "account_locked",
              "Compte verrouillé après " + std::to_string(kMaxAccountFailures) +
                  " tentatives échouées : réessayez dans " + std::to_string(minutes) +
                  (minutes > 1 ? " minutes." : " minute."));
}

Status Accounts::RecordFailure(const std::string& key, const std::string& address, Instant now) {
  bool prune = false;
  {
    std::lock_guard lock(limiter_mutex_);
    if (!address.empty()) failed_logins_.Record(address, now);
    if (now - last_prune_ >= kLockoutPruneEvery) {
      last_prune_ = now;
      prune = true;
    }
  }
  if (!lockouts_.RecordLoginFailure(key, kLockoutRule, now)) return LockoutUnavailable();
  // Housekeeping only: what a failed prune leaves, the next one drops.
  if (prune) (void)lockouts_.PruneLockouts(kLockoutRule, now);
  return {};
}

Status Accounts::UseCode(const AgentCredentials& credentials, const std::string& code,
                         Instant now) {
  auto secret = totp::Base32Decode(credentials.totp_secret);
  auto step = secret ? totp::MatchingStep(*secret, code, now) : std::nullopt;
  if (!step) {
    return Fail(ErrorKind::kUnauthenticated, "totp_invalid",
                "Code de double authentification incorrect ou expiré.", "code");
  }
  auto used = store_.UseTotpStep(credentials.agent.id, *step);
  if (!used) return tl::unexpected(used.error());
  if (!*used) {
    return Fail(ErrorKind::kUnauthenticated, "totp_invalid",
                "Ce code a déjà servi : attendez le suivant de votre application.", "code");
  }
  return {};
}

Result<NewSession> Accounts::Login(const std::string& login, const std::string& password,
                                   const std::string& code, const std::string& address) {
  auto session = CheckLogin(login, password, code, address);
  if (journal_ == nullptr) return session;
  if (session) {
    if (auto ok = journal_->Record("", session->agent, audit_event::kLogin, ""); !ok) {
      (void)store_.DeleteSession(TokenDigest(session->token));
      return tl::unexpected(ok.error());
    }
  } else if (session.error().kind == ErrorKind::kUnauthenticated) {
    // Who was refused, when the login names an account; never what was typed.
    std::string agent_id;
    if (auto found = store_.FindAgentByLogin(login); found && *found) agent_id = (*found)->agent.id;
    (void)journal_->Record("", agent_id, audit_event::kLoginRefused, session.error().code);
  }
  return session;
}

Result<NewSession> Accounts::CheckLogin(const std::string& login, const std::string& password,
                                        const std::string& code, const std::string& address) {
  const Instant now = clock_.Now();
  {
    std::lock_guard lock(limiter_mutex_);
    if (failed_logins_.Exceeded(address, now)) {
      return Fail(ErrorKind::kRateLimited, "too_many_attempts",
                  "Trop de tentatives de connexion : réessayez dans une minute.");
    }
  }
  const std::string key = LockoutKey(login);
  auto lockout = CheckNotLocked(key, now);
  if (!lockout) return tl::unexpected(lockout.error());
  auto found = store_.FindAgentByLogin(login);
  if (!found) return tl::unexpected(found.error());
  bool valid = false;
  if (*found) {
    valid = VerifyPassword(password, (*found)->password_hash);
  } else {
    std::call_once(dummy_once_, [this] {
      auto dummy = HashPassword(RandomToken());
      if (dummy) dummy_hash_ = *dummy;
    });
    (void)VerifyPassword(password, dummy_hash_);
  }
  if (!valid) {
    if (auto recorded = RecordFailure(key, address, now); !recorded) {
      return tl::unexpected(recorded.error());
    }
    return BadCredentials();
  }
  const AgentCredentials& credentials = **found;
  if (credentials.totp_enabled) {
    if (code.empty()) {
      return Fail(ErrorKind::kUnauthenticated, "totp_required",
                  "Saisissez le code à 6 chiffres de votre application de double authentification.",
                  "code");
    }
    if (auto accepted = UseCode(credentials, code, now); !accepted) {
      if (accepted.error().kind == ErrorKind::kUnauthenticated) {
        if (auto recorded = RecordFailure(key, address, now); !recorded) {
          return tl::unexpected(recorded.error());
        }
      }
      return tl::unexpected(accepted.error());
    }
  }
  // A key with nothing recorded when checked needs no write; failures
  // recorded since by another process stay, which only errs on the safe side.
  if (*lockout != LockoutState{} && !lockouts_.ResetLockout(key)) return LockoutUnavailable();
  NewSession session{RandomToken(), credentials.agent, now + kSessionLifetime,
                     TotpRequired(credentials.agent.role) && !credentials.totp_enabled};
  if (auto saved = store_.CreateSession(TokenDigest(session.token), session.agent.id, now,
                                        session.expires_at);
      !saved) {
    return tl::unexpected(saved.error());
  }
  return session;
}

Result<SignedIn> Accounts::Session(const std::string& token) {
  if (token.empty() || token.size() > 128) return NotSignedIn();
  const Instant now = clock_.Now();
  const std::string digest = TokenDigest(token);
  auto found = store_.FindSession(digest, now);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return NotSignedIn();
  const AgentSession& record = **found;
  if (now - record.last_seen_at > kSessionIdleTimeout) {
    (void)store_.DeleteSession(digest);
    return Fail(ErrorKind::kUnauthenticated, "session_idle",
                "Session fermée après deux heures sans activité : reconnectez-vous.");
  }
  if (now - record.last_seen_at >= kTouchEvery) {
    if (auto touched = store_.TouchSession(digest, now); !touched) {
      return tl::unexpected(touched.error());
    }
  }
  return SignedIn{record.agent, record.totp_enabled,
                  TotpRequired(record.agent.role) && !record.totp_enabled};
}

Result<Agent> Accounts::Authenticate(const std::string& token) {
  auto signed_in = Session(token);
  if (!signed_in) return tl::unexpected(signed_in.error());
  if (signed_in->enrollment_required) {
    return Fail(ErrorKind::kForbidden, "totp_enrollment_required",
                "La double authentification est obligatoire pour votre rôle : activez-la d'abord "
                "(page /connexion/double-facteur).");
  }
  return std::move(signed_in->agent);
}

Status Accounts::Logout(const std::string& token) {
  if (token.empty() || token.size() > 128) return {};
  return store_.DeleteSession(TokenDigest(token));
}

Result<TotpEnrollment> Accounts::BeginTotpEnrollment(const Agent& agent) {
  auto found = store_.FindAgentByLogin(agent.login);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return UnknownAgent(agent.login);
  if ((*found)->totp_enabled) {
    return Fail(ErrorKind::kConflict, "totp_already_enabled",
                "La double authentification est déjà active sur ce compte.");
  }
  std::string secret = (*found)->totp_secret;
  if (secret.empty()) {
    secret = totp::Base32Encode(RandomBytes(kTotpSecretBytes));
    if (auto saved = store_.SetTotpSecret(agent.id, secret, false); !saved) {
      return tl::unexpected(saved.error());
    }
  }
  return TotpEnrollment{secret, totp::OtpauthUri(kTotpIssuer, agent.login, secret)};
}

Status Accounts::ConfirmTotpEnrollment(const Agent& agent, const std::string& code) {
  auto found = store_.FindAgentByLogin(agent.login);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return UnknownAgent(agent.login);
  if ((*found)->totp_enabled || (*found)->totp_secret.empty()) {
    return Fail(ErrorKind::kConflict, "totp_not_pending",
                "Aucune activation en cours : rechargez la page de double authentification.");
  }
  if (auto accepted = UseCode(**found, code, clock_.Now()); !accepted) {
    Error error = accepted.error();
    if (error.kind == ErrorKind::kUnauthenticated) error.kind = ErrorKind::kInvalid;
    return tl::unexpected(error);
  }
  return store_.SetTotpSecret(agent.id, (*found)->totp_secret, true);
}

Status Accounts::ChangePassword(const Agent& agent, const std::string& token,
                                const std::string& current_password,
                                const std::string& new_password) {
  const Instant now = clock_.Now();
  const std::string key = LockoutKey(agent.login);
  if (auto unlocked = CheckNotLocked(key, now); !unlocked) {
    return tl::unexpected(unlocked.error());
  }
  auto found = store_.FindAgentByLogin(agent.login);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return UnknownAgent(agent.login);
  if (!VerifyPassword(current_password, (*found)->password_hash)) {
    if (auto recorded = RecordFailure(key, {}, now); !recorded) return recorded;
    return Fail(ErrorKind::kInvalid, "wrong_password", "Le mot de passe actuel est incorrect.",
                "current_password");
  }
  if (auto valid = CheckNewPassword(agent.login, new_password, "new_password"); !valid)
    return valid;
  auto hash = HashPassword(new_password);
  if (!hash) return tl::unexpected(hash.error());
  if (auto saved = store_.SetPassword(agent.login, *hash); !saved) return saved;
  auto ended = store_.DeleteAgentSessions(agent.id, TokenDigest(token));
  if (!ended) return tl::unexpected(ended.error());
  return {};
}

Result<std::int64_t> Accounts::RevokeSessions(const std::string& login) {
  auto found = store_.FindAgentByLogin(login);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return UnknownAgent(login);
  return store_.DeleteAgentSessions((*found)->agent.id, "");
}

Status Accounts::ResetPassword(const std::string& login, const std::string& new_password) {
  auto found = store_.FindAgentByLogin(login);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return UnknownAgent(login);
  if (auto valid = CheckNewPassword(login, new_password, "password"); !valid) return valid;
  auto hash = HashPassword(new_password);
  if (!hash) return tl::unexpected(hash.error());
  if (auto saved = store_.SetPassword(login, *hash); !saved) return saved;
  return AfterReset(**found, "password");
}

Status Accounts::ResetTotp(const std::string& login) {
  auto found = store_.FindAgentByLogin(login);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return UnknownAgent(login);
  if (auto saved = store_.SetTotpSecret((*found)->agent.id, "", false); !saved) return saved;
  return AfterReset(**found, "totp");
}

Status Accounts::AfterReset(const AgentCredentials& found, const std::string& what) {
  auto ended = store_.DeleteAgentSessions(found.agent.id, "");
  if (!ended) return tl::unexpected(ended.error());
  if (journal_ == nullptr) return {};
  return journal_->Record("", "", audit_event::kAccountReset, what + " " + found.agent.id);
}

}  // namespace relais::app
