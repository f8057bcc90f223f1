// The digital workshops' store (app/workshop_store.h) in portable SQL over a
// Database. A change of a session's registrations first raises the
// session's revision (an UPDATE: the row's lock on PostgreSQL, the single
// writer on SQLite), then decides on what it reads; a UNIQUE seat key backs
// the decision. Thread-safe as the Database is.
#pragma once

#include "app/workshop_store.h"
#include "storage/database.h"

namespace relais::storage {

class SqlWorkshopStore final : public app::WorkshopStore {
 public:
  explicit SqlWorkshopStore(Database& db) : db_(db) {}

  Result<std::vector<app::Workshop>> ListWorkshops(const std::string& site_id) override;
  Status SaveWorkshop(const std::string& site_id, const app::Workshop& workshop) override;
  Result<std::vector<app::Facilitator>> ListFacilitators(const std::string& site_id) override;
  Result<std::vector<app::WorkshopSession>> ListSessions(const std::string& site_id, UtcTime from,
                                                         UtcTime to) override;
  Result<std::optional<app::WorkshopSession>> FindSession(const std::string& site_id,
                                                          const std::string& id) override;
  Status InsertSession(const std::string& site_id, const app::WorkshopSession& session,
                       app::Instant now) override;
  Status UpdateSession(const std::string& site_id, const app::WorkshopSession& session) override;
  Status SetWalkIns(const std::string& site_id, const std::string& session_id,
                    int walk_ins) override;
  Result<app::SeatPlan> ChangeSeats(const std::string& site_id, const std::string& session_id,
                                    const app::DecideSeats& decide, app::Instant now) override;
  Result<std::optional<app::Registration>> FindRegistration(const std::string& site_id,
                                                            const std::string& id) override;
  Result<std::vector<app::Registration>> ListRegistrations(const std::string& site_id,
                                                           const std::string& session_id) override;
  Status SetAttendance(const std::string& site_id, const std::string& registration_id,
                       Attendance attendance) override;
  Result<app::Assessment> FindAssessment(const std::string& site_id,
                                         const std::string& registration_id) override;
  Status SaveAssessment(const std::string& site_id, const std::string& registration_id,
                        AssessmentPhase phase, const std::vector<int>& scores) override;
  Status InsertHistory(const std::string& site_id, const std::vector<app::SessionRecord>& records,
                       app::Instant now) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
