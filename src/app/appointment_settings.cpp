#include "app/appointment_settings.h"

#include <algorithm>
#include <chrono>

#include "app/policy.h"
#include "app/secrets.h"

namespace relais::app {
namespace {

Error UnknownMediator() {
  return Error{ErrorKind::kInvalid, "unknown_mediator",
               "Aucun agent de ce lieu ne porte cet identifiant.", "login"};
}

// Listed at the site itself (an admin is not a mediator of every site).
bool WorksAt(const Agent& agent, const std::string& site_id) {
  return std::find(agent.site_ids.begin(), agent.site_ids.end(), site_id) != agent.site_ids.end();
}

}  // namespace

Status AppointmentSettings::MayEdit(const Agent& agent) const {
  return AuthorizeAt(agent, Action::kEditSettings, sites_.Current()->id);
}

Result<Agent> AppointmentSettings::SiteAgent(const std::string& login) {
  auto found = agents_.FindAgentByLogin(login);
  if (!found) return tl::unexpected(found.error());
  if (!*found || !WorksAt((*found)->agent, sites_.Current()->id)) {
    return tl::unexpected(UnknownMediator());
  }
  return (*found)->agent;
}

Status AppointmentSettings::SaveType(const AppointmentType& type, const Agent& agent) {
  if (auto allowed = MayEdit(agent); !allowed) return allowed;
  return appointments_.SaveType(type);
}

Result<std::vector<MediatorSettings>> AppointmentSettings::Mediators(const Agent& agent) {
  const std::string site_id = sites_.Current()->id;
  if (auto allowed = MayManageAppointments(agent, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  return store_.ListMediators(site_id);
}

Result<MediatorSettings> AppointmentSettings::SaveMediator(const std::string& login,
                                                           const std::string& weekly_hours,
                                                           const std::vector<std::string>& type_ids,
                                                           const Agent& agent) {
  if (auto allowed = MayEdit(agent); !allowed) return tl::unexpected(allowed.error());
  auto mediator = SiteAgent(login);
  if (!mediator) return tl::unexpected(mediator.error());
  MediatorSettings settings{mediator->id, mediator->login, weekly_hours, type_ids};
  if (auto saved = appointments_.SaveMediator(settings); !saved) {
    Error error = saved.error();
    if (error.code == "unknown_appointment_type") {  // one of the list, not a path
      error.kind = ErrorKind::kInvalid;
      error.field = "types";
    }
    return tl::unexpected(error);
  }
  return settings;
}

Result<std::vector<Absence>> AppointmentSettings::Absences(const Agent& agent) {
  const std::string site_id = sites_.Current()->id;
  if (auto allowed = MayManageAppointments(agent, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  return store_.ListAbsences(site_id,
                             std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now()));
}

Result<Absence> AppointmentSettings::AddAbsence(const std::string& login, UtcInterval span,
                                                const std::string& reason, const Agent& agent) {
  if (auto allowed = MayEdit(agent); !allowed) return tl::unexpected(allowed.error());
  auto mediator = SiteAgent(login);
  if (!mediator) return tl::unexpected(mediator.error());
  auto mediators = store_.ListMediators(sites_.Current()->id);
  if (!mediators) return tl::unexpected(mediators.error());
  if (std::none_of(mediators->begin(), mediators->end(),
                   [&](const MediatorSettings& m) { return m.agent_id == mediator->id; })) {
    return Fail(ErrorKind::kInvalid, "unknown_mediator",
                "Cet agent ne prend pas de rendez-vous dans ce lieu.", "login");
  }
  Absence absence{RandomId(), mediator->id, span, reason};
  if (auto saved = appointments_.AddAbsence(absence); !saved) return tl::unexpected(saved.error());
  return absence;
}

}  // namespace relais::app
