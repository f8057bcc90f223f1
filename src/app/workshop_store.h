// The digital workshops' storage port (ateliers numériques): the catalogue,
// the sessions, the registrations with their seats and waiting list,
// attendance, head-counts and self-assessments of a site. Every change of a
// session's registrations is one transaction that first locks the session's
// row, so that the seat decisions of one session never run side by side
// (on PostgreSQL too), and a UNIQUE seat key refuses a seat given twice.
// Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/appointment_store.h"
#include "app/outbox.h"
#include "app/ports.h"
#include "domain/error.h"
#include "domain/workshop.h"

namespace relais::app {

// A workshop of the catalogue (atelier).
struct Workshop {
  std::string id;           // stable slug, e.g. "premiers-pas"
  std::string title;        // "Premiers pas sur l'ordinateur"
  std::string description;  // what is learnt, in French
  WorkshopLevel level = WorkshopLevel::kBeginner;
  std::string theme;  // a WorkshopThemes() code
  int position = 0;   // display order
};

// A session of a workshop (séance), [start, end) in UTC.
struct WorkshopSession {
  std::string id;
  std::string workshop_id;
  UtcTime start;
  UtcTime end;
  std::string room;  // "Salle informatique"
  int capacity = 12;
  std::string agent_id;     // the mediator who leads it
  std::string agent_login;  // read from storage; ignored when saving
  int walk_ins = 0;         // anonymous head-count of people come without registering
  // Read from storage (ignored when saving): the registrations by status,
  // and the registered ones' attendance.
  int registered = 0;
  int waitlisted = 0;
  int present = 0;
  int absent = 0;
};

// A person's registration to a session (inscription).
struct Registration {
  std::string id;
  std::string session_id;
  std::int64_t arrival = 0;  // order of arrival within the session: 1, 2, 3…
  RegistrationStatus status = RegistrationStatus::kRegistered;
  int seat = 0;               // 1..capacity while registered, 0 otherwise
  int waitlist_position = 0;  // read from storage: 1 for the next to move up; 0 unless waitlisted
  Attendance attendance = Attendance::kUnmarked;
  PersonDetails person;
  bool consent = false;
  std::string booked_by;     // the agent who registered them; empty when online
  std::string token_digest;  // TokenDigest of the manage token
  UtcTime created_at{};      // set by the store
};

// A participant's self-assessment: one score per AssessmentStatements(),
// before and after; empty when not given.
struct Assessment {
  std::vector<int> before;
  std::vector<int> after;
};

// A facilitator who may lead sessions at a site: an agent of the site who is
// an admin, a coordinator or a mediator.
struct Facilitator {
  std::string agent_id;
  std::string login;
};

// A session and its registrations, read under the session's lock.
struct SeatPlan {
  WorkshopSession session;
  std::vector<Registration> registrations;  // in order of arrival, cancelled ones included
  std::int64_t next_arrival = 1;            // the arrival number of a newcomer
};

// The registrations of `plan` as the seat rules see them.
inline std::vector<Seat> SeatsOf(const SeatPlan& plan) {
  std::vector<Seat> seats;
  seats.reserve(plan.registrations.size());
  for (const auto& r : plan.registrations) seats.push_back({r.id, r.arrival, r.status, r.seat});
  return seats;
}

// What to do with a session's registrations, decided on its SeatPlan.
struct SeatDecision {
  std::optional<Registration> insert;     // a newcomer, placed (arrival, status, seat)
  std::vector<SeatChange> changes;        // status and seat of existing registrations
  std::optional<int> capacity;            // a new capacity
  std::vector<std::string> drop_pending;  // registrations whose pending messages are dropped
  std::vector<OutboxMessage> notices;     // then written to the outbox
};

using DecideSeats = std::function<Result<SeatDecision>(const SeatPlan&)>;

// A past session with what happened, for bulk loading (the demo).
struct SessionRecord {
  WorkshopSession session;
  std::vector<Registration> registrations;
  std::vector<std::pair<std::string, Assessment>> assessments;  // by registration id
};

class WorkshopStore {
 public:
  virtual ~WorkshopStore() = default;

  // By position, then title.
  virtual Result<std::vector<Workshop>> ListWorkshops(const std::string& site_id) = 0;
  // Creates or replaces the workshop `workshop.id`.
  virtual Status SaveWorkshop(const std::string& site_id, const Workshop& workshop) = 0;

  // The agents who may lead a site's sessions, by login.
  virtual Result<std::vector<Facilitator>> ListFacilitators(const std::string& site_id) = 0;

  // The sessions starting in [from, to), by start, with their counts.
  virtual Result<std::vector<WorkshopSession>> ListSessions(const std::string& site_id,
                                                            UtcTime from, UtcTime to) = 0;
  virtual Result<std::optional<WorkshopSession>> FindSession(const std::string& site_id,
                                                             const std::string& id) = 0;
  // Creates a session (counts ignored). kInvalid "unknown_workshop" (field
  // "workshop") or "unknown_mediator" (field "mediator") when they are not
  // the site's.
  virtual Status InsertSession(const std::string& site_id, const WorkshopSession& session,
                               Instant now) = 0;
  // Changes a session's workshop, times, room and mediator (not its
  // capacity: ChangeSeats). The same refusals; kNotFound "session_not_found".
  virtual Status UpdateSession(const std::string& site_id, const WorkshopSession& session) = 0;
  // Sets the anonymous head-count. kNotFound "session_not_found".
  virtual Status SetWalkIns(const std::string& site_id, const std::string& session_id,
                            int walk_ins) = 0;

  // In one transaction: locks the session's row, reads its SeatPlan, asks
  // `decide`, applies its decision (the newcomer, the changes, the
  // capacity, the outbox) and returns the plan as changed. kNotFound
  // "session_not_found" for an unknown session; `decide`'s error as it is;
  // kConflict "seat_taken" if the decision gives a seat already held
  // (nothing is written). REQUIRES: `decide` does not call the store.
  virtual Result<SeatPlan> ChangeSeats(const std::string& site_id, const std::string& session_id,
                                       const DecideSeats& decide, Instant now) = 0;

  // One registration with its waiting-list position.
  virtual Result<std::optional<Registration>> FindRegistration(const std::string& site_id,
                                                               const std::string& id) = 0;
  // A session's registrations in order of arrival, with positions.
  virtual Result<std::vector<Registration>> ListRegistrations(const std::string& site_id,
                                                              const std::string& session_id) = 0;
  // Marks a registered person's attendance; kConflict "not_registered" when
  // the registration does not hold a seat, kNotFound "registration_not_found".
  virtual Status SetAttendance(const std::string& site_id, const std::string& registration_id,
                               Attendance attendance) = 0;

  virtual Result<Assessment> FindAssessment(const std::string& site_id,
                                            const std::string& registration_id) = 0;
  // Replaces the scores of one phase. kNotFound "registration_not_found".
  virtual Status SaveAssessment(const std::string& site_id, const std::string& registration_id,
                                AssessmentPhase phase, const std::vector<int>& scores) = 0;

  // Writes sessions as they are, with their registrations (seats and
  // arrivals as given) and assessments, in one transaction.
  virtual Status InsertHistory(const std::string& site_id,
                               const std::vector<SessionRecord>& records, Instant now) = 0;
};

}  // namespace relais::app
