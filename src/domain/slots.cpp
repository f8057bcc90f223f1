#include "domain/slots.h"

#include <algorithm>
#include <limits>
#include <span>
#include <tuple>
#include <utility>

namespace relais {
namespace {

using std::chrono::seconds;

bool ByStartThenEnd(const UtcInterval& a, const UtcInterval& b) {
  return std::tie(a.start, a.end) < std::tie(b.start, b.end);
}

// Sorted, disjoint, not touching; empty intervals dropped.
std::vector<UtcInterval> Merge(std::vector<UtcInterval> intervals) {
  std::erase_if(intervals, [](const UtcInterval& i) { return i.end <= i.start; });
  std::sort(intervals.begin(), intervals.end(), ByStartThenEnd);
  std::vector<UtcInterval> merged;
  merged.reserve(intervals.size());
  for (const UtcInterval& i : intervals) {
    if (!merged.empty() && i.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, i.end);
    } else {
      merged.push_back(i);
    }
  }
  return merged;
}

// `from` minus `minus`, both merged; the result is merged.
std::vector<UtcInterval> Subtract(const std::vector<UtcInterval>& from,
                                  const std::vector<UtcInterval>& minus) {
  std::vector<UtcInterval> out;
  out.reserve(from.size());
  std::size_t j = 0;
  for (UtcInterval rest : from) {
    while (j < minus.size() && minus[j].end <= rest.start) ++j;
    for (std::size_t k = j; k < minus.size() && minus[k].start < rest.end; ++k) {
      if (minus[k].start > rest.start) out.push_back({rest.start, minus[k].start});
      rest.start = std::max(rest.start, minus[k].end);
    }
    if (rest.start < rest.end) out.push_back(rest);
  }
  return out;
}

// First interval of a sorted disjoint list whose end is after `t`.
std::size_t FirstEndingAfter(const std::vector<UtcInterval>& v, UtcTime t) {
  return static_cast<std::size_t>(
      std::partition_point(v.begin(), v.end(), [t](const UtcInterval& i) { return i.end <= t; }) -
      v.begin());
}

// First booking (sorted by start) starting at or after `t`.
std::size_t FirstStartingFrom(const std::vector<UtcInterval>& v, UtcTime t) {
  return static_cast<std::size_t>(
      std::partition_point(v.begin(), v.end(), [t](const UtcInterval& i) { return i.start < t; }) -
      v.begin());
}

// A mediator taking the type, with cursors into its lists. The cursors only
// move forward; any position at or before the right one gives the right
// answer, so a sweep over increasing starts costs O(intervals) in all and a
// single question costs a binary search (Seek) and O(1).
struct Candidate {
  using It = const UtcInterval*;

  Candidate(MediatorIndex i, const MediatorState& m)
      : index(i),
        free(m.free.data()),
        free_end(free + m.free.size()),
        busy(m.busy.data()),
        busy_end(busy + m.busy.size()),
        bookings(m.bookings.data()),
        bookings_end(bookings + m.bookings.size()),
        day_first(bookings),
        day_last(bookings) {}

  MediatorIndex index;
  It free, free_end;  // first free interval ending after the last start asked
  It busy, busy_end;  // first busy interval ending after the last start asked
  It bookings, bookings_end;
  It day_first;          // first booking starting at or after the day's start
  It day_last;           // first booking starting at or after the day's end
  std::size_t load = 0;  // bookings starting on the day (day_last - day_first)
};

// THE predicate: whether the mediator can take [a, b).
bool CanTake(Candidate& c, UtcTime a, UtcTime b) {
  while (c.free != c.free_end && c.free->end <= a) ++c.free;
  if (c.free == c.free_end || c.free->start > a || c.free->end < b) return false;
  while (c.busy != c.busy_end && c.busy->end <= a) ++c.busy;
  return c.busy == c.busy_end || c.busy->start >= b;
}

// Counts each mediator's bookings starting within `day`, a later day than before.
void EnterDay(std::span<Candidate> candidates, UtcInterval day) {
  for (Candidate& c : candidates) {
    while (c.day_first != c.bookings_end && c.day_first->start < day.start) ++c.day_first;
    c.day_last = std::max(c.day_last, c.day_first);
    while (c.day_last != c.bookings_end && c.day_last->start < day.end) ++c.day_last;
    c.load = static_cast<std::size_t>(c.day_last - c.day_first);
  }
}

struct Decision {
  std::uint32_t free = 0;  // mediators able to take it
  MediatorIndex best = 0;  // the least booked on the day, then the smallest index
};

// THE decision for one start, shared by FindSlots and CheckBooking.
// `candidates` are in ascending index (= id) order, and have entered the
// start's day. Written without branches on the outcome, which is random.
Decision Decide(std::span<Candidate> candidates, UtcTime a, UtcTime b) {
  Decision decision;
  std::size_t best_load = std::numeric_limits<std::size_t>::max();
  for (Candidate& c : candidates) {
    const bool can = CanTake(c, a, b);
    const bool better = can & (c.load < best_load);
    decision.free += can;
    best_load = better ? c.load : best_load;
    decision.best = better ? c.index : decision.best;
  }
  return decision;
}

// Places every cursor for a first question at `a` on `day`.
void Seek(std::span<Candidate> candidates, UtcTime a, UtcInterval day) {
  auto ending_after = [a](const UtcInterval& i) { return i.end <= a; };
  for (Candidate& c : candidates) {
    c.free = std::partition_point(c.free, c.free_end, ending_after);
    c.busy = std::partition_point(c.busy, c.busy_end, ending_after);
    c.day_first = std::partition_point(c.bookings, c.bookings_end,
                                       [&](const UtcInterval& i) { return i.start < day.start; });
    c.day_last = c.day_first;
  }
  EnterDay(candidates, day);
}

std::vector<Candidate> Candidates(const Schedule& schedule, std::string_view type_id,
                                  std::optional<MediatorIndex> only) {
  std::vector<Candidate> candidates;
  const std::vector<MediatorState>& mediators = schedule.mediators();
  if (only) {
    if (*only < mediators.size() && mediators[*only].Takes(type_id)) {
      candidates.emplace_back(*only, mediators[*only]);
    }
    return candidates;
  }
  candidates.reserve(mediators.size());
  for (MediatorIndex i = 0; i < mediators.size(); ++i) {
    if (mediators[i].Takes(type_id)) candidates.emplace_back(i, mediators[i]);
  }
  return candidates;
}

// "2 heures", "1 jour", "45 minutes".
std::string FrenchDuration(std::chrono::minutes m) {
  const auto count = m.count();
  auto plural = [](long long n, const char* unit) {
    return std::to_string(n) + " " + unit + (n > 1 ? "s" : "");
  };
  if (count > 0 && count % 1440 == 0) return plural(count / 1440, "jour");
  if (count > 0 && count % 60 == 0) return plural(count / 60, "heure");
  return plural(count, "minute");
}

}  // namespace

