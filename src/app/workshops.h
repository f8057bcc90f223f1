// Digital workshops (ateliers numériques) of the served site: the catalogue
// and its sessions, registration by the public (with consent, no account)
// or at the desk, the waiting list and its automatic promotion, the
// attendance sheet, anonymous head-counts, self-assessments and the figures
// of a period. Seats are decided by the domain's rules (domain/workshop.h)
// inside the store's transaction, under the session's lock; every message
// owed goes to the outbox in that same transaction. Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "app/agent.h"
#include "app/appointments.h"
#include "app/outbox.h"
#include "app/ports.h"
#include "app/sites.h"
#include "app/workshop_store.h"
#include "domain/error.h"
#include "domain/workshop.h"

namespace relais::app {

inline constexpr std::size_t kMaxRoomLength = 100;   // characters
inline constexpr std::size_t kMaxTitleLength = 200;  // characters
inline constexpr std::size_t kMaxDescriptionLength = 2000;
inline constexpr int kComingDays = 92;             // the public list: this many days ahead
inline constexpr int kMaxSessionWindowDays = 400;  // staff lists: at most this many days

// Who may act: Action::kRunWorkshops (registrations, attendance, head-counts,
// self-assessments) and Action::kManageWorkshops (catalogue and sessions)
// of app/policy.h, at the agent's own sites (admins anywhere). kForbidden
// otherwise.
Status MayRunWorkshops(const Agent& agent, const std::string& site_id);
Status MayManageWorkshops(const Agent& agent, const std::string& site_id);

// The manage token of registration `id` signed with the site's link key
// (app/secrets.h LinkToken), so that a message sent later can carry it.
std::string RegistrationLinkToken(std::string_view key, std::string_view id);

// A session to create or change. Times are RFC 3339.
struct SessionRequest {
  std::string workshop_id;
  std::string start;
  std::string end;
  std::string room;
  int capacity = 12;
  std::string agent_id;  // the mediator; empty: the agent asking
};

struct RegistrationRequest {
  PersonDetails person;
  bool consent = false;
};

// A new registration with the token of its manage link.
struct Enrolment {
  Registration registration;  // status "registered" or "waitlisted", with its position
  std::string manage_token;   // given once; only its digest is stored
};

// A workshop with sessions (the public list, the staff's planning).
struct WorkshopListing {
  Workshop workshop;
  std::vector<WorkshopSession> sessions;
};

// The messages a registration owes its person when it is made
// (kConfirmation), promoted (kPromotion) or cancelled (kCancellation) at
// `now`: one per channel its person gave with consent (e-mail, SMS), due at
// once; and while it holds a seat, one reminder per channel and delay of
// `plan` still ahead of `now`.
std::vector<OutboxMessage> PlanRegistrationNotices(const Registration& registration,
                                                   const WorkshopSession& session, NoticeKind kind,
                                                   const ReminderPlan& plan, UtcTime now);

class Workshops {
 public:
  Workshops(WorkshopStore& store, Sites& sites, const Clock& clock)
      : store_(store), sites_(sites), clock_(clock) {}

  // REQUIRES: called before any other method, if at all. (The settings of
  // the appointments': reminders, link key, wake.)
  void SetNotices(NoticeSettings settings) { notices_ = std::move(settings); }

  // REQUIRES for every method: sites.Load succeeded.

  // The catalogue, by position.
  Result<std::vector<Workshop>> Catalogue();
  // Each workshop with its sessions not yet started, up to kComingDays ahead.
  Result<std::vector<WorkshopListing>> Coming();
  // Creates or replaces a workshop (Action::kManageWorkshops). kInvalid
  // "invalid_workshop" naming the field at fault.
  Result<Workshop> SaveWorkshop(const Agent& agent, Workshop workshop);
  // Who may lead the site's sessions (Action::kManageWorkshops).
  Result<std::vector<Facilitator>> Facilitators(const Agent& agent);

