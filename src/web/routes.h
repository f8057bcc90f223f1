// Every route of the server: the JSON API (api.cpp), the pages
// (pages.cpp) and the static assets (assets.cpp).
#pragma once

#include "web/router.h"
#include "web/server.h"

namespace relais::web {

void AddApiRoutes(Router& router, Services& services);
void AddPageRoutes(Router& router, Services& services);
void AddAssetRoutes(Router& router);

}  // namespace relais::web
