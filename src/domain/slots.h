// Slot search (créneaux) and the booking decision, on UTC intervals in memory:
// FindSlots lists exactly the starts that CheckBooking accepts. Pure: no clock,
// no tz database; a const Schedule may be read from many threads at once.
//
// The application turns the site's local opening hours (holidays and closures
// removed) and each mediator's weekly local availability into UTC intervals,
// which handles daylight saving, and hands them to a Schedule built once per
// site and updated as bookings come and go.
//
// A start s is accepted for a rule set r (an appointment type) when, in this
// order of checks (the first failing one names the error):
//   in_the_past            s >= now + r.min_notice
//   beyond_horizon         s <  now + r.horizon
//   outside_opening_hours  [s, s + duration) lies inside one open interval o
//   not_on_grid            (s - o.start) is a multiple of the step
//   slot_taken (conflict)  some mediator taking r.type_id has [s, s + duration
//                          + buffer_after) inside its availability minus its
//                          absences and overlapping none of its bookings.
// The mediator chosen among the free ones is the one with the fewest bookings
// starting the same day, then the smallest id (byte order).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace relais {

using UtcTime = std::chrono::sys_seconds;

// A half-open interval of instants [start, end), in UTC.
struct UtcInterval {
  UtcTime start;
  UtcTime end;

  friend bool operator==(const UtcInterval&, const UtcInterval&) = default;
};

// What the engine needs of an appointment type (motif).
struct SlotRules {
  std::string type_id;
  std::chrono::minutes duration{30};
  std::chrono::minutes buffer_after{0};  // the mediator stays busy this long after
  std::chrono::minutes min_notice{0};    // earliest start: now + min_notice
  std::chrono::days horizon{60};         // starts strictly before now + horizon
  std::chrono::minutes step{0};          // slot grid; 0 means the duration

  std::chrono::minutes EffectiveStep() const { return step.count() > 0 ? step : duration; }
  // duration > 0, step >= 0, buffer_after, min_notice and horizon >= 0.
  bool Valid() const;
};

// One mediator as the application describes it. Intervals in any order; they
// may touch or overlap (they are merged: the union is what counts).
struct MediatorCalendar {
  std::string id;
  std::vector<UtcInterval> availability;  // plages de disponibilité
  std::vector<UtcInterval> absences;      // subtracted from the availability
  std::vector<std::string> type_ids;      // the appointment types taken
  std::vector<UtcInterval> bookings;      // each [start, end + its own buffer)
};

// A mediator's position in a Schedule (mediators are ordered by id).
using MediatorIndex = std::uint32_t;

// A mediator as the engine holds it.
struct MediatorState {
  std::string id;
  std::vector<std::string> type_ids;
  std::vector<UtcInterval> free;      // availability minus absences: sorted, disjoint, not touching
  std::vector<UtcInterval> bookings;  // as given, sorted by (start, end); duplicates kept
  std::vector<UtcInterval> busy;      // the bookings merged: sorted, disjoint, not touching

  bool Takes(std::string_view type_id) const;
};

// The prepared calendar of one site. A value: copy it to publish a new
// version; mutate it only while no other thread reads it.
class Schedule {
 public:
  Schedule() = default;

  // `open`: the site's open intervals (sorted and merged here: touching
  // intervals become one, which counts the grid from the first one's start).
  // `day_starts`: the local midnights as UTC instants, which the least-booked
  // rule uses to tell days apart; empty means UTC days. Mediators are sorted
  // by id (stable: equal ids keep their order; ids should be unique).
  Schedule(std::vector<UtcInterval> open, std::vector<MediatorCalendar> mediators,
           std::vector<UtcTime> day_starts = {});

  const std::vector<UtcInterval>& open() const { return open_; }
  const std::vector<MediatorState>& mediators() const { return mediators_; }
  const MediatorState& mediator(MediatorIndex index) const { return mediators_[index]; }
  std::optional<MediatorIndex> FindMediator(std::string_view id) const;

  // The local day holding `t`, as [start, end); unbounded before the first
  // and after the last day start.
  UtcInterval DayOf(UtcTime t) const;

  // Records a booking of `mediator` over `busy` ([start, end + buffer), as
  // Assignment::busy gives it). O(bookings of that mediator).
  // REQUIRES: mediator < mediators().size().
  void AddBooking(MediatorIndex mediator, UtcInterval busy);

  // Forgets one booking equal to `busy`; false when there is none. Same REQUIRES.
  bool RemoveBooking(MediatorIndex mediator, UtcInterval busy);

 private:
  std::vector<UtcInterval> open_;
  std::vector<MediatorState> mediators_;
  std::vector<UtcTime> day_starts_;
};

// A free slot and who would get it.
struct Slot {
  UtcTime start;
  UtcTime end;                       // start + duration (the buffer not included)
  MediatorIndex mediator = 0;        // the one CheckBooking assigns
  std::uint32_t free_mediators = 0;  // how many could take it, >= 1

  friend bool operator==(const Slot&, const Slot&) = default;
};

// The decision to book a start: the mediator and the time to record.
struct Assignment {
  MediatorIndex mediator = 0;
  std::string mediator_id;
  UtcInterval slot;  // [start, start + duration)
  UtcInterval busy;  // [start, start + duration + buffer_after): pass to AddBooking

  friend bool operator==(const Assignment&, const Assignment&) = default;
};

// Every start s with from <= s < to that CheckBooking(schedule, rules, s, now,
// only) accepts, in ascending order, appended to `out` after clearing it.
// With `only`, only that mediator is considered. Nothing when !rules.Valid().
// Allocates nothing once `out` has capacity, except for a small per-call list
// of the mediators taking the type.
void FindSlots(const Schedule& schedule, const SlotRules& rules, UtcTime now, UtcTime from,
               UtcTime to, std::vector<Slot>& out, std::optional<MediatorIndex> only = {});
std::vector<Slot> FindSlots(const Schedule& schedule, const SlotRules& rules, UtcTime now,
                            UtcTime from, UtcTime to, std::optional<MediatorIndex> only = {});

// Whether a booking of `rules` at `start` can be made at `now`, and with whom.
// Errors (field "start"): kInvalid in_the_past, beyond_horizon,
// outside_opening_hours, not_on_grid; kConflict slot_taken; kInvalid
// invalid_appointment_type (field "type") when !rules.Valid().
Result<Assignment> CheckBooking(const Schedule& schedule, const SlotRules& rules, UtcTime start,
                                UtcTime now, std::optional<MediatorIndex> only = {});

}  // namespace relais
