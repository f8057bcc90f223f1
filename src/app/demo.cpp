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
  for (const std::string login : {"mediatrice2", "mediateur3"}) {
    auto agent = accounts.AddDemoAgent(login, Role::kMediator, kDemoPassword, {kDemoSiteId});
    if (!agent && agent.error().code != "login_taken") return tl::unexpected(agent.error());
    created.push_back({login, std::string(RoleName(Role::kMediator))});
  }
  return created;
}

Status BuildDemoAppointments(AppointmentStore& store, AgentStore& agents) {
  // The seed's procedures; online bookings at least 2 hours ahead, 60 days at most.
  const std::vector<AppointmentType> types = {
      {"caf-logement", "Aide pour l'allocation logement (CAF)", 45, "caf",
       "Numéro d'allocataire CAF, bail ou quittance de loyer, dernier avis d'imposition, RIB.",
       true, 120, 60, 15, 1},
      {"caf-prime-activite", "Prime d'activité (CAF)", 30, "caf",
       "Numéro d'allocataire CAF, bulletins de salaire des trois derniers mois.", true, 120, 60, 0,
       2},
      {"cpam-compte-ameli", "Créer son compte ameli", 30, "cpam",
       "Carte Vitale, RIB, téléphone portable et adresse e-mail.", true, 120, 60, 0, 3},
      {"france-travail-inscription", "Inscription et espace France Travail", 30, "france-travail",
       "Pièce d'identité, CV si vous en avez un, adresse e-mail.", true, 120, 60, 0, 4},
      {"billet-train", "Réserver un billet de train", 20, "",
       "Pièce d'identité, carte de réduction éventuelle, moyen de paiement.", true, 120, 60, 0, 5},
      {"orientation", "Orientation générale", 15, "", "", true, 120, 60, 0, 6},
      {"suivi-demarche", "Suivi d'une démarche (sur proposition d'un médiateur)", 30, "",
       "Les courriers reçus depuis le dernier rendez-vous.", false, 0, 60, 0, 7},
  };
  auto existing = store.ListAppointmentTypes(kDemoSiteId);
  if (!existing) return tl::unexpected(existing.error());
  if (existing->empty()) {
    for (const AppointmentType& type : types) {
      if (auto saved = store.SaveAppointmentType(kDemoSiteId, type); !saved) return saved;
    }
  }
  auto mediators = store.ListMediators(kDemoSiteId);
  if (!mediators) return tl::unexpected(mediators.error());
  if (!mediators->empty()) return {};
  // Within the desk's hours: Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00.
  const std::vector<std::pair<std::string, MediatorSettings>> demo = {
      {"mediator",
       {"", "", "Mo-Fr 09:30-13:00,14:00-17:00",
        {"caf-logement", "caf-prime-activite", "cpam-compte-ameli", "france-travail-inscription",
         "billet-train", "orientation", "suivi-demarche"}}},
      {"mediatrice2",
       {"", "", "Mo,Tu,Th,Fr 09:30-13:00; We 14:00-17:00",
        {"caf-logement", "caf-prime-activite", "cpam-compte-ameli", "orientation",
         "suivi-demarche"}}},
      {"mediateur3",
       {"", "", "Mo,We,Th 14:00-17:00; Tu,Fr 09:30-13:00",
        {"cpam-compte-ameli", "france-travail-inscription", "billet-train", "orientation",
         "suivi-demarche"}}},
  };
  for (auto [login, settings] : demo) {
    auto agent = agents.FindAgentByLogin(login);
    if (!agent) return tl::unexpected(agent.error());
    if (!*agent) continue;
    settings.agent_id = (*agent)->agent.id;
    if (auto saved = store.SaveMediator(kDemoSiteId, settings); !saved) return saved;
  }
  return {};
}

}  // namespace relais::app
