#include "storage/sql_workshop_store.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace relais::storage {
namespace {

using app::Registration;
using app::WorkshopSession;

// Every statement of this store, named once.
constexpr std::string_view kListWorkshops =
    "SELECT workshop_id, title, description, level, theme, position FROM workshops "
    "WHERE site_id = ? ORDER BY position, title";
constexpr std::string_view kUpdateWorkshop =
    "UPDATE workshops SET title = ?, description = ?, level = ?, theme = ?, position = ? "
    "WHERE site_id = ? AND workshop_id = ?";
constexpr std::string_view kInsertWorkshop =
    "INSERT INTO workshops (site_id, workshop_id, title, description, level, theme, position) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kWorkshopExists =
    "SELECT 1 FROM workshops WHERE site_id = ? AND workshop_id = ?";
constexpr std::string_view kListFacilitators =
    "SELECT a.agent_id, a.login FROM agents a JOIN site_agents s ON s.agent_id = a.agent_id "
    "WHERE s.site_id = ? AND a.role IN ('admin', 'coordinator', 'mediator') ORDER BY a.login";
constexpr std::string_view kFacilitatorExists =
    "SELECT 1 FROM agents a JOIN site_agents s ON s.agent_id = a.agent_id "
    "WHERE s.site_id = ? AND a.agent_id = ? AND a.role IN ('admin', 'coordinator', 'mediator')";

// A session with its counts: every column not aggregated is grouped by, as
// PostgreSQL requires.
constexpr std::string_view kSessionSelect =
    "SELECT s.session_id, s.workshop_id, s.starts_at, s.ends_at, s.room, s.capacity, s.agent_id, "
    "g.login, s.walk_ins, "
    "COALESCE(SUM(CASE WHEN r.status = 'registered' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN r.status = 'waitlisted' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN r.status = 'registered' AND r.attendance = 'present' "
    "THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN r.status = 'registered' AND r.attendance = 'absent' "
    "THEN 1 ELSE 0 END), 0) "
    "FROM workshop_sessions s JOIN agents g ON g.agent_id = s.agent_id "
    "LEFT JOIN workshop_registrations r ON r.site_id = s.site_id AND r.session_id = s.session_id ";
constexpr std::string_view kSessionGroup =
    " GROUP BY s.session_id, s.workshop_id, s.starts_at, s.ends_at, s.room, s.capacity, "
    "s.agent_id, g.login, s.walk_ins";
constexpr std::string_view kSessionsBetween =
    "WHERE s.site_id = ? AND s.starts_at >= ? AND s.starts_at < ?";
constexpr std::string_view kSessionById = "WHERE s.site_id = ? AND s.session_id = ?";
constexpr std::string_view kSessionOrder = " ORDER BY s.starts_at, s.session_id";

constexpr std::string_view kInsertSession =
    "INSERT INTO workshop_sessions (site_id, session_id, workshop_id, starts_at, ends_at, room, "
    "capacity, agent_id, walk_ins, arrivals, revision, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)";
constexpr std::string_view kUpdateSession =
    "UPDATE workshop_sessions SET workshop_id = ?, starts_at = ?, ends_at = ?, room = ?, "
    "agent_id = ? WHERE site_id = ? AND session_id = ?";
constexpr std::string_view kSetWalkIns =
    "UPDATE workshop_sessions SET walk_ins = ? WHERE site_id = ? AND session_id = ?";
// The lock: see ChangeSeats.
constexpr std::string_view kLockSession =
    "UPDATE workshop_sessions SET revision = revision + 1 WHERE site_id = ? AND session_id = ?";
constexpr std::string_view kArrivals =
    "SELECT arrivals FROM workshop_sessions WHERE site_id = ? AND session_id = ?";
constexpr std::string_view kSetArrivals =
    "UPDATE workshop_sessions SET arrivals = ? WHERE site_id = ? AND session_id = ?";
constexpr std::string_view kSetCapacity =
    "UPDATE workshop_sessions SET capacity = ? WHERE site_id = ? AND session_id = ?";

constexpr std::string_view kRegistrationColumns =
    "SELECT r.registration_id, r.session_id, r.arrival, r.status, r.seat, r.attendance, "
    "r.token_digest, r.first_name, r.last_name, r.phone, r.email, r.commune_insee, r.consent_at, "
    "r.booked_by, r.created_at, "
    "CASE WHEN r.status = 'waitlisted' THEN (SELECT COUNT(*) FROM workshop_registrations w "
    "WHERE w.site_id = r.site_id AND w.session_id = r.session_id AND w.status = 'waitlisted' "
    "AND w.arrival <= r.arrival) ELSE 0 END "
    "FROM workshop_registrations r ";
constexpr std::string_view kRegistrationById = "WHERE r.site_id = ? AND r.registration_id = ?";
constexpr std::string_view kRegistrationsOfSession =
    "WHERE r.site_id = ? AND r.session_id = ? ORDER BY r.arrival";
constexpr std::string_view kInsertRegistration =
    "INSERT INTO workshop_registrations (site_id, registration_id, session_id, arrival, status, "
    "seat, attendance, token_digest, first_name, last_name, phone, email, commune_insee, "
    "consent_at, booked_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kUpdateSeat =
    "UPDATE workshop_registrations SET status = ?, seat = ?, updated_at = ? "
    "WHERE site_id = ? AND registration_id = ? AND session_id = ?";
constexpr std::string_view kReleaseSeat =
    "UPDATE workshop_registrations SET status = ?, seat = NULL, attendance = NULL, "
    "updated_at = ? WHERE site_id = ? AND registration_id = ? AND session_id = ?";
constexpr std::string_view kSetAttendance =
    "UPDATE workshop_registrations SET attendance = ? "
    "WHERE site_id = ? AND registration_id = ? AND status = 'registered'";
constexpr std::string_view kRegistrationExists =
    "SELECT 1 FROM workshop_registrations WHERE site_id = ? AND registration_id = ?";

constexpr std::string_view kListAssessment =
    "SELECT phase, statement, score FROM workshop_assessments "
    "WHERE site_id = ? AND registration_id = ?";
constexpr std::string_view kDeleteAssessment =
    "DELETE FROM workshop_assessments WHERE site_id = ? AND registration_id = ? AND phase = ?";
constexpr std::string_view kInsertAssessment =
    "INSERT INTO workshop_assessments (site_id, registration_id, phase, statement, score) "
    "VALUES (?, ?, ?, ?, ?)";

constexpr std::string_view kInsertOutbox =
    "INSERT INTO outbox (site_id, message_id, registration_id, kind, channel, sequence, due_at, "
    "status, attempts, next_attempt_at, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)";
constexpr std::string_view kDropPending =
    "UPDATE outbox SET status = 'dropped', last_error = ? "
    "WHERE site_id = ? AND registration_id = ? AND status = 'pending'";

UtcTime Time(std::int64_t seconds) {
  return UtcTime{std::chrono::seconds{seconds}};
}

std::string Sql(std::initializer_list<std::string_view> parts) {
  std::string sql;
  for (std::string_view part : parts) sql += part;
  return sql;
}

// NULL for an empty text: personal details absent are not stored at all.
Value TextOrNull(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}

tl::unexpected<Error> SessionNotFound() {
  return Fail(ErrorKind::kNotFound, "session_not_found", "Cette séance d'atelier est introuvable.");
}

tl::unexpected<Error> RegistrationNotFound() {
  return Fail(ErrorKind::kNotFound, "registration_not_found", "Cette inscription est introuvable.");
}

tl::unexpected<Error> SeatTaken() {
  return Fail(ErrorKind::kConflict, "seat_taken",
              "La séance vient de changer : rechargez la page et recommencez.");
}

Result<WorkshopSession> SessionFromRow(const Row& row) {
  WorkshopSession s;
  s.id = row.Text(0);
  s.workshop_id = row.Text(1);
  s.start = Time(row.Int(2));
  s.end = Time(row.Int(3));
  s.room = row.Text(4);
  s.capacity = static_cast<int>(row.Int(5));
  s.agent_id = row.Text(6);
  s.agent_login = row.Text(7);
  s.walk_ins = static_cast<int>(row.Int(8));
  s.registered = static_cast<int>(row.Int(9));
  s.waitlisted = static_cast<int>(row.Int(10));
  s.present = static_cast<int>(row.Int(11));
  s.absent = static_cast<int>(row.Int(12));
  return s;
}

Result<Registration> RegistrationFromRow(const Row& row) {
  auto status = ParseRegistrationStatus(row.Text(3));
  auto attendance = ParseAttendance(row.Text(5));
  if (!status || !attendance) return StorageError("inscription illisible en base");
  Registration r;
  r.id = row.Text(0);
  r.session_id = row.Text(1);
  r.arrival = row.Int(2);
  r.status = *status;
  r.seat = row.IsNull(4) ? 0 : static_cast<int>(row.Int(4));
  r.attendance = *attendance;
  r.token_digest = row.Text(6);
  r.person = {row.Text(7), row.Text(8), row.Text(9), row.Text(10), row.Text(11)};
  r.consent = !row.IsNull(12);
  r.booked_by = row.Text(13);
  r.created_at = Time(row.Int(14));
  r.waitlist_position = static_cast<int>(row.Int(15));
  return r;
}

Result<std::optional<WorkshopSession>> FindSessionIn(Connection& c, const std::string& site_id,
                                                     const std::string& id) {
  auto rows = c.Query(Sql({kSessionSelect, kSessionById, kSessionGroup}), {site_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<WorkshopSession>{};
  auto session = SessionFromRow(rows->front());
  if (!session) return tl::unexpected(session.error());
  return std::optional<WorkshopSession>{std::move(*session)};
}

// The session's seat plan. REQUIRES: the session exists.
Result<app::SeatPlan> PlanIn(Connection& c, const std::string& site_id,
                             const std::string& session_id) {
  app::SeatPlan plan;
  auto session = FindSessionIn(c, site_id, session_id);
  if (!session) return tl::unexpected(session.error());
  if (!*session) return SessionNotFound();
  plan.session = std::move(**session);
  auto arrivals = c.Query(kArrivals, {site_id, session_id});
  if (!arrivals) return tl::unexpected(arrivals.error());
  if (arrivals->empty()) return SessionNotFound();
  plan.next_arrival = arrivals->front().Int(0) + 1;
  auto rows = c.Query(Sql({kRegistrationColumns, kRegistrationsOfSession}), {site_id, session_id});
  if (!rows) return tl::unexpected(rows.error());
  for (const Row& row : *rows) {
    auto registration = RegistrationFromRow(row);
    if (!registration) return tl::unexpected(registration.error());
    plan.registrations.push_back(std::move(*registration));
  }
  return plan;
}

// An INSERT or UPDATE whose UNIQUE seat key refused it reads as seat_taken.
Status CheckSeat(const Result<std::int64_t>& result) {
  if (result) return {};
  if (result.error().kind == ErrorKind::kConflict) return SeatTaken();
  return tl::unexpected(result.error());
}

Status InsertRegistrationIn(Connection& c, const std::string& site_id, const Registration& r,
                            app::Instant now) {
  std::vector<Value> params;
  params.reserve(17);
  params.emplace_back(site_id);
  params.emplace_back(r.id);
  params.emplace_back(r.session_id);
  params.emplace_back(r.arrival);
  params.emplace_back(std::string(RegistrationStatusName(r.status)));
  if (r.status == RegistrationStatus::kRegistered) {
    params.emplace_back(std::int64_t{r.seat});
  } else {
    params.emplace_back(std::monostate{});
  }
  params.emplace_back(TextOrNull(std::string(AttendanceName(r.attendance))));
  params.emplace_back(r.token_digest);
  for (const std::string* text : {&r.person.first_name, &r.person.last_name, &r.person.phone,
                                  &r.person.email, &r.person.commune_insee}) {
    params.emplace_back(TextOrNull(*text));
  }
  const std::int64_t created = r.created_at == UtcTime{} ? Seconds(now) : Seconds(r.created_at);
  if (r.consent) {
    params.emplace_back(created);
  } else {
    params.emplace_back(std::monostate{});
  }
  params.emplace_back(TextOrNull(r.booked_by));
  params.emplace_back(created);
  params.emplace_back(created);
  return CheckSeat(c.Execute(kInsertRegistration, params));
}

Status InsertSessionIn(Connection& c, const std::string& site_id, const WorkshopSession& s,
                       std::int64_t arrivals, app::Instant now) {
  std::vector<Value> params;
  params.reserve(11);
  for (const std::string* text : {&site_id, &s.id, &s.workshop_id}) params.emplace_back(*text);
  params.emplace_back(Seconds(s.start));
  params.emplace_back(Seconds(s.end));
  params.emplace_back(s.room);
  params.emplace_back(std::int64_t{s.capacity});
  params.emplace_back(s.agent_id);
  params.emplace_back(std::int64_t{s.walk_ins});
  params.emplace_back(arrivals);
  params.emplace_back(Seconds(now));
  return Check(c.Execute(kInsertSession, params));
}

// The workshop and the mediator must be the site's.
Status CheckReferences(Connection& c, const std::string& site_id, const WorkshopSession& s) {
  auto workshop = c.Query(kWorkshopExists, {site_id, s.workshop_id});
  if (!workshop) return tl::unexpected(workshop.error());
  if (workshop->empty()) {
    return Fail(ErrorKind::kInvalid, "unknown_workshop", "Cet atelier n'existe pas dans ce lieu.",
                "workshop");
  }
  auto agent = c.Query(kFacilitatorExists, {site_id, s.agent_id});
  if (!agent) return tl::unexpected(agent.error());
  if (agent->empty()) {
    return Fail(ErrorKind::kInvalid, "unknown_mediator",
                "Cet agent ne peut pas animer d'atelier dans ce lieu.", "mediator");
  }
  return {};
}

Status WriteOutbox(Connection& c, const std::string& site_id,
                   const std::vector<app::OutboxMessage>& notices, app::Instant now) {
  for (const app::OutboxMessage& m : notices) {
    if (m.registration_id.empty()) return StorageError("message sans inscription");
    std::vector<Value> params;
    params.reserve(9);
    for (const std::string* text : {&site_id, &m.id, &m.registration_id}) {
      params.emplace_back(*text);
    }
    params.emplace_back(std::string(app::KindName(m.kind)));
    params.emplace_back(std::string(app::NoticeChannelName(m.channel)));
    params.emplace_back(std::int64_t{m.sequence});
    params.emplace_back(Seconds(m.due_at));
    params.emplace_back(Seconds(m.due_at));
    params.emplace_back(Seconds(now));
    if (auto ok = Check(c.Execute(kInsertOutbox, params)); !ok) return ok;
  }
  return {};
}

Status SaveScores(Connection& c, const std::string& site_id, const std::string& registration_id,
                  AssessmentPhase phase, const std::vector<int>& scores) {
  const std::string phase_name(PhaseName(phase));
  if (auto ok = Check(c.Execute(kDeleteAssessment, {site_id, registration_id, phase_name})); !ok) {
    return ok;
  }
  const auto statements = AssessmentStatements();
  for (std::size_t i = 0; i < scores.size() && i < statements.size(); ++i) {
    auto inserted =
        c.Execute(kInsertAssessment, {site_id, registration_id, phase_name,
                                      std::string(statements[i].code), std::int64_t{scores[i]}});
    if (!inserted) return tl::unexpected(inserted.error());
  }
  return {};
}

}  // namespace

Result<std::vector<app::Workshop>> SqlWorkshopStore::ListWorkshops(const std::string& site_id) {
  std::vector<app::Workshop> workshops;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListWorkshops, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      auto level = ParseLevel(row.Text(3));
      if (!level) return StorageError("niveau d'atelier inconnu en base : " + row.Text(3));
      workshops.push_back({row.Text(0), row.Text(1), row.Text(2), *level, row.Text(4),
                           static_cast<int>(row.Int(5))});
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return workshops;
}

Status SqlWorkshopStore::SaveWorkshop(const std::string& site_id, const app::Workshop& w) {
  return db_.Write([&](Connection& c) -> Status {
    const std::string level(LevelName(w.level));
    auto updated = c.Execute(kUpdateWorkshop, {w.title, w.description, level, w.theme,
                                               std::int64_t{w.position}, site_id, w.id});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated > 0) return {};
    return Check(c.Execute(kInsertWorkshop, {site_id, w.id, w.title, w.description, level, w.theme,
                                             std::int64_t{w.position}}));
  });
}

Result<std::vector<app::Facilitator>> SqlWorkshopStore::ListFacilitators(
    const std::string& site_id) {
  std::vector<app::Facilitator> facilitators;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListFacilitators, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) facilitators.push_back({row.Text(0), row.Text(1)});
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return facilitators;
}

