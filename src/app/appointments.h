// Appointments (rendez-vous) of the served site: types, free slots, booking,
// cancelling, moving, statuses and the day's list. Slots come from an
// in-memory Schedule (domain/slots.h) kept up to date as bookings come and
// go; storage's overlap constraint has the last word on every booking.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/agent.h"
#include "app/appointment_store.h"
#include "app/outbox.h"
#include "app/ports.h"
#include "app/site_hours.h"
#include "app/sites.h"
#include "domain/error.h"
#include "domain/slots.h"

namespace relais::app {

inline constexpr std::chrono::minutes kSlotStep{15};  // the slot grid of every type
inline constexpr int kMaxSlotWindowDays = 93;         // GET /slots: at most this many days
inline constexpr std::size_t kMaxNameLength = 100;    // characters, for first and last names
// "Seen" and "no show" may be marked from this long before the start.
inline constexpr std::chrono::minutes kMarkBeforeStart{30};

// A free slot: [start, end), and how many mediators could take it.
struct FreeSlot {
  UtcTime start;
  UtcTime end;
  std::uint32_t free_mediators = 0;
};

struct BookingRequest {
  std::string type_id;
  std::string start;  // RFC 3339
  PersonDetails person;
  bool consent = false;
  std::string agent_id;  // staff only: the mediator chosen; empty lets relais choose
};

struct Booking {
  Appointment appointment;
  std::string manage_token;  // given once; only its digest is stored
};

// Policy: who may see and handle a site's appointments and the people
// behind them: Action::kManageAppointments of app/policy.h (admins,
// coordinators, mediators, reception; never funders), at the agent's own
// sites (admins anywhere). kForbidden otherwise.
Status MayManageAppointments(const Agent& agent, const std::string& site_id);

// "2025-03-31T09:30:00+02:00" or "...Z" (fraction of a second: zeros only).
// kInvalid "invalid_time" naming `field` otherwise.
Result<UtcTime> ParseRfc3339(std::string_view text, const std::string& field);

// Checks and normalises what a person gives (names trimmed, phone in the
// national form, INSEE code in capitals). `need_contact`: a phone or an
// e-mail is required. Errors are kInvalid naming "person.<field>".
Status ValidatePerson(PersonDetails& person, bool need_contact);

// The engine's rules for a type; staff bookings ignore the minimum notice.
SlotRules RulesFor(const AppointmentType& type, bool staff);

// The schedule of a site from local day `first` to `last` inclusive: its
// open intervals, each mediator's weekly hours in the site's time zone
// (daylight saving included) minus absences, and the bookings; every bound
// rounded inwards to kBookingUnit. Fails (kInvalid, field "weekly_hours")
// on weekly hours that do not parse.
Result<Schedule> BuildSchedule(const SiteHours& hours,
                               const std::vector<MediatorSettings>& mediators,
                               const std::vector<Absence>& absences,
                               const std::vector<Appointment>& bookings, date::year_month_day first,
                               date::year_month_day last);

// What bookings owe the outbox (app/outbox.h).
struct NoticeSettings {
  ReminderPlan reminders;  // the day before, by default
  // When set, each new manage token is LinkToken(link_key, id) (app/secrets.h),
  // so that the messages sent later can carry the manage link; random otherwise.
  std::string link_key;
  std::function<void()> wake;  // called once a change has written to the outbox
};

class Appointments {
 public:
  Appointments(AppointmentStore& store, Sites& sites, const Clock& clock)
      : store_(store), sites_(sites), clock_(clock) {}

  // REQUIRES: called before any other method, if at all.
  void SetNotices(NoticeSettings settings) { notices_ = std::move(settings); }

  // (Re)builds the served site's schedule from storage.
  // REQUIRES: sites.Load succeeded (also for every method below).
  Status Load();

  // The types `staff` may book; online ones only for the public (null).
  Result<std::vector<AppointmentType>> Types(const Agent* staff);
  // Any type of the served site, online or not.
  std::optional<AppointmentType> Type(const std::string& type_id);

  // True when the schedule needs no rebuild: Types, Type and Slots then
  // answer from memory, without storage.
  bool IsFresh();
  // Changes whenever the free slots may have (a booking, a cancellation, a
  // rebuild): an answer computed after reading generation G stays right
  // while Generation() == G and the clock's minute is the same.
  std::uint64_t Generation();