  // The sessions starting on local days `from` to `to` (YYYY-MM-DD)
  // included (Action::kRunWorkshops). kMalformed on a bad date, kInvalid
  // when to < from or over kMaxSessionWindowDays.
  Result<std::vector<WorkshopSession>> Sessions(const Agent& agent, const std::string& from,
                                                const std::string& to);
  // One session, for anyone. kNotFound "session_not_found".
  Result<WorkshopSession> Session(const std::string& id);
  // Creates a session (Action::kManageWorkshops); its refusals name the
  // field: invalid_time, invalid_session_time, invalid_capacity,
  // invalid_room, unknown_workshop, unknown_mediator.
  Result<WorkshopSession> CreateSession(const Agent& agent, const SessionRequest& request);
  // Changes a session; a larger capacity moves the waiting up (and tells
  // them), a smaller one than the people registered is refused (kConflict
  // "capacity_below_registered").
  Result<WorkshopSession> UpdateSession(const Agent& agent, const std::string& id,
                                        const SessionRequest& request);

  // Registers a person, for the public (staff null: a phone or an e-mail
  // is required) or at the desk. kNotFound "session_not_found"; kConflict
  // "session_past" once the session has started; kInvalid
  // "consent_required" and ValidatePerson's refusals.
  Result<Enrolment> Register(const std::string& session_id, const RegistrationRequest& request,
                             const Agent* staff);

  // Cancels with the manage token, or as staff (token ignored); a seat
  // given back goes to the first on the waiting list, who is told.
  // kNotFound "registration_not_found" alike for an unknown id and a wrong
  // token; kConflict "already_cancelled", "session_past".
  Result<Registration> Cancel(const std::string& id, const std::string& token, const Agent* staff);

  // One registration with its position, with the token or as staff.
  Result<Registration> Find(const std::string& id, const std::string& token, const Agent* staff);

  // A session's registrations in order of arrival (Action::kRunWorkshops).
  Result<std::vector<Registration>> Registrations(const Agent& agent,
                                                  const std::string& session_id);

  // Marks "present" or "absent" (Action::kRunWorkshops), from
  // kAttendanceBeforeStart before the start. kInvalid "invalid_attendance",
  // "not_started"; kConflict "not_registered".
  Result<Registration> SetAttendance(const Agent& agent, const std::string& registration_id,
                                     const std::string& attendance);

  // Sets the anonymous head-count of people come without registering.
  Result<WorkshopSession> SetHeadCount(const Agent& agent, const std::string& session_id,
                                       int count);

  // A participant's self-assessment (Action::kRunWorkshops).
  Result<Assessment> FindAssessment(const Agent& agent, const std::string& registration_id);
  // Records one phase ("before" or "after"): kInvalid "invalid_phase",
  // CheckScores' refusals; kConflict "not_registered" for a cancelled one.
  Status SaveAssessment(const Agent& agent, const std::string& registration_id,
                        const std::string& phase, const std::vector<int>& scores);

  // For the reports: the sessions of local days [from, to] (both included)
  // with their seats, registered, present, absent, head-counts, fill and
  // attendance rates (Action::kViewReports: aggregates only, funders too).
  // kInvalid "invalid_period" (field "to") when to < from or longer than
  // kMaxSessionWindowDays.
  Result<WorkshopActivity> Activity(const Agent& agent, date::sys_days from, date::sys_days to);

 private:
  std::string SiteId() const;
  UtcTime Now() const;
  // [start of local day `from`, start of the local day after `to`).
  std::pair<UtcTime, UtcTime> LocalSpan(date::sys_days from, date::sys_days to) const;
  Result<WorkshopSession> CheckedSession(const SessionRequest& request, const Agent& agent,
                                         WorkshopSession session);
  // The promotion messages of the registrations that `changes` moved up.
  std::vector<OutboxMessage> PromotionNotices(const SeatPlan& plan,
                                              const std::vector<SeatChange>& changes, UtcTime now);
  void Wake() const;

  WorkshopStore& store_;
  Sites& sites_;
  const Clock& clock_;
  NoticeSettings notices_;
};

}  // namespace relais::app