bool SlotRules::Valid() const {
  return duration.count() > 0 && step.count() >= 0 && buffer_after.count() >= 0 &&
         min_notice.count() >= 0 && horizon.count() >= 0;
}

bool MediatorState::Takes(std::string_view type_id) const {
  return std::find(type_ids.begin(), type_ids.end(), type_id) != type_ids.end();
}

Schedule::Schedule(std::vector<UtcInterval> open, std::vector<MediatorCalendar> mediators,
                   std::vector<UtcTime> day_starts)
    : open_(Merge(std::move(open))), day_starts_(std::move(day_starts)) {
  std::sort(day_starts_.begin(), day_starts_.end());
  day_starts_.erase(std::unique(day_starts_.begin(), day_starts_.end()), day_starts_.end());
  std::stable_sort(
      mediators.begin(), mediators.end(),
      [](const MediatorCalendar& a, const MediatorCalendar& b) { return a.id < b.id; });
  mediators_.reserve(mediators.size());
  for (MediatorCalendar& m : mediators) {
    MediatorState state;
    state.id = std::move(m.id);
    state.type_ids = std::move(m.type_ids);
    state.free = Subtract(Merge(std::move(m.availability)), Merge(std::move(m.absences)));
    state.bookings = std::move(m.bookings);
    std::erase_if(state.bookings, [](const UtcInterval& i) { return i.end <= i.start; });
    std::sort(state.bookings.begin(), state.bookings.end(), ByStartThenEnd);
    state.busy = Merge(state.bookings);
    mediators_.push_back(std::move(state));
  }
}

std::optional<MediatorIndex> Schedule::FindMediator(std::string_view id) const {
  for (MediatorIndex i = 0; i < mediators_.size(); ++i) {
    if (mediators_[i].id == id) return i;
  }
  return std::nullopt;
}

UtcInterval Schedule::DayOf(UtcTime t) const {
  if (day_starts_.empty()) {
    const UtcTime start = std::chrono::floor<std::chrono::days>(t);
    return {start, start + std::chrono::days{1}};
  }
  const auto next = std::upper_bound(day_starts_.begin(), day_starts_.end(), t);
  return {next == day_starts_.begin() ? UtcTime::min() : *(next - 1),
          next == day_starts_.end() ? UtcTime::max() : *next};
}

void Schedule::AddBooking(MediatorIndex mediator, UtcInterval busy) {
  if (busy.end <= busy.start) return;
  MediatorState& m = mediators_[mediator];
  m.bookings.insert(std::upper_bound(m.bookings.begin(), m.bookings.end(), busy, ByStartThenEnd),
                    busy);
  // Merge into the busy list locally: the intervals touching or overlapping it.
  auto first = std::partition_point(m.busy.begin(), m.busy.end(),
                                    [&](const UtcInterval& i) { return i.end < busy.start; });
  auto last = std::partition_point(first, m.busy.end(),
                                   [&](const UtcInterval& i) { return i.start <= busy.end; });
  if (first == last) {
    m.busy.insert(first, busy);
    return;
  }
  first->start = std::min(first->start, busy.start);
  first->end = std::max((last - 1)->end, busy.end);
  m.busy.erase(first + 1, last);
}

