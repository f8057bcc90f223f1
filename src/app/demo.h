// The demo desk of DESIGN.md: the PIMMS Médiation d'Antony of the seed,
// its partners and one account per role with the password "demo".
// Idempotent: what already exists is kept.
#pragma once

#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/appointment_store.h"
#include "app/sites.h"

namespace relais::app {

inline constexpr char kDemoSiteId[] = "antony";
inline constexpr char kDemoPassword[] = "demo";

struct DemoAccount {
  std::string login;
  std::string role;
};

// Creates what is missing of the demo desk; returns the demo accounts.
Result<std::vector<DemoAccount>> BuildDemoDesk(Sites& sites, Accounts& accounts,
                                               SiteStore& site_store);

// Gives the demo desk its appointment types and its three mediators'
// availability, unless it has some already. REQUIRES: BuildDemoDesk succeeded.
Status BuildDemoAppointments(AppointmentStore& store, AgentStore& agents);

}  // namespace relais::app
