#include "web/page_common.h"

#include "app/policy.h"

namespace relais::web {

Response Redirect(const std::string& location) {
  Response response;
  response.status = 303;
  response.content_type = "text/html; charset=utf-8";
  response.Header("Location", location);
  return response;
}

Response SignInRedirect(const Error& error) {
  return Redirect(error.code == "totp_enrollment_required" ? kEnrollmentPath : "/connexion");
}

PageData AgentData(const app::Agent& agent) {
  PageData data;
  data.set("login", agent.login);
  data.set("role", std::string(RoleLabel(agent.role)));
  data.set("is_admin", agent.role == Role::kAdmin);
  data.set("can_log_visit", app::Allowed(agent.role, app::Action::kLogVisit));
  data.set("can_use_queue", app::Allowed(agent.role, app::Action::kIssueTicket));
  data.set("can_view_people", app::Allowed(agent.role, app::Action::kViewPersonFiles));
  data.set("can_manage_appointments", app::Allowed(agent.role, app::Action::kManageAppointments));
  data.set("can_view_reports", app::Allowed(agent.role, app::Action::kViewReports));
  data.set("can_run_workshops", app::Allowed(agent.role, app::Action::kRunWorkshops));
  return data;
}

}  // namespace relais::web