Result<std::vector<WorkshopSession>> SqlWorkshopStore::ListSessions(const std::string& site_id,
                                                                    UtcTime from, UtcTime to) {
  std::vector<WorkshopSession> sessions;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(Sql({kSessionSelect, kSessionsBetween, kSessionGroup, kSessionOrder}),
                        {site_id, Seconds(from), Seconds(to)});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      auto session = SessionFromRow(row);
      if (!session) return tl::unexpected(session.error());
      sessions.push_back(std::move(*session));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return sessions;
}

Result<std::optional<WorkshopSession>> SqlWorkshopStore::FindSession(const std::string& site_id,
                                                                     const std::string& id) {
  std::optional<WorkshopSession> found;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto session = FindSessionIn(c, site_id, id);
    if (!session) return tl::unexpected(session.error());
    found = std::move(*session);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return found;
}

Status SqlWorkshopStore::InsertSession(const std::string& site_id, const WorkshopSession& session,
                                       app::Instant now) {
  return db_.Write([&](Connection& c) -> Status {
    if (auto ok = CheckReferences(c, site_id, session); !ok) return ok;
    return InsertSessionIn(c, site_id, session, 0, now);
  });
}

Status SqlWorkshopStore::UpdateSession(const std::string& site_id, const WorkshopSession& s) {
  return db_.Write([&](Connection& c) -> Status {
    if (auto ok = CheckReferences(c, site_id, s); !ok) return ok;
    auto updated = c.Execute(kUpdateSession, {s.workshop_id, Seconds(s.start), Seconds(s.end),
                                              s.room, s.agent_id, site_id, s.id});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated == 0) return SessionNotFound();
    return {};
  });
}

