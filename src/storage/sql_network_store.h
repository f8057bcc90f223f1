// The networks' store (app/network_store.h) in portable SQL over a
// Database. Thread-safe as the Database is.
#pragma once

#include "app/network_store.h"
#include "storage/database.h"

namespace relais::storage {

class SqlNetworkStore final : public app::NetworkStore {
 public:
  explicit SqlNetworkStore(Database& db) : db_(db) {}

  Result<std::optional<app::Network>> FindNetwork(const std::string& network_id) override;
  Result<std::vector<app::Network>> ListNetworks() override;
  Status SaveNetwork(const std::string& network_id, const std::string& name) override;
  Status AddNetworkSite(const std::string& network_id, const std::string& site_id) override;
  Status RemoveNetworkSite(const std::string& network_id, const std::string& site_id) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
