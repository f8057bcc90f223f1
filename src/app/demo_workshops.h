// The demo desk's digital workshops: a catalogue of seven workshops, a year
// of sessions on Tuesday and Thursday afternoons with their registrations,
// waiting lists, cancellations, attendance, head-counts and self-assessments,
// and the sessions of the coming four weeks with seats left (one full, with
// its waiting list). Deterministic: each session's figures come from a
// generator seeded with its date.
#pragma once

#include <vector>

#include <date/date.h>

#include "app/ports.h"
#include "app/site_hours.h"
#include "app/sites.h"
#include "app/workshop_store.h"

namespace relais::app {

// The catalogue of the demo desk.
std::vector<Workshop> DemoWorkshopCatalogue();

// The sessions of local days [from, to] (Tuesdays and Thursdays that are not
// holidays, 14:00 to 16:00 at the site), those before `today` held (with
// attendance), the others to come. `mediators` lead them in turn.
// REQUIRES: mediators is not empty.
std::vector<SessionRecord> DemoWorkshopSessions(const SiteHours& site_hours,
                                                date::year_month_day from, date::year_month_day to,
                                                date::year_month_day today,
                                                const std::vector<std::string>& mediators);

// Gives the demo desk its catalogue, the sessions of the 365 days before
// today and of the 28 days after, unless it has workshops already.
// REQUIRES: BuildDemoDesk succeeded and the demo site is loaded in `sites`.
Status BuildDemoWorkshops(WorkshopStore& store, AgentStore& agents, const Sites& sites,
                          const Clock& clock);

}  // namespace relais::app