Status SqlWorkshopStore::SetWalkIns(const std::string& site_id, const std::string& session_id,
                                    int walk_ins) {
  return db_.Write([&](Connection& c) -> Status {
    auto updated = c.Execute(kSetWalkIns, {std::int64_t{walk_ins}, site_id, session_id});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated == 0) return SessionNotFound();
    return {};
  });
}

// Race-free by a lock that also holds on PostgreSQL: the first statement
// raises the session row's revision, which makes every other transaction
// changing the same session wait (PostgreSQL: the row lock an UPDATE takes
// until commit, as SELECT … FOR UPDATE would; SQLite: the single writer).
// Only then are the seats read and decided, so no two decisions ever see
// the same free seat. A bare count-then-insert would not be safe on
// PostgreSQL under READ COMMITTED. Should a path forget the lock, the UNIQUE
// (site_id, session_id, seat) key still refuses a seat given twice.
Result<app::SeatPlan> SqlWorkshopStore::ChangeSeats(const std::string& site_id,
                                                    const std::string& session_id,
                                                    const app::DecideSeats& decide,
                                                    app::Instant now) {
  app::SeatPlan after;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto locked = c.Execute(kLockSession, {site_id, session_id});
    if (!locked) return tl::unexpected(locked.error());
    if (*locked == 0) return SessionNotFound();
    auto plan = PlanIn(c, site_id, session_id);
    if (!plan) return tl::unexpected(plan.error());
    auto decision = decide(*plan);
    if (!decision) return tl::unexpected(decision.error());
    const std::int64_t at = Seconds(now);
    if (decision->capacity) {
      auto set = c.Execute(kSetCapacity, {std::int64_t{*decision->capacity}, site_id, session_id});
      if (!set) return tl::unexpected(set.error());
    }
    // Seats given back first, so that a seat may change hands in one decision.
    for (const SeatChange& change : decision->changes) {
      if (change.status == RegistrationStatus::kRegistered) continue;
      auto released = c.Execute(kReleaseSeat, {std::string(RegistrationStatusName(change.status)),
                                               at, site_id, change.registration_id, session_id});
      if (!released) return tl::unexpected(released.error());
      if (*released == 0) return RegistrationNotFound();
    }
    if (decision->insert) {
      Registration r = *decision->insert;
      r.session_id = session_id;
      if (r.arrival != plan->next_arrival) return StorageError("ordre d'arrivée incohérent");
      if (auto inserted = InsertRegistrationIn(c, site_id, r, now); !inserted) return inserted;
      if (auto set = Check(c.Execute(kSetArrivals, {r.arrival, site_id, session_id})); !set) {
        return set;
      }
    }
    for (const SeatChange& change : decision->changes) {
      if (change.status != RegistrationStatus::kRegistered) continue;
      auto seated = c.Execute(kUpdateSeat, {std::string(RegistrationStatusName(change.status)),
                                            std::int64_t{change.seat}, at, site_id,
                                            change.registration_id, session_id});
      if (auto checked = CheckSeat(seated); !checked) return checked;
      if (*seated == 0) return RegistrationNotFound();
    }
    for (const std::string& id : decision->drop_pending) {
      auto dropped = c.Execute(kDropPending, {std::string("inscription modifiée"), site_id, id});
      if (!dropped) return tl::unexpected(dropped.error());
    }
    if (auto written = WriteOutbox(c, site_id, decision->notices, now); !written) return written;
    auto changed = PlanIn(c, site_id, session_id);
    if (!changed) return tl::unexpected(changed.error());
    after = std::move(*changed);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return after;
}

