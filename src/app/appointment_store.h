// The appointments' storage port (rendez-vous): types, mediators, absences
// and bookings of a site. Every booking change is one transaction that takes
// or gives back one row per kBookingUnit of the booking's busy time, under a
// key that refuses an overlap on one mediator's time. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/outbox.h"
#include "app/ports.h"
#include "domain/error.h"
#include "domain/slots.h"

namespace relais::app {

// The granularity of the overlap constraint. A booking holds the units that
// meet [start, busy_until); the application keeps every instant it books on
// this grid, so that touching bookings share no unit.
inline constexpr std::chrono::minutes kBookingUnit{5};

// An appointment type (motif) of a site.
struct AppointmentType {
  std::string id;    // stable slug, e.g. "caf-logement"
  std::string name;  // "Aide pour l'allocation logement (CAF)"
  int duration_minutes = 30;
  std::string partner;         // a partner code ("caf"), or empty
  std::string documents;       // what to bring, in French
  bool online = true;          // bookable online; false: by staff only
  int min_notice_minutes = 0;  // for online bookings
  int horizon_days = 60;
  int buffer_minutes = 0;  // the mediator stays busy this long after
  int position = 0;        // display order
};

// A mediator (an agent) taking appointments at a site.
struct MediatorSettings {
  std::string agent_id;
  std::string login;                  // read from storage; ignored when saving
  std::string weekly_hours;           // opening_hours value, site's local time
  std::vector<std::string> type_ids;  // the types taken
};

// A mediator's absence, [span.start, span.end) in UTC.
struct Absence {
  std::string id;
  std::string agent_id;
  UtcInterval span;
  std::string reason;
};

// Statuses, with their French meaning.
enum class AppointmentStatus {
  kBooked,     // réservé
  kCancelled,  // annulé (par la personne, ou par l'équipe)
  kSeen,       // reçu
  kNoShow,     // absent sans prévenir
  kExcused,    // absence excusée
};

std::string_view StatusName(AppointmentStatus status);  // "booked", "no_show"...
std::optional<AppointmentStatus> ParseStatus(std::string_view name);
// Whether the booking keeps its mediator's time (booked, seen, no_show).
bool HoldsTime(AppointmentStatus status);

// What a person gives of themselves, with their consent only.
struct PersonDetails {
  std::string first_name;
  std::string last_name;
  std::string phone;          // national form, "0612345678", or empty
  std::string email;          // or empty
  std::string commune_insee;  // "92002", "2A004", or empty
};

struct Appointment {
  std::string id;
  std::string type_id;
  std::string agent_id;
  std::string agent_login;  // filled when read from storage
  UtcTime start;
  UtcTime end;
  UtcTime busy_until;  // end plus the type's buffer
  AppointmentStatus status = AppointmentStatus::kBooked;
  PersonDetails person;
  bool consent = false;
  std::string booked_by;     // the agent who booked; empty when booked online
  std::string token_digest;  // TokenDigest of the manage token
  int sequence = 0;          // iCalendar SEQUENCE: raised by each move and the cancellation
};

// Where a booking goes when it moves.
struct Placement {
  std::string agent_id;
  UtcTime start;
  UtcTime end;
  UtcTime busy_until;
};

// A change decided on an appointment read inside the store's transaction.
struct AppointmentChange {
  AppointmentStatus status = AppointmentStatus::kBooked;
  bool release_units = false;          // gives the booking's units back
  std::optional<Placement> place;      // moves it: old units given back, new ones taken
  std::optional<int> sequence;         // the new iCalendar SEQUENCE; unchanged when empty
  bool drop_pending = false;           // drops the appointment's pending outbox messages
  std::vector<OutboxMessage> notices;  // then writes these to the outbox
};

using DecideChange = std::function<Result<AppointmentChange>(const Appointment&)>;

class AppointmentStore {
 public:
  virtual ~AppointmentStore() = default;

  // By position, then name.
  virtual Result<std::vector<AppointmentType>> ListAppointmentTypes(const std::string& site_id) = 0;
  // Creates or replaces the type `type.id`.
  virtual Status SaveAppointmentType(const std::string& site_id, const AppointmentType& type) = 0;

  // By login.
  virtual Result<std::vector<MediatorSettings>> ListMediators(const std::string& site_id) = 0;
  // Creates or replaces the mediator `mediator.agent_id` (and its types).
  virtual Status SaveMediator(const std::string& site_id, const MediatorSettings& mediator) = 0;

  // The absences ending after `after`, by start.
  virtual Result<std::vector<Absence>> ListAbsences(const std::string& site_id, UtcTime after) = 0;
  virtual Status SaveAbsence(const std::string& site_id, const Absence& absence) = 0;

  // The bookings that hold time (HoldsTime) until after `after`: ids, agents,
  // times and statuses only (no person, no type).
  virtual Result<std::vector<Appointment>> ListBusyAppointments(const std::string& site_id,
                                                                UtcTime after) = 0;
  // Every appointment starting in [from, to), by start then mediator login.
  virtual Result<std::vector<Appointment>> ListAppointments(const std::string& site_id,
                                                            UtcTime from, UtcTime to) = 0;
  virtual Result<std::optional<Appointment>> FindAppointment(const std::string& site_id,
                                                             const std::string& id) = 0;

  // Stores a new booking, takes its units and writes `notices` to the
  // outbox, in one transaction. Fails with kConflict, code "slot_taken",
  // when one of its mediator's units is taken (nothing is written).
  virtual Status InsertAppointment(const std::string& site_id, const Appointment& appointment,
                                   const std::vector<OutboxMessage>& notices, Instant now) = 0;

  // In one transaction: reads the appointment, asks `decide` what to do,
  // applies it (outbox included). Returns the appointment as changed. kNotFound
  // "appointment_not_found" for an unknown id; `decide`'s error as it is;
  // kConflict "slot_taken" when a move's new units are taken (nothing changes).
  // REQUIRES: `decide` does not call the store.
  virtual Result<Appointment> ChangeAppointment(const std::string& site_id, const std::string& id,
                                                const DecideChange& decide, Instant now) = 0;
};

}  // namespace relais::app
