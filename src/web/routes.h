// Every route of the server: the JSON API (api.cpp, api_appointments.cpp), the pages
// (pages.cpp) and the static assets (assets.cpp).
#pragma once

#include "web/router.h"
#include "web/server.h"

namespace relais::web {

void AddApiRoutes(Router& router, Services& services);
void AddAppointmentRoutes(Router& router, Services& services);
void AddPageRoutes(Router& router, Services& services);
void AddAssetRoutes(Router& router);
// Visits: the JSON API (api_visits.cpp) and the counter page (pages_counter.cpp).
void AddVisitRoutes(Router& router, Services& services);
void AddCounterRoutes(Router& router, Services& services);

}  // namespace relais::web