Result<std::optional<Registration>> SqlWorkshopStore::FindRegistration(const std::string& site_id,
                                                                       const std::string& id) {
  std::optional<Registration> found;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(Sql({kRegistrationColumns, kRegistrationById}), {site_id, id});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return {};
    auto registration = RegistrationFromRow(rows->front());
    if (!registration) return tl::unexpected(registration.error());
    found = std::move(*registration);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return found;
}

Result<std::vector<Registration>> SqlWorkshopStore::ListRegistrations(
    const std::string& site_id, const std::string& session_id) {
  std::vector<Registration> registrations;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows =
        c.Query(Sql({kRegistrationColumns, kRegistrationsOfSession}), {site_id, session_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      auto registration = RegistrationFromRow(row);
      if (!registration) return tl::unexpected(registration.error());
      registrations.push_back(std::move(*registration));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return registrations;
}

Status SqlWorkshopStore::SetAttendance(const std::string& site_id,
                                       const std::string& registration_id, Attendance attendance) {
  return db_.Write([&](Connection& c) -> Status {
    auto updated = c.Execute(kSetAttendance, {TextOrNull(std::string(AttendanceName(attendance))),
                                              site_id, registration_id});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated > 0) return {};
    auto exists = c.Query(kRegistrationExists, {site_id, registration_id});
    if (!exists) return tl::unexpected(exists.error());
    if (exists->empty()) return RegistrationNotFound();
    return Fail(ErrorKind::kConflict, "not_registered",
                "Seules les personnes inscrites (pas en liste d'attente ni annulées) se pointent "
                "présentes ou absentes.",
                "attendance");
  });
}

Result<app::Assessment> SqlWorkshopStore::FindAssessment(const std::string& site_id,
                                                         const std::string& registration_id) {
  app::Assessment assessment;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListAssessment, {site_id, registration_id});
    if (!rows) return tl::unexpected(rows.error());
    const auto statements = AssessmentStatements();
    std::vector<int> before(statements.size(), 0);
    std::vector<int> after(statements.size(), 0);
    for (const Row& row : *rows) {
      auto phase = ParsePhase(row.Text(0));
      auto it = std::find_if(statements.begin(), statements.end(),
                             [&](const AssessmentStatement& s) { return s.code == row.Text(1); });
      if (!phase || it == statements.end()) continue;  // a statement no longer asked
      auto& scores = *phase == AssessmentPhase::kBefore ? before : after;
      scores[static_cast<std::size_t>(it - statements.begin())] = static_cast<int>(row.Int(2));
    }
    const auto complete = [](const std::vector<int>& scores) {
      return std::none_of(scores.begin(), scores.end(), [](int s) { return s == 0; });
    };
    if (complete(before)) assessment.before = std::move(before);
    if (complete(after)) assessment.after = std::move(after);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return assessment;
}

