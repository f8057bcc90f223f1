#include "storage/sql_network_store.h"

#include <map>

namespace relais::storage {
namespace {

// Every statement of this store, named once.
constexpr std::string_view kFindNetwork =
    "SELECT network_id, name FROM networks WHERE network_id = ?";
constexpr std::string_view kListNetworks =
    "SELECT network_id, name FROM networks ORDER BY network_id";
constexpr std::string_view kNetworkSites =
    "SELECT site_id FROM network_sites WHERE network_id = ? ORDER BY site_id";
constexpr std::string_view kAllNetworkSites =
    "SELECT network_id, site_id FROM network_sites ORDER BY network_id, site_id";
constexpr std::string_view kSaveNetwork =
    "INSERT INTO networks (network_id, name) VALUES (?, ?) "
    "ON CONFLICT (network_id) DO UPDATE SET name = excluded.name";
constexpr std::string_view kSiteExists = "SELECT 1 FROM sites WHERE site_id = ?";
constexpr std::string_view kAddNetworkSite =
    "INSERT INTO network_sites (site_id, network_id) VALUES (?, ?) "
    "ON CONFLICT (site_id, network_id) DO NOTHING";
constexpr std::string_view kRemoveNetworkSite =
    "DELETE FROM network_sites WHERE site_id = ? AND network_id = ?";

}  // namespace

Result<std::optional<app::Network>> SqlNetworkStore::FindNetwork(const std::string& network_id) {
  std::optional<app::Network> network;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kFindNetwork, {network_id});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return {};
    network = app::Network{rows->front().Text(0), rows->front().Text(1), {}};
    auto sites = c.Query(kNetworkSites, {network_id});
    if (!sites) return tl::unexpected(sites.error());
    for (const Row& row : *sites) network->site_ids.push_back(row.Text(0));
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return network;
}

Result<std::vector<app::Network>> SqlNetworkStore::ListNetworks() {
  std::vector<app::Network> networks;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListNetworks, {});
    if (!rows) return tl::unexpected(rows.error());
    std::map<std::string, std::size_t> index;
    for (const Row& row : *rows) {
      index.emplace(row.Text(0), networks.size());
      networks.push_back({row.Text(0), row.Text(1), {}});
    }
    auto sites = c.Query(kAllNetworkSites, {});
    if (!sites) return tl::unexpected(sites.error());
    for (const Row& row : *sites) {
      auto it = index.find(row.Text(0));
      if (it != index.end()) networks[it->second].site_ids.push_back(row.Text(1));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return networks;
}

Status SqlNetworkStore::SaveNetwork(const std::string& network_id, const std::string& name) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(c.Execute(kSaveNetwork, {network_id, name}));
  });
}

Status SqlNetworkStore::AddNetworkSite(const std::string& network_id, const std::string& site_id) {
  return db_.Write([&](Connection& c) -> Status {
    auto network = c.Query(kFindNetwork, {network_id});
    if (!network) return tl::unexpected(network.error());
    if (network->empty()) return Fail(ErrorKind::kNotFound, "unknown_network", "Réseau inconnu.");
    auto site = c.Query(kSiteExists, {site_id});
    if (!site) return tl::unexpected(site.error());
    if (site->empty()) return Fail(ErrorKind::kNotFound, "unknown_site", "Lieu inconnu.");
    return Check(c.Execute(kAddNetworkSite, {site_id, network_id}));
  });
}

Status SqlNetworkStore::RemoveNetworkSite(const std::string& network_id,
                                          const std::string& site_id) {
  return db_.Write([&](Connection& c) -> Status {
    auto removed = c.Execute(kRemoveNetworkSite, {site_id, network_id});
    if (!removed) return tl::unexpected(removed.error());
    if (*removed == 0) {
      return Fail(ErrorKind::kNotFound, "unknown_network_site",
                  "Ce lieu ne fait pas partie de ce réseau.");
    }
    return {};
  });
}

}  // namespace relais::storage
