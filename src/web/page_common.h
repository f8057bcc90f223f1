// Helpers shared by the HTML pages.
#pragma once

#include <string>

#include "app/agent.h"
#include "web/http.h"
#include "web/router.h"
#include "web/server.h"
#include "web/templates.h"

namespace relais::web {

Response Redirect(const std::string& location);

// The TOTP enrolment page, the only one an agent who must enrol reaches.
inline constexpr char kEnrollmentPath[] = "/connexion/double-facteur";

// Where a page sends a request whose session check failed with `error`:
// the enrolment page while TOTP enrolment is due, else the login page.
Response SignInRedirect(const Error& error);

// {"login", "role" (French label), "is_admin", "can_log_visit", "can_use_queue",
// "can_view_people", "can_manage_appointments", "can_view_reports"} for the layout's navigation.
PageData AgentData(const app::Agent& agent);

// The admin pages of the site's hours (pages_hours.cpp).
void AddHoursAdminRoutes(Router& router, Services& services);

// The public privacy page /confidentialite (pages_privacy.cpp).
void AddPrivacyPageRoutes(Router& router, Services& services);

}  // namespace relais::web
