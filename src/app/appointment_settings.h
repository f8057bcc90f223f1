// Setting up appointments at the served site: types, each mediator's weekly
// hours and types, absences. Changes need Action::kEditSettings at the
// site; reading needs Action::kManageAppointments. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "app/agent.h"
#include "app/appointment_store.h"
#include "app/appointments.h"
#include "app/ports.h"
#include "app/sites.h"
#include "domain/error.h"

namespace relais::app {

class AppointmentSettings {
 public:
  AppointmentSettings(Appointments& appointments, AppointmentStore& store, AgentStore& agents,
                      Sites& sites, const Clock& clock)
      : appointments_(appointments), store_(store), agents_(agents), sites_(sites), clock_(clock) {}

  // Creates or replaces a type (validated as Appointments::SaveType does).
  Status SaveType(const AppointmentType& type, const Agent& agent);

  // The site's mediators, by login.
  Result<std::vector<MediatorSettings>> Mediators(const Agent& agent);

  // Makes the agent `login`, who works at the site, a mediator with these
  // weekly hours (opening_hours, local time) and types. kInvalid
  // "unknown_mediator" (field "login") for an unknown login or an agent of
  // another site; the fields' errors otherwise.
  Result<MediatorSettings> SaveMediator(const std::string& login, const std::string& weekly_hours,
                                        const std::vector<std::string>& type_ids,
                                        const Agent& agent);

  // The absences that have not ended yet, by start.
  Result<std::vector<Absence>> Absences(const Agent& agent);

  // Records an absence of the mediator `login` over [start, end).
  Result<Absence> AddAbsence(const std::string& login, UtcInterval span, const std::string& reason,
                             const Agent& agent);

 private:
  Status MayEdit(const Agent& agent) const;
  // The mediator `login` of the site, or kInvalid "unknown_mediator".
  Result<Agent> SiteAgent(const std::string& login);

  Appointments& appointments_;
  AppointmentStore& store_;
  AgentStore& agents_;
  Sites& sites_;
  const Clock& clock_;
};

}  // namespace relais::app
