// The networks' storage port: a network (réseau) groups sites of one
// installation under a name, for the reports consolidated across them.
// A site may belong to several networks. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/error.h"

namespace relais::app {

// A network of desks and its sites, by site id.
struct Network {
  std::string id;
  std::string name;
  std::vector<std::string> site_ids;

  friend bool operator==(const Network&, const Network&) = default;
};

class NetworkStore {
 public:
  virtual ~NetworkStore() = default;

  // The network with its sites, or nothing.
  virtual Result<std::optional<Network>> FindNetwork(const std::string& network_id) = 0;
  // Every network with its sites, by id.
  virtual Result<std::vector<Network>> ListNetworks() = 0;
  // Creates the network `id` or renames it; its sites stay.
  virtual Status SaveNetwork(const std::string& network_id, const std::string& name) = 0;
  // Puts the site in the network; nothing changes when it is there already.
  // kNotFound "unknown_network" or "unknown_site" when either is absent.
  virtual Status AddNetworkSite(const std::string& network_id, const std::string& site_id) = 0;
  // kNotFound when the site is not in the network.
  virtual Status RemoveNetworkSite(const std::string& network_id, const std::string& site_id) = 0;
};

}  // namespace relais::app
