#include "app/networks.h"

#include <algorithm>

#include "app/site_hours.h"

namespace relais::app {
namespace {

tl::unexpected<Error> UnknownNetwork() {
  return Fail(ErrorKind::kNotFound, "unknown_network", "Réseau inconnu.");
}

bool ValidNetworkId(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

Networks::Networks(NetworkStore& store, ReportStore& report_store, SiteStore& site_store,
                   const Reports& reports, const Sites& sites, AuditJournal* journal)
    : store_(store),
      report_store_(report_store),
      site_store_(site_store),
      reports_(reports),
      sites_(sites),
      journal_(journal) {}

Status Networks::MayView(const Agent& agent) const {
  return AuthorizeAt(agent, Action::kViewReports, sites_.Current()->id);
}

Result<NetworkActivity> Networks::Activity(const Agent& agent, const std::string& network_id,
                                           const ReportPeriod& period) {
  if (auto allowed = MayView(agent); !allowed) return tl::unexpected(allowed.error());
  auto found = store_.FindNetwork(network_id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return UnknownNetwork();
  const Network& network = **found;
  if (auto allowed = AtEverySite(agent, network.site_ids); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto ok = CheckReportPeriod(period); !ok) return tl::unexpected(ok.error());

  // Names and partners of every site, then each period's roll-ups.
  std::vector<SiteRollups> current;
  std::vector<SiteRollups> previous;
  std::vector<Partner> partners;
  const ReportPeriod before = period.YearBefore();
  for (const std::string& site_id : network.site_ids) {
    auto site = site_store_.FindSite(site_id);
    if (!site) return tl::unexpected(site.error());
    const std::string name = *site ? (*site)->name : site_id;
    auto more = site_store_.ListPartners(site_id);
    if (!more) return tl::unexpected(more.error());
    partners.insert(partners.end(), more->begin(), more->end());
    auto rows = report_store_.ReportRollups(site_id, period.from, period.to);
    if (!rows) return tl::unexpected(rows.error());
    current.push_back({site_id, name, std::move(*rows)});
    auto earlier = report_store_.ReportRollups(site_id, before.from, before.to);
    if (!earlier) return tl::unexpected(earlier.error());
    previous.push_back({site_id, name, std::move(*earlier)});
  }
  const LabelLookup labels = ReportLabels(partners);
  const CommuneLookup communes = reports_.CommuneFactsLookup();
  NetworkActivity activity;
  activity.network = network;
  activity.current = ConsolidateActivity(period.from, period.to, current, communes, labels);
  activity.previous = ConsolidateActivity(before.from, before.to, previous, communes, labels);
  return activity;
}

Result<ActivityComparison> Networks::Export(const Agent& agent, const std::string& network_id,
                                            const ReportPeriod& period) {
  if (auto allowed = AuthorizeAt(agent, Action::kExportReports, sites_.Current()->id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto activity = Activity(agent, network_id, period);
  if (!activity) return tl::unexpected(activity.error());
  if (journal_ != nullptr) {
    const std::string subject = "network " + network_id + " activity " +
                                FormatDate(date::year_month_day{period.from}) + ".." +
                                FormatDate(date::year_month_day{period.to});
    if (auto ok =
            journal_->Record(sites_.Current()->id, agent, audit_event::kReportExport, subject);
        !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return ActivityComparison{activity->network.name, std::move(activity->current.total),
                            std::move(activity->previous.total)};
}

Result<std::vector<Network>> Networks::Visible(const Agent& agent) {
  if (auto allowed = MayView(agent); !allowed) return tl::unexpected(allowed.error());
  auto networks = store_.ListNetworks();
  if (!networks) return tl::unexpected(networks.error());
  std::erase_if(*networks,
                [&](const Network& network) { return !AtEverySite(agent, network.site_ids); });
  return networks;
}

Result<Network> Networks::Save(const Agent& agent, const std::string& network_id,
                               const std::string& name) {
  if (auto allowed = Authorize(agent, Action::kEditSettings); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (!ValidNetworkId(network_id)) {
    return Fail(ErrorKind::kInvalid, "invalid_network_id",
                "L'identifiant d'un réseau a de 1 à 64 caractères : lettres minuscules sans "
                "accent, chiffres et tirets.",
                "id");
  }
  if (name.empty()) {
    return Fail(ErrorKind::kInvalid, "invalid_name", "Le nom du réseau est obligatoire.", "name");
  }
  if (auto saved = store_.SaveNetwork(network_id, name); !saved) {
    return tl::unexpected(saved.error());
  }
  auto found = store_.FindNetwork(network_id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return UnknownNetwork();
  return **found;
}

Status Networks::AddSite(const Agent& agent, const std::string& network_id,
                         const std::string& site_id) {
  if (auto allowed = Authorize(agent, Action::kEditSettings); !allowed) return allowed;
  return store_.AddNetworkSite(network_id, site_id);
}

}  // namespace relais::app
