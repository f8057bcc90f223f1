// The demo desk of DESIGN.md: the PIMMS Médiation d'Antony of the seed,
// its partners and one account per role with the password "demo"; admin
// and coordinator have TOTP with the published secret kDemoTotpSecret.
// Idempotent: what already exists is kept.
#pragma once

#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/appointment_store.h"
#include "app/report_store.h"
#include "app/sites.h"
#include "app/survey_store.h"

namespace relais::app {

inline constexpr char kDemoSiteId[] = "antony";
inline constexpr char kDemoPassword[] = "demo";
// The demo's TOTP secret (base32), published in the README: never a real one.
inline constexpr char kDemoTotpSecret[] = "RELAISDEMOPIMMSANTONYDOUBLEFACTE";

struct DemoAccount {
  std::string login;
  std::string role;
  bool totp = false;  // enrolled with kDemoTotpSecret
};

// Creates what is missing of the demo desk; returns the demo accounts.
Result<std::vector<DemoAccount>> BuildDemoDesk(Sites& sites, Accounts& accounts,
                                               SiteStore& site_store);

// Gives the demo desk its appointment types and its three mediators'
// availability, unless it has some already. REQUIRES: BuildDemoDesk succeeded.
Status BuildDemoAppointments(AppointmentStore& store, AgentStore& agents);

// Gives the demo desk its GIP members, unless it has some already: the
// communes of Antony and Massy at the usage key, the Essonne département,
// the State (emplois aidés), the CCAS of Antony and the social landlord
// Hauts-de-Bièvre Habitat at fixed amounts. REQUIRES: BuildDemoDesk succeeded.
Status BuildDemoMembers(ReportStore& store);

// Satisfaction survey answers of days [from, to] as the seed's desk would
// collect them: on weekdays that are not public holidays, about four a day
// after visits, one after appointments, two after the Tuesday and Thursday
// workshops; mostly 4 and 5 (the seed cites high satisfaction), "would
// recommend" mostly yes, a few comments. Deterministic: same days, same answers.
std::vector<SurveyRecord> DemoSurveyAnswers(date::year_month_day from, date::year_month_day to);

// Gives the demo desk its survey answers from 1 January 2024 to yesterday
// (the clock's, in Paris), unless it has some already.
Status BuildDemoSurveys(SurveyStore& store, const Clock& clock);

}  // namespace relais::app
