// The appointments' store (app/appointment_store.h) in portable SQL over a
// Database: a booking takes one appointment_units row per 5-minute unit of
// its busy time in the same transaction, whose primary key refuses an
// overlap on a mediator's time. Thread-safe as the Database is.
#pragma once

#include "app/appointment_store.h"
#include "storage/database.h"

namespace relais::storage {

class SqlAppointmentStore final : public app::AppointmentStore {
 public:
  explicit SqlAppointmentStore(Database& db) : db_(db) {}

  Result<std::vector<app::AppointmentType>> ListAppointmentTypes(
      const std::string& site_id) override;
  Status SaveAppointmentType(const std::string& site_id, const app::AppointmentType& type) override;
  Result<std::vector<app::MediatorSettings>> ListMediators(const std::string& site_id) override;
  Status SaveMediator(const std::string& site_id, const app::MediatorSettings& mediator) override;
  Result<std::vector<app::Absence>> ListAbsences(const std::string& site_id,
                                                 UtcTime after) override;
  Status SaveAbsence(const std::string& site_id, const app::Absence& absence) override;
  Result<std::vector<app::Appointment>> ListBusyAppointments(const std::string& site_id,
                                                             UtcTime after) override;
  Result<std::vector<app::Appointment>> ListAppointments(const std::string& site_id, UtcTime from,
                                                         UtcTime to) override;
  Result<std::optional<app::Appointment>> FindAppointment(const std::string& site_id,
                                                          const std::string& id) override;
  Status InsertAppointment(const std::string& site_id, const app::Appointment& appointment,
                           const std::vector<app::OutboxMessage>& notices,
                           app::Instant now) override;
  Result<app::Appointment> ChangeAppointment(const std::string& site_id, const std::string& id,
                                             const app::DecideChange& decide,
                                             app::Instant now) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
