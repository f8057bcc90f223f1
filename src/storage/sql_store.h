// The application's stores (app/ports.h) in portable SQL over a Database.
// Thread-safe as the Database is.
#pragma once

#include "app/ports.h"
#include "storage/database.h"

namespace relais::storage {

class SqlStore final : public app::SiteStore, public app::AgentStore {
 public:
  explicit SqlStore(Database& db) : db_(db) {}

  Result<std::optional<Site>> FindSite(const std::string& site_id) override;
  Result<std::vector<Site>> ListSites() override;
  Status SaveSite(const Site& site, app::Instant now) override;
  Result<std::vector<Partner>> ListPartners(const std::string& site_id) override;
  Status SavePartner(const std::string& site_id, const Partner& partner) override;
  Result<std::vector<app::HoursExceptionRecord>> ListHoursExceptions(
      const std::string& site_id) override;
  Status SaveHoursException(const std::string& site_id,
                            const app::HoursExceptionRecord& record) override;
  Status DeleteHoursException(const std::string& site_id, const std::string& date) override;

  Result<std::optional<app::AgentCredentials>> FindAgentByLogin(const std::string& login) override;
  Status CreateAgent(const app::Agent& agent, const std::string& password_hash,
                     app::Instant now) override;
  Status SetPassword(const std::string& login, const std::string& password_hash) override;
  Status SetTotpSecret(const std::string& agent_id, const std::string& secret,
                       bool enabled) override;
  Result<bool> UseTotpStep(const std::string& agent_id, std::int64_t step) override;
  Status CreateSession(const std::string& token_hash, const std::string& agent_id, app::Instant now,
                       app::Instant expires_at) override;
  Result<std::optional<app::AgentSession>> FindSession(const std::string& token_hash,
                                                       app::Instant now) override;
  Status TouchSession(const std::string& token_hash, app::Instant now) override;
  Status DeleteSession(const std::string& token_hash) override;
  Result<std::int64_t> DeleteAgentSessions(const std::string& agent_id,
                                           const std::string& keep_token_hash) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
