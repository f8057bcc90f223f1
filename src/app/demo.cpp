#include "app/demo.h"

namespace relais::app {

Result<std::vector<DemoAccount>> BuildDemoDesk(Sites& sites, Accounts& accounts,
                                               SiteStore& site_store) {
  auto existing = site_store.FindSite(kDemoSiteId);
  if (!existing) return tl::unexpected(existing.error());
  if (!*existing) {
    Site site{kDemoSiteId, "PIMMS Médiation d'Antony",
              "Quartier du Noyer-Doré, 92160 Antony", "Europe/Paris",
              "Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off"};
    if (auto saved = sites.Save(site); !saved) return tl::unexpected(saved.error());
  }
  for (const std::string code : {"caf", "cpam", "france-travail"}) {
    for (const Partner& partner : StandardPartners()) {
      if (partner.code != code) continue;
      if (auto saved = sites.AddPartner(kDemoSiteId, partner); !saved) {
        return tl::unexpected(saved.error());
      }
    }
  }
  std::vector<DemoAccount> created;
  for (Role role : {Role::kAdmin, Role::kCoordinator, Role::kMediator, Role::kReception,
                    Role::kFunder}) {
    const std::string login(RoleName(role));
    auto agent = accounts.AddDemoAgent(login, role, kDemoPassword, {kDemoSiteId});
    if (!agent && agent.error().code != "login_taken") return tl::unexpected(agent.error());
    created.push_back({login, login});
  }
  return created;
}

}  // namespace relais::app
