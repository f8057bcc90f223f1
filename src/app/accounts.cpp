#include "app/accounts.h"

#include "app/secrets.h"

namespace relais::app {
namespace {

tl::unexpected<Error> BadCredentials() {
  return Fail(ErrorKind::kUnauthenticated, "invalid_credentials",
              "Identifiant ou mot de passe incorrect.");
}

tl::unexpected<Error> NotSignedIn() {
  return Fail(ErrorKind::kUnauthenticated, "unauthenticated",
              "Session absente ou expirée : connectez-vous.");
}

}  // namespace

Accounts::Accounts(AgentStore& store, const Clock& clock)
    : store_(store), clock_(clock), failed_logins_(kMaxFailedLogins, std::chrono::seconds(60)) {}

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
  if (password.size() < kMinPasswordLength) {
    return Fail(ErrorKind::kInvalid, "weak_password",
                "Le mot de passe doit compter au moins " + std::to_string(kMinPasswordLength) +
                    " caractères.",
                "password");
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

Result<NewSession> Accounts::Login(const std::string& login, const std::string& password,
                                   const std::string& address) {
  const Instant now = clock_.Now();
  {
    std::lock_guard lock(limiter_mutex_);
    if (failed_logins_.Exceeded(address, now)) {
      return Fail(ErrorKind::kRateLimited, "too_many_attempts",
                  "Trop de tentatives de connexion : réessayez dans une minute.");
    }
  }
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
    std::lock_guard lock(limiter_mutex_);
    failed_logins_.Record(address, now);
    return BadCredentials();
  }
  NewSession session{RandomToken(), (*found)->agent, now + kSessionLifetime};
  if (auto saved = store_.CreateSession(TokenDigest(session.token), session.agent.id, now,
                                        session.expires_at);
      !saved) {
    return tl::unexpected(saved.error());
  }
  return session;
}

Result<Agent> Accounts::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) return NotSignedIn();
  auto found = store_.FindSession(TokenDigest(token), clock_.Now());
  if (!found) return tl::unexpected(found.error());
  if (!*found) return NotSignedIn();
  return **found;
}

Status Accounts::Logout(const std::string& token) {
  if (token.empty() || token.size() > 128) return {};
  return store_.DeleteSession(TokenDigest(token));
}

}  // namespace relais::app