  // The free slots of `type_id` from local day `from` to `to` inclusive.
  // kMalformed on a bad date, kNotFound for an unknown type (or a staff-only
  // one for the public), kInvalid when to < from or over kMaxSlotWindowDays.
  Result<std::vector<FreeSlot>> Slots(const std::string& type_id, const std::string& from,
                                      const std::string& to, const Agent* staff);

  // Books, for the public (staff null) or by a member of staff.
  Result<Booking> Book(const BookingRequest& request, const Agent* staff);

  // Cancels with the manage token, or as staff (token ignored).
  // kNotFound alike for an unknown id and a wrong token; kConflict when
  // already cancelled, no longer booked, or started.
  Result<Appointment> Cancel(const std::string& id, const std::string& token, const Agent* staff);

  // Moves to `start` (RFC 3339), with the token or as staff (who may name
  // the mediator). The same mediator is kept when free.
  Result<Appointment> Move(const std::string& id, const std::string& start,
                           const std::string& token, const std::string& agent_id,
                           const Agent* staff);

  // Marks "seen", "no_show" or "excused" (an excused booking gives its time back).
  Result<Appointment> SetStatus(const std::string& id, const std::string& status,
                                const Agent& staff);

  // One appointment, with the token or as staff.
  Result<Appointment> Find(const std::string& id, const std::string& token, const Agent* staff);

  // The appointments starting on local day `date` (YYYY-MM-DD).
  Result<std::vector<Appointment>> Day(const std::string& date, const Agent& staff);

  // Setting up (the demo, the administration): each refreshes the schedule.
  Status SaveType(const AppointmentType& type);
  Status SaveMediator(const MediatorSettings& mediator);
  Status AddAbsence(Absence absence);

 private:
  // What the schedule holds of a booking.
  struct Held {
    std::string agent_id;
    UtcInterval busy;
    friend bool operator==(const Held&, const Held&) = default;
  };

  UtcTime Now() const;
  std::string SiteId() const;
  // Rebuilds when the site's hours changed, a new local day began or a
  // conflict showed the schedule stale. Takes the lock as needed.
  Status EnsureFresh();
  // REQUIRES: mutex_ held exclusively.
  Status Rebuild();
  // Makes the schedule hold `held` for `id` (replacing what it held).
  // REQUIRES: mutex_ held exclusively.
  void Apply(const std::string& id, const Held& held);
  void Release(const std::string& id);
  // REQUIRES: mutex_ held.
  const AppointmentType* FindType(const std::string& type_id) const;
  // Chooses and holds a mediator for `start`, `refused` excepted.
  // REQUIRES: mutex_ held exclusively.
  Result<Assignment> Hold(const std::string& id, const SlotRules& rules, UtcTime start,
                          std::optional<MediatorIndex> only, const std::string& refused,
                          UtcTime now);
  Result<Appointment> Change(const std::string& id, const DecideChange& decide);
  // The change `change` of `a` with its messages of `kind` and a new SEQUENCE.
  AppointmentChange WithNotices(const Appointment& a, AppointmentChange change, NoticeKind kind,
                                UtcTime now) const;
  void Wake() const;

  AppointmentStore& store_;
  Sites& sites_;
  const Clock& clock_;
  NoticeSettings notices_;

  std::shared_mutex mutex_;
  std::shared_ptr<const SiteHours> hours_;         // GUARDED_BY(mutex_): built with
  std::string site_id_;                            // GUARDED_BY(mutex_)
  std::vector<AppointmentType> types_;             // GUARDED_BY(mutex_)
  Schedule schedule_;                              // GUARDED_BY(mutex_)
  UtcTime rebuild_at_{};                           // GUARDED_BY(mutex_): next local midnight
  bool stale_ = true;                              // GUARDED_BY(mutex_)
  std::uint64_t generation_ = 0;                   // GUARDED_BY(mutex_)
  std::unordered_map<std::string, Held> held_;     // GUARDED_BY(mutex_): in the schedule
  std::unordered_map<std::string, Held> pending_;  // GUARDED_BY(mutex_): being written
};

}  // namespace relais::app
