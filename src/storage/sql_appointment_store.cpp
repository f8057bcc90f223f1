#include "storage/sql_appointment_store.h"

#include <chrono>
#include <utility>

namespace relais::storage {
namespace {

using app::Appointment;
using app::AppointmentStatus;

// Every statement of this store, named once.
constexpr std::string_view kListTypes =
    "SELECT type_id, name, duration_minutes, partner, documents, online, min_notice_minutes, "
    "horizon_days, buffer_minutes, position FROM appointment_types WHERE site_id = ? "
    "ORDER BY position, name";
constexpr std::string_view kUpdateType =
    "UPDATE appointment_types SET name = ?, duration_minutes = ?, partner = ?, documents = ?, "
    "online = ?, min_notice_minutes = ?, horizon_days = ?, buffer_minutes = ?, position = ? "
    "WHERE site_id = ? AND type_id = ?";
constexpr std::string_view kInsertType =
    "INSERT INTO appointment_types (site_id, type_id, name, duration_minutes, partner, documents, "
    "online, min_notice_minutes, horizon_days, buffer_minutes, position) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kListMediators =
    "SELECT m.agent_id, g.login, m.weekly_hours FROM mediators m "
    "JOIN agents g ON g.agent_id = m.agent_id WHERE m.site_id = ? ORDER BY g.login";
constexpr std::string_view kListMediatorTypes =
    "SELECT agent_id, type_id FROM mediator_types WHERE site_id = ? ORDER BY agent_id, type_id";
constexpr std::string_view kUpdateMediator =
    "UPDATE mediators SET weekly_hours = ? WHERE site_id = ? AND agent_id = ?";
constexpr std::string_view kInsertMediator =
    "INSERT INTO mediators (site_id, agent_id, weekly_hours) VALUES (?, ?, ?)";
constexpr std::string_view kDeleteMediatorTypes =
    "DELETE FROM mediator_types WHERE site_id = ? AND agent_id = ?";
constexpr std::string_view kInsertMediatorType =
    "INSERT INTO mediator_types (site_id, agent_id, type_id) VALUES (?, ?, ?)";
constexpr std::string_view kListAbsences =
    "SELECT absence_id, agent_id, starts_at, ends_at, reason FROM mediator_absences "
    "WHERE site_id = ? AND ends_at > ? ORDER BY starts_at";
constexpr std::string_view kInsertAbsence =
    "INSERT INTO mediator_absences (site_id, absence_id, agent_id, starts_at, ends_at, reason) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr std::string_view kListBusy =
    "SELECT appointment_id, agent_id, starts_at, ends_at, busy_until, status FROM appointments "
    "WHERE site_id = ? AND busy_until > ? AND status IN ('booked', 'seen', 'no_show')";
constexpr std::string_view kListAppointments =
    "SELECT a.appointment_id, a.type_id, a.agent_id, g.login, a.starts_at, a.ends_at, "
    "a.busy_until, a.status, a.first_name, a.last_name, a.phone, a.email, a.commune_insee, "
    "a.consent_at, a.booked_by, a.token_digest, a.sequence FROM appointments a "
    "JOIN agents g ON g.agent_id = a.agent_id "
    "WHERE a.site_id = ? AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, g.login";
constexpr std::string_view kFindAppointment =
    "SELECT a.appointment_id, a.type_id, a.agent_id, g.login, a.starts_at, a.ends_at, "
    "a.busy_until, a.status, a.first_name, a.last_name, a.phone, a.email, a.commune_insee, "
    "a.consent_at, a.booked_by, a.token_digest, a.sequence FROM appointments a "
    "JOIN agents g ON g.agent_id = a.agent_id WHERE a.site_id = ? AND a.appointment_id = ?";
constexpr std::string_view kInsertAppointment =
    "INSERT INTO appointments (site_id, appointment_id, type_id, agent_id, starts_at, ends_at, "
    "busy_until, status, token_digest, first_name, last_name, phone, email, commune_insee, "
    "consent_at, booked_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertUnit =
    "INSERT INTO appointment_units (site_id, agent_id, unit_start, appointment_id) "
    "VALUES (?, ?, ?, ?)";
constexpr std::string_view kDeleteUnits =
    "DELETE FROM appointment_units WHERE site_id = ? AND appointment_id = ?";
constexpr std::string_view kUpdateStatus =
    "UPDATE appointments SET status = ?, updated_at = ? WHERE site_id = ? AND appointment_id = ?";
constexpr std::string_view kUpdatePlacement =
    "UPDATE appointments SET agent_id = ?, starts_at = ?, ends_at = ?, busy_until = ?, "
    "status = ?, updated_at = ? WHERE site_id = ? AND appointment_id = ?";
constexpr std::string_view kUpdateSequence =
    "UPDATE appointments SET sequence = ? WHERE site_id = ? AND appointment_id = ?";
constexpr std::string_view kInsertOutbox =
    "INSERT INTO outbox (site_id, message_id, appointment_id, kind, channel, sequence, due_at, "
    "status, attempts, next_attempt_at, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)";
constexpr std::string_view kDropPending =
    "UPDATE outbox SET status = 'dropped', last_error = ? "
    "WHERE site_id = ? AND appointment_id = ? AND status = 'pending'";

constexpr std::int64_t kUnitSeconds = std::chrono::seconds{app::kBookingUnit}.count();

UtcTime Time(std::int64_t seconds) {
  return UtcTime{std::chrono::seconds{seconds}};
}

// NULL for an empty text: personal details absent are not stored at all.
void AppendTextOrNull(std::vector<Value>& params, const std::string& text) {
  if (text.empty()) {
    params.emplace_back(std::monostate{});
  } else {
    params.emplace_back(text);
  }
}

std::int64_t FloorUnit(std::int64_t s) {
  return s - (((s % kUnitSeconds) + kUnitSeconds) % kUnitSeconds);
}

tl::unexpected<Error> SlotTaken() {
  return Fail(ErrorKind::kConflict, "slot_taken",
              "Ce créneau vient d'être pris ou n'est plus disponible : choisissez-en un autre.",
              "start");
}

// One row per unit meeting [start, busy_until) for the agent; kConflict
// "slot_taken" when the agent already has one of them.
Status TakeUnits(Connection& c, const std::string& site_id, const std::string& agent_id,
                 const std::string& appointment_id, UtcTime start, UtcTime busy_until) {
  const std::int64_t end = Seconds(busy_until);
  for (std::int64_t unit = FloorUnit(Seconds(start)); unit < end; unit += kUnitSeconds) {
    auto inserted = c.Execute(kInsertUnit, {site_id, agent_id, unit, appointment_id});
    if (!inserted) {
      if (inserted.error().kind == ErrorKind::kConflict) return SlotTaken();
      return tl::unexpected(inserted.error());
    }
  }
  return {};
}

Result<Appointment> AppointmentFromRow(const Row& row) {
  auto status = app::ParseStatus(row.Text(7));
  if (!status) return StorageError("statut de rendez-vous inconnu en base : " + row.Text(7));
  Appointment a;
  a.id = row.Text(0);
  a.type_id = row.Text(1);
  a.agent_id = row.Text(2);
  a.agent_login = row.Text(3);
  a.start = Time(row.Int(4));
  a.end = Time(row.Int(5));
  a.busy_until = Time(row.Int(6));
  a.status = *status;
  a.person = {row.Text(8), row.Text(9), row.Text(10), row.Text(11), row.Text(12)};
  a.consent = !row.IsNull(13);
  a.booked_by = row.Text(14);
  a.token_digest = row.Text(15);
  a.sequence = static_cast<int>(row.Int(16));
  return a;
}

// Writes `notices` to the outbox.
Status WriteOutbox(Connection& c, const std::string& site_id,
                   const std::vector<app::OutboxMessage>& notices, app::Instant now) {
  for (const app::OutboxMessage& m : notices) {
    std::vector<Value> params;
    params.reserve(9);
    for (const std::string* text : {&site_id, &m.id, &m.appointment_id}) params.emplace_back(*text);
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

Result<std::optional<Appointment>> FindIn(Connection& c, const std::string& site_id,
                                          const std::string& id) {
  auto rows = c.Query(kFindAppointment, {site_id, id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Appointment>{};
  auto appointment = AppointmentFromRow(rows->front());
  if (!appointment) return tl::unexpected(appointment.error());
  return std::optional<Appointment>{std::move(*appointment)};
}

}  // namespace

Result<std::vector<app::AppointmentType>> SqlAppointmentStore::ListAppointmentTypes(
    const std::string& site_id) {
  std::vector<app::AppointmentType> types;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListTypes, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      types.push_back({row.Text(0), row.Text(1), static_cast<int>(row.Int(2)), row.Text(3),
                       row.Text(4), row.Int(5) != 0, static_cast<int>(row.Int(6)),
                       static_cast<int>(row.Int(7)), static_cast<int>(row.Int(8)),
                       static_cast<int>(row.Int(9))});
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return types;
}

Status SqlAppointmentStore::SaveAppointmentType(const std::string& site_id,
                                                const app::AppointmentType& type) {
  return db_.Write([&](Connection& c) -> Status {
    const std::int64_t online = type.online ? 1 : 0;
    auto updated =
        c.Execute(kUpdateType, {type.name, std::int64_t{type.duration_minutes}, type.partner,
                                type.documents, online, std::int64_t{type.min_notice_minutes},
                                std::int64_t{type.horizon_days}, std::int64_t{type.buffer_minutes},
                                std::int64_t{type.position}, site_id, type.id});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated > 0) return {};
    return Check(c.Execute(
        kInsertType, {site_id, type.id, type.name, std::int64_t{type.duration_minutes},
                      type.partner, type.documents, online, std::int64_t{type.min_notice_minutes},
                      std::int64_t{type.horizon_days}, std::int64_t{type.buffer_minutes},
                      std::int64_t{type.position}}));
  });
}

Result<std::vector<app::MediatorSettings>> SqlAppointmentStore::ListMediators(
    const std::string& site_id) {
  std::vector<app::MediatorSettings> mediators;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListMediators, {site_id});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) mediators.push_back({row.Text(0), row.Text(1), row.Text(2), {}});
    auto types = c.Query(kListMediatorTypes, {site_id});
    if (!types) return tl::unexpected(types.error());
    for (const Row& row : *types) {
      for (app::MediatorSettings& mediator : mediators) {
        if (mediator.agent_id == row.Text(0)) mediator.type_ids.push_back(row.Text(1));
      }
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return mediators;
}

Status SqlAppointmentStore::SaveMediator(const std::string& site_id,
                                         const app::MediatorSettings& mediator) {
  return db_.Write([&](Connection& c) -> Status {
    auto updated = c.Execute(kUpdateMediator, {mediator.weekly_hours, site_id, mediator.agent_id});
    if (!updated) return tl::unexpected(updated.error());
    if (*updated == 0) {
      if (auto ok = Check(
              c.Execute(kInsertMediator, {site_id, mediator.agent_id, mediator.weekly_hours}));
          !ok) {
        return ok;
      }
    }
    if (auto ok = Check(c.Execute(kDeleteMediatorTypes, {site_id, mediator.agent_id})); !ok) {
      return ok;
    }
    for (const std::string& type_id : mediator.type_ids) {
      if (auto ok = Check(c.Execute(kInsertMediatorType, {site_id, mediator.agent_id, type_id}));
          !ok) {
        return ok;
      }
    }
    return {};
  });
}

Result<std::vector<app::Absence>> SqlAppointmentStore::ListAbsences(const std::string& site_id,
                                                                    UtcTime after) {
  std::vector<app::Absence> absences;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListAbsences, {site_id, Seconds(after)});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      absences.push_back(
          {row.Text(0), row.Text(1), {Time(row.Int(2)), Time(row.Int(3))}, row.Text(4)});
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return absences;
}

Status SqlAppointmentStore::SaveAbsence(const std::string& site_id, const app::Absence& absence) {
  return db_.Write([&](Connection& c) -> Status {
    return Check(c.Execute(kInsertAbsence,
                           {site_id, absence.id, absence.agent_id, Seconds(absence.span.start),
                            Seconds(absence.span.end), absence.reason}));
  });
}

Result<std::vector<Appointment>> SqlAppointmentStore::ListBusyAppointments(
    const std::string& site_id, UtcTime after) {
  std::vector<Appointment> busy;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListBusy, {site_id, Seconds(after)});
    if (!rows) return tl::unexpected(rows.error());
    busy.reserve(rows->size());
    for (const Row& row : *rows) {
      auto status = app::ParseStatus(row.Text(5));
      if (!status) return StorageError("statut de rendez-vous inconnu en base : " + row.Text(5));
      Appointment a;
      a.id = row.Text(0);
      a.agent_id = row.Text(1);
      a.start = Time(row.Int(2));
      a.end = Time(row.Int(3));
      a.busy_until = Time(row.Int(4));
      a.status = *status;
      busy.push_back(std::move(a));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return busy;
}

Result<std::vector<Appointment>> SqlAppointmentStore::ListAppointments(const std::string& site_id,
                                                                       UtcTime from, UtcTime to) {
  std::vector<Appointment> appointments;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto rows = c.Query(kListAppointments, {site_id, Seconds(from), Seconds(to)});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      auto appointment = AppointmentFromRow(row);
      if (!appointment) return tl::unexpected(appointment.error());
      appointments.push_back(std::move(*appointment));
    }
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return appointments;
}

Result<std::optional<Appointment>> SqlAppointmentStore::FindAppointment(const std::string& site_id,
                                                                        const std::string& id) {
  std::optional<Appointment> found;
  Status ok = db_.Read([&](Connection& c) -> Status {
    auto appointment = FindIn(c, site_id, id);
    if (!appointment) return tl::unexpected(appointment.error());
    found = std::move(*appointment);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return found;
}

Status SqlAppointmentStore::InsertAppointment(const std::string& site_id, const Appointment& a,
                                              const std::vector<app::OutboxMessage>& notices,
                                              app::Instant now) {
  return db_.Write([&](Connection& c) -> Status {
    // Built by appends: GCC 12 sees uninitialised strings in copied variants.
    std::vector<Value> params;
    params.reserve(18);
    for (const std::string* text : {&site_id, &a.id, &a.type_id, &a.agent_id}) {
      params.emplace_back(*text);
    }
    for (UtcTime t : {a.start, a.end, a.busy_until}) params.emplace_back(Seconds(t));
    params.emplace_back(std::string(app::StatusName(a.status)));
    params.emplace_back(a.token_digest);
    const app::PersonDetails& p = a.person;
    for (const std::string* text :
         {&p.first_name, &p.last_name, &p.phone, &p.email, &p.commune_insee}) {
      // Personal details only with consent; absent ones are NULL.
      AppendTextOrNull(params, a.consent ? *text : std::string());
    }
    if (a.consent) {
      params.emplace_back(Seconds(now));
    } else {
      params.emplace_back(std::monostate{});
    }
    AppendTextOrNull(params, a.booked_by);
    params.emplace_back(Seconds(now));
    params.emplace_back(Seconds(now));
    if (auto inserted = Check(c.Execute(kInsertAppointment, params)); !inserted) return inserted;
    if (a.sequence != 0) {
      if (auto ok = Check(c.Execute(kUpdateSequence, {std::int64_t{a.sequence}, site_id, a.id}));
          !ok) {
        return ok;
      }
    }
    if (auto taken = TakeUnits(c, site_id, a.agent_id, a.id, a.start, a.busy_until); !taken) {
      return taken;
    }
    return WriteOutbox(c, site_id, notices, now);
  });
}

Result<Appointment> SqlAppointmentStore::ChangeAppointment(const std::string& site_id,
                                                           const std::string& id,
                                                           const app::DecideChange& decide,
                                                           app::Instant now) {
  Appointment changed;
  Status ok = db_.Write([&](Connection& c) -> Status {
    auto found = FindIn(c, site_id, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) {
      return Fail(ErrorKind::kNotFound, "appointment_not_found", "Ce rendez-vous est introuvable.");
    }
    auto change = decide(**found);
    if (!change) return tl::unexpected(change.error());
    const std::string status(app::StatusName(change->status));
    if (change->place) {
      const app::Placement& place = *change->place;
      if (auto freed = Check(c.Execute(kDeleteUnits, {site_id, id})); !freed) return freed;
      if (auto moved = Check(c.Execute(
              kUpdatePlacement, {place.agent_id, Seconds(place.start), Seconds(place.end),
                                 Seconds(place.busy_until), status, Seconds(now), site_id, id}));
          !moved) {
        return moved;
      }
      if (auto taken = TakeUnits(c, site_id, place.agent_id, id, place.start, place.busy_until);
          !taken) {
        return taken;
      }
    } else {
      if (change->status != (*found)->status) {
        if (auto updated = Check(c.Execute(kUpdateStatus, {status, Seconds(now), site_id, id}));
            !updated) {
          return updated;
        }
      }
      if (change->release_units) {
        if (auto freed = Check(c.Execute(kDeleteUnits, {site_id, id})); !freed) return freed;
      }
    }
    if (change->sequence && *change->sequence != (*found)->sequence) {
      if (auto ok =
              Check(c.Execute(kUpdateSequence, {std::int64_t{*change->sequence}, site_id, id}));
          !ok) {
        return ok;
      }
    }
    if (change->drop_pending) {
      const std::string reason = "rendez-vous modifié (" + status + ")";
      if (auto ok = Check(c.Execute(kDropPending, {reason, site_id, id})); !ok) return ok;
    }
    if (auto ok = WriteOutbox(c, site_id, change->notices, now); !ok) return ok;
    auto reread = FindIn(c, site_id, id);
    if (!reread) return tl::unexpected(reread.error());
    if (!*reread) return StorageError("rendez-vous disparu pendant sa modification");
    changed = std::move(**reread);
    return {};
  });
  if (!ok) return tl::unexpected(ok.error());
  return changed;
}

}  // namespace relais::storage