Status SqlWorkshopStore::SaveAssessment(const std::string& site_id,
                                        const std::string& registration_id, AssessmentPhase phase,
                                        const std::vector<int>& scores) {
  return db_.Write([&](Connection& c) -> Status {
    auto exists = c.Query(kRegistrationExists, {site_id, registration_id});
    if (!exists) return tl::unexpected(exists.error());
    if (exists->empty()) return RegistrationNotFound();
    return SaveScores(c, site_id, registration_id, phase, scores);
  });
}

Status SqlWorkshopStore::InsertHistory(const std::string& site_id,
                                       const std::vector<app::SessionRecord>& records,
                                       app::Instant now) {
  return db_.Write([&](Connection& c) -> Status {
    for (const app::SessionRecord& record : records) {
      std::int64_t arrivals = 0;
      for (const Registration& r : record.registrations) arrivals = std::max(arrivals, r.arrival);
      if (auto ok = InsertSessionIn(c, site_id, record.session, arrivals, now); !ok) return ok;
      for (Registration r : record.registrations) {
        r.session_id = record.session.id;
        if (auto ok = InsertRegistrationIn(c, site_id, r, now); !ok) return ok;
      }
      for (const auto& [id, assessment] : record.assessments) {
        if (!assessment.before.empty()) {
          if (auto ok = SaveScores(c, site_id, id, AssessmentPhase::kBefore, assessment.before);
              !ok) {
            return ok;
          }
        }
        if (!assessment.after.empty()) {
          if (auto ok = SaveScores(c, site_id, id, AssessmentPhase::kAfter, assessment.after);
              !ok) {
            return ok;
          }
        }
      }
    }
    return {};
  });
}

}  // namespace relais::storage