bool Schedule::RemoveBooking(MediatorIndex mediator, UtcInterval busy) {
  MediatorState& m = mediators_[mediator];
  const auto found = std::lower_bound(m.bookings.begin(), m.bookings.end(), busy, ByStartThenEnd);
  if (found == m.bookings.end() || !(*found == busy)) return false;
  m.bookings.erase(found);
  // The merged interval that held it is rebuilt from the bookings starting in it.
  const auto holder =
      m.busy.begin() + static_cast<std::ptrdiff_t>(FirstEndingAfter(m.busy, busy.start));
  const UtcInterval old = *holder;
  const auto from =
      m.bookings.begin() + static_cast<std::ptrdiff_t>(FirstStartingFrom(m.bookings, old.start));
  const auto to =
      m.bookings.begin() + static_cast<std::ptrdiff_t>(FirstStartingFrom(m.bookings, old.end));
  std::vector<UtcInterval> pieces = Merge(std::vector<UtcInterval>(from, to));
  const auto at = m.busy.erase(holder);
  m.busy.insert(at, pieces.begin(), pieces.end());
  return true;
}

void FindSlots(const Schedule& schedule, const SlotRules& rules, UtcTime now, UtcTime from,
               UtcTime to, std::vector<Slot>& out, std::optional<MediatorIndex> only) {
  out.clear();
  if (!rules.Valid()) return;
  const seconds duration = rules.duration;
  const seconds need = rules.duration + rules.buffer_after;
  const seconds step = rules.EffectiveStep();
  const UtcTime low = std::max(from, now + rules.min_notice);
  const UtcTime high = std::min(to, now + rules.horizon);
  if (low >= high) return;
  std::vector<Candidate> candidates = Candidates(schedule, rules.type_id, only);
  if (candidates.empty()) return;

  UtcInterval day = schedule.DayOf(low);
  Seek(candidates, low, day);
  const std::vector<UtcInterval>& open = schedule.open();
  for (std::size_t o = FirstEndingAfter(open, low); o < open.size() && open[o].start < high; ++o) {
    UtcTime start = open[o].start;
    if (start < low) start += ((low - start) + step - seconds{1}) / step * step;
    for (; start < high && start + duration <= open[o].end; start += step) {
      if (start >= day.end) {
        day = schedule.DayOf(start);
        EnterDay(candidates, day);
      }
      const Decision decision = Decide(candidates, start, start + need);
      if (decision.free > 0) out.push_back({start, start + duration, decision.best, decision.free});
    }
  }
}

std::vector<Slot> FindSlots(const Schedule& schedule, const SlotRules& rules, UtcTime now,
                            UtcTime from, UtcTime to, std::optional<MediatorIndex> only) {
  std::vector<Slot> out;
  FindSlots(schedule, rules, now, from, to, out, only);
  return out;
}

Result<Assignment> CheckBooking(const Schedule& schedule, const SlotRules& rules, UtcTime start,
                                UtcTime now, std::optional<MediatorIndex> only) {
  if (!rules.Valid()) {
    return Fail(ErrorKind::kInvalid, "invalid_appointment_type",
                "Ce motif de rendez-vous est mal paramétré (durée, délai ou pas de la grille).",
                "type");
  }
  if (start < now) {
    return Fail(ErrorKind::kInvalid, "in_the_past", "Ce créneau est déjà passé.", "start");
  }
  if (start < now + rules.min_notice) {
    return Fail(ErrorKind::kInvalid, "in_the_past",
                "Trop tôt : ce rendez-vous se prend au moins " + FrenchDuration(rules.min_notice) +
                    " à l'avance.",
                "start");
  }
  if (start >= now + rules.horizon) {
    return Fail(
        ErrorKind::kInvalid, "beyond_horizon",
        "Trop loin : ce rendez-vous se prend au plus " +
            FrenchDuration(std::chrono::duration_cast<std::chrono::minutes>(rules.horizon)) +
            " à l'avance.",
        "start");
  }
  const seconds duration = rules.duration;
  const std::vector<UtcInterval>& open = schedule.open();
  const std::size_t o = FirstEndingAfter(open, start);
  if (o == open.size() || open[o].start > start || start + duration > open[o].end) {
    return Fail(ErrorKind::kInvalid, "outside_opening_hours",
                "Ce créneau est en dehors des horaires d'ouverture.", "start");
  }
  if ((start - open[o].start) % seconds{rules.EffectiveStep()} != seconds{0}) {
    return Fail(ErrorKind::kInvalid, "not_on_grid",
                "Ce créneau ne commence pas à une heure proposée.", "start");
  }
  std::vector<Candidate> candidates = Candidates(schedule, rules.type_id, only);
  const UtcInterval day = schedule.DayOf(start);
  Seek(candidates, start, day);
  const UtcTime busy_end = start + duration + rules.buffer_after;
  const Decision decision = Decide(candidates, start, busy_end);
  if (decision.free == 0) {
    return Fail(ErrorKind::kConflict, "slot_taken",
                "Ce créneau vient d'être pris ou n'est plus disponible : choisissez-en un autre.",
                "start");
  }
  return Assignment{decision.best,
                    schedule.mediator(decision.best).id,
                    {start, start + duration},
                    {start, busy_end}};
}

}  // namespace relais
