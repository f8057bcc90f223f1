// What pages show of a site's hours: "open now / closes at / next
// opening" and the coming days, ready for the templates.
#pragma once

#include "app/site_hours.h"
#include "web/templates.h"

namespace relais::web {

// {"open": bool, "state": "Ouvert, ferme à 13 h 00", "days": [{"day", "hours",
// "today", "closed"}]} for `days` days from the local day of `now`.
PageData HoursView(const app::SiteHours& hours, date::sys_seconds now, int days);

}  // namespace relais::web
