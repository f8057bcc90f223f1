// What the workshop pages (pages_workshops.cpp, the public ones, and
// pages_workshops_staff.cpp) share: the site and the time of the request,
// a workshop and a session as the templates show them, in French.
#pragma once

#include <memory>
#include <string>

#include "app/workshops.h"
#include "web/router.h"
#include "web/server.h"
#include "web/templates.h"

namespace relais::web {

// What every handler needs of the site, read once per request.
struct WorkshopDesk {
  explicit WorkshopDesk(Services& services);
  std::shared_ptr<const Site> site;
  std::shared_ptr<const app::SiteHours> hours;
  UtcTime now;
  date::local_seconds Local(UtcTime t) const;
};

// {"id", "title", "description" (or false), "level", "theme"}.
PageData WorkshopData(const app::Workshop& workshop);

// {"id", "when" ("mardi 16 juin 2026, de 14 h 00 à 16 h 00"), "date"
// ("2026-06-16"), "start" and "end" ("14:00"), "room", "capacity",
// "registered", "waitlisted", "seats" (what is left, in words), "started"}.
PageData SessionData(const WorkshopDesk& desk, const app::WorkshopSession& session);

// The workshop `id` of the catalogue; one titled `id` when it is gone.
app::Workshop WorkshopOf(app::Workshops& workshops, const std::string& id);

// "Inscrit", "En liste d'attente (position 3)", "Annulé".
std::string RegistrationStatusLabel(const app::Registration& registration);

// The staff's workshop pages (pages_workshops_staff.cpp).
void AddWorkshopStaffPageRoutes(Router& router, Services& services);

}  // namespace relais::web
