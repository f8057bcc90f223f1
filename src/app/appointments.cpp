#include "app/appointments.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <utility>

#include "app/policy.h"
#include "app/secrets.h"
#include "domain/opening_hours.h"

namespace relais::app {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;

struct StatusNames {
  AppointmentStatus status;
  std::string_view name;
};

constexpr std::array<StatusNames, 5> kStatuses = {{
    {AppointmentStatus::kBooked, "booked"},
    {AppointmentStatus::kCancelled, "cancelled"},
    {AppointmentStatus::kSeen, "seen"},
    {AppointmentStatus::kNoShow, "no_show"},
    {AppointmentStatus::kExcused, "excused"},
}};

constexpr std::int64_t kUnitSeconds = seconds{kBookingUnit}.count();

UtcTime RoundDown(UtcTime t) {
  const std::int64_t s = t.time_since_epoch().count();
  const std::int64_t r = ((s % kUnitSeconds) + kUnitSeconds) % kUnitSeconds;
  return t - seconds{r};
}

UtcTime RoundUp(UtcTime t) {
  const UtcTime down = RoundDown(t);
  return down == t ? t : down + seconds{kUnitSeconds};
}

// Intervals shrunk to the unit grid; those left empty are dropped.
std::vector<UtcInterval> Inward(const std::vector<Interval>& intervals) {
  std::vector<UtcInterval> out;
  out.reserve(intervals.size());
  for (const Interval& i : intervals) {
    const UtcInterval rounded{RoundUp(i.start), RoundDown(i.end)};
    if (rounded.start < rounded.end) out.push_back(rounded);
  }
  return out;
}

// The time a booking holds, on the unit grid.
UtcInterval BusyOf(UtcTime start, UtcTime busy_until) {
  return {RoundDown(start), RoundUp(busy_until)};
}

tl::unexpected<Error> NotFound() {
  return Fail(ErrorKind::kNotFound, "appointment_not_found",
              "Ce rendez-vous est introuvable, ou le lien de gestion n'est pas le bon.");
}

tl::unexpected<Error> UnknownType() {
  return Fail(ErrorKind::kNotFound, "unknown_appointment_type",
              "Ce motif de rendez-vous n'existe pas.", "type");
}

tl::unexpected<Error> SlotTaken() {
  return Fail(ErrorKind::kConflict, "slot_taken",
              "Ce créneau vient d'être pris ou n'est plus disponible : choisissez-en un autre.",
              "start");
}

// Whether an appointment may still be cancelled or moved at `now`.
Status StillBooked(const Appointment& a, UtcTime now) {
  if (a.status == AppointmentStatus::kCancelled) {
    return Fail(ErrorKind::kConflict, "already_cancelled", "Ce rendez-vous est déjà annulé.");
  }
  if (a.status != AppointmentStatus::kBooked) {
    return Fail(ErrorKind::kConflict, "not_booked",
                "Ce rendez-vous est clos (reçu, absent ou excusé) : il ne peut plus être modifié.");
  }
  if (a.start <= now) {
    return Fail(ErrorKind::kConflict, "appointment_past",
                "Ce rendez-vous a déjà commencé : il ne peut plus être annulé ni déplacé.");
  }
  return {};
}

std::string Trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::size_t CodePoints(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

bool Digit(char c) {
  return c >= '0' && c <= '9';
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), Digit);
}

// "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "0033612345678"
// → "0612345678"; nothing for anything else.
std::optional<std::string> NationalPhone(std::string_view text) {
  std::string compact;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '.' || c == '-') continue;
    if (text.substr(i, 2) == "\xC2\xA0") {  // no-break space
      ++i;
      continue;
    }
    if (text.substr(i, 3) == "\xE2\x80\xAF") {  // narrow no-break space
      i += 2;
      continue;
    }
    compact.push_back(c);
  }
  std::string_view number = compact;
  std::string national;
  if (number.substr(0, 3) == "+33") {
    national = "0" + std::string(number.substr(3));
  } else if (number.substr(0, 4) == "0033") {
    national = "0" + std::string(number.substr(4));
  } else {
    national = std::string(number);
  }
  if (national.size() != 10 || national[0] != '0' || national[1] == '0' || !AllDigits(national)) {
    return std::nullopt;
  }
  return national;
}

bool ValidEmail(std::string_view email) {
  if (email.size() > 254 || HasControl(email)) return false;
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
    return false;
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : local) {
    if (c == ' ' || std::string_view("(),:;<>[\\]\"").find(c) != std::string_view::npos) {
      return false;
    }
  }
  // Labels of letters, digits and hyphens (or non-ASCII, for IDN), at least two.
  std::size_t labels = 0;
  std::size_t begin = 0;
  while (begin <= domain.size()) {
    const std::size_t end = std::min(domain.find('.', begin), domain.size());
    const std::string_view label = domain.substr(begin, end - begin);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      const auto u = static_cast<unsigned char>(c);
      const bool ok =
          u >= 0x80 || Digit(c) || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!ok) return false;
    }
    ++labels;
    begin = end + 1;
  }
  return labels >= 2;
}

// Five characters: digits (not starting "00"), or 2A/2B and three digits (Corse).
bool ValidInsee(std::string_view code) {
  if (code.size() != 5) return false;
  if (AllDigits(code)) return code.substr(0, 2) != "00";
  return code[0] == '2' && (code[1] == 'A' || code[1] == 'B') && AllDigits(code.substr(2));
}

Status CheckName(std::string& name, const std::string& field, const char* what) {
  name = Trim(name);
  if (name.empty()) {
    return Fail(ErrorKind::kInvalid, "name_required", std::string("Indiquez ") + what + ".", field);
  }
  if (CodePoints(name) > kMaxNameLength) {
    return Fail(ErrorKind::kInvalid, "name_too_long",
                std::string("Trop long : ") + what + " compte au plus " +
                    std::to_string(kMaxNameLength) + " caractères.",
                field);
  }
  if (HasControl(name)) {
    return Fail(ErrorKind::kInvalid, "invalid_name",
                std::string("Caractères non permis dans ") + what + ".", field);
  }
  return {};
}

bool ValidSlug(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return Digit(c) || (c >= 'a' && c <= 'z') || c == '-'; });
}

Status ValidateType(const AppointmentType& type) {
  const auto invalid = [](const char* message, const char* field) {
    return Fail(ErrorKind::kInvalid, "invalid_appointment_type", message, field);
  };
  const int unit = static_cast<int>(kBookingUnit.count());
  if (!ValidSlug(type.id)) {
    return invalid("L'identifiant d'un motif : 1 à 64 lettres minuscules, chiffres ou tirets.",
                   "id");
  }
  // The booking pages' own paths (/rendez-vous/gerer/…, /rendez-vous/confirmation/…).
  if (type.id == "gerer" || type.id == "confirmation") {
    return invalid("Cet identifiant est réservé aux pages de rendez-vous : choisissez-en un autre.",
                   "id");
  }
  if (type.name.empty() || CodePoints(type.name) > 200) {
    return invalid("Le nom d'un motif compte de 1 à 200 caractères.", "name");
  }
  if (type.duration_minutes < unit || type.duration_minutes > 480 ||
      type.duration_minutes % unit != 0) {
    return invalid("La durée se compte en multiples de 5 minutes, de 5 minutes à 8 heures.",
                   "duration_minutes");
  }
  if (type.buffer_minutes < 0 || type.buffer_minutes > 120 || type.buffer_minutes % unit != 0) {
    return invalid("Le temps de battement se compte en multiples de 5 minutes, 2 heures au plus.",
                   "buffer_minutes");
  }
  if (type.min_notice_minutes < 0 || type.min_notice_minutes > 60 * 24 * 30) {
    return invalid("Le délai de prévenance va de 0 à 30 jours.", "min_notice_minutes");
  }
  if (type.horizon_days < 1 || type.horizon_days > 366) {
    return invalid("L'horizon de réservation va de 1 à 366 jours.", "horizon_days");
  }
  if (CodePoints(type.documents) > 2000) {
    return invalid("La liste des pièces à apporter compte au plus 2 000 caractères.", "documents");
  }
  return {};
}

date::local_days LocalDay(date::year_month_day day) {
  return date::local_days{day};
}

}  // namespace

std::string_view StatusName(AppointmentStatus status) {
  for (const StatusNames& entry : kStatuses) {
    if (entry.status == status) return entry.name;
  }
  return kStatuses[0].name;  // unreachable: every enumerator is listed
}

std::optional<AppointmentStatus> ParseStatus(std::string_view name) {
  for (const StatusNames& entry : kStatuses) {
    if (entry.name == name) return entry.status;
  }
  return std::nullopt;
}

bool HoldsTime(AppointmentStatus status) {
  return status == AppointmentStatus::kBooked || status == AppointmentStatus::kSeen ||
         status == AppointmentStatus::kNoShow;
}

Status MayManageAppointments(const Agent& agent, const std::string& site_id) {
  return AuthorizeAt(agent, Action::kManageAppointments, site_id);
}

// Who may act on one appointment: staff allowed to manage the site's
// appointments, or anyone holding a well-formed link token (checked
// against the stored digest by the caller). A malformed token reads as an
// unknown appointment.
Status MayActOn(const Agent* staff, const std::string& token, const std::string& site_id) {
  if (staff != nullptr) return MayManageAppointments(*staff, site_id);
  if (!PlausibleToken(token)) return NotFound();
  return {};
}

Result<UtcTime> ParseRfc3339(std::string_view text, const std::string& field) {
  const auto bad = [&] {
    return Fail(ErrorKind::kInvalid, "invalid_time",
                "Heure attendue au format RFC 3339, par exemple 2025-03-31T09:30:00+02:00.", field);
  };
  const auto number = [&](std::size_t at, std::size_t length, int& out) {
    if (at + length > text.size() || !AllDigits(text.substr(at, length))) return false;
    out = 0;
    for (char c : text.substr(at, length)) out = out * 10 + (c - '0');
    return true;
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!number(0, 4, year) || text.size() < 20 || text[4] != '-' || !number(5, 2, month) ||
      text[7] != '-' || !number(8, 2, day) || (text[10] != 'T' && text[10] != 't') ||
      !number(11, 2, hour) || text[13] != ':' || !number(14, 2, minute) || text[16] != ':' ||
      !number(17, 2, second)) {
    return bad();
  }
  std::size_t at = 19;
  if (text[at] == '.') {
    const std::size_t first = ++at;
    while (at < text.size() && Digit(text[at])) {
      if (text[at] != '0') return bad();  // the grid has no fractions of a second
      ++at;
    }
    if (at == first) return bad();
  }
  if (at >= text.size()) return bad();
  int offset = 0;
  if (text[at] == 'Z' || text[at] == 'z') {
    ++at;
  } else if (text[at] == '+' || text[at] == '-') {
    int offset_hours = 0, offset_minutes = 0;
    if (!number(at + 1, 2, offset_hours) || at + 3 >= text.size() || text[at + 3] != ':' ||
        !number(at + 4, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59) {
      return bad();
    }
    offset = (offset_hours * 60 + offset_minutes) * (text[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return bad();
  }
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (at != text.size() || !ymd.ok() || year < 1900 || year > 2200 || hour > 23 || minute > 59 ||
      second > 59) {
    return bad();
  }
  return UtcTime{date::sys_days{ymd}} + std::chrono::hours{hour} + minutes{minute - offset} +
         seconds{second};
}

Status ValidatePerson(PersonDetails& person, bool need_contact) {
  if (auto ok = CheckName(person.first_name, "person.first_name", "le prénom"); !ok) return ok;
  if (auto ok = CheckName(person.last_name, "person.last_name", "le nom"); !ok) return ok;
  person.phone = Trim(person.phone);
  if (!person.phone.empty()) {
    auto national = NationalPhone(person.phone);
    if (!national) {
      return Fail(ErrorKind::kInvalid, "invalid_phone",
                  "Numéro de téléphone invalide : 10 chiffres commençant par 0, ou +33 suivi de "
                  "9 chiffres.",
                  "person.phone");
    }
    person.phone = *national;
  }
  person.email = Trim(person.email);
  if (!person.email.empty() && !ValidEmail(person.email)) {
    return Fail(ErrorKind::kInvalid, "invalid_email",
                "Adresse e-mail invalide (exemple : prenom.nom@exemple.fr).", "person.email");
  }
  person.commune_insee = Trim(person.commune_insee);
  for (char& c : person.commune_insee) {
    if (c == 'a' || c == 'b') c = static_cast<char>(c - 'a' + 'A');
  }
  if (!person.commune_insee.empty() && !ValidInsee(person.commune_insee)) {
    return Fail(ErrorKind::kInvalid, "invalid_commune",
                "Code INSEE de commune invalide : 5 caractères, des chiffres (2A ou 2B pour la "
                "Corse), par exemple 92002.",
                "person.commune_insee");
  }
  if (need_contact && person.phone.empty() && person.email.empty()) {
    return Fail(ErrorKind::kInvalid, "contact_required",
                "Indiquez un téléphone ou une adresse e-mail pour recevoir la confirmation.",
                "person.phone");
  }
  return {};
}

SlotRules RulesFor(const AppointmentType& type, bool staff) {
  SlotRules rules;
  rules.type_id = type.id;
  rules.duration = minutes{type.duration_minutes};
  rules.buffer_after = minutes{type.buffer_minutes};
  rules.min_notice = staff ? minutes{0} : minutes{type.min_notice_minutes};
  rules.horizon = days{type.horizon_days};
  rules.step = kSlotStep;
  return rules;
}

Result<Schedule> BuildSchedule(const SiteHours& hours,
                               const std::vector<MediatorSettings>& mediators,
                               const std::vector<Absence>& absences,
                               const std::vector<Appointment>& bookings, date::year_month_day first,
                               date::year_month_day last) {
  const TimeZone& zone = hours.zone();
  std::vector<UtcInterval> open = Inward(hours.Between(first, last).intervals);
  std::vector<MediatorCalendar> calendars;
  calendars.reserve(mediators.size());
  for (const MediatorSettings& mediator : mediators) {
    auto weekly = ParseOpeningHours(mediator.weekly_hours);
    if (!weekly) {
      Error error = weekly.error();
      error.field = "weekly_hours";
      return tl::unexpected(error);
    }
    MediatorCalendar calendar;
    calendar.id = mediator.agent_id;
    calendar.type_ids = mediator.type_ids;
    calendar.availability =
        Inward(zone.ToInstants(OpenIntervals(*weekly, first, last, hours.rules().holidays)));
    calendars.push_back(std::move(calendar));
  }
  const auto calendar_of = [&](const std::string& agent_id) -> MediatorCalendar* {
    for (MediatorCalendar& calendar : calendars) {
      if (calendar.id == agent_id) return &calendar;
    }
    return nullptr;
  };
  for (const Absence& absence : absences) {
    // Outwards: a unit touched by an absence is not available.
    if (MediatorCalendar* calendar = calendar_of(absence.agent_id)) {
      calendar->absences.push_back({RoundDown(absence.span.start), RoundUp(absence.span.end)});
    }
  }
  for (const Appointment& booking : bookings) {
    if (!HoldsTime(booking.status)) continue;
    if (MediatorCalendar* calendar = calendar_of(booking.agent_id)) {
      calendar->bookings.push_back(BusyOf(booking.start, booking.busy_until));
    }
  }
  std::vector<UtcTime> day_starts;
  for (date::local_days day = LocalDay(first); day <= LocalDay(last) + days{1}; day += days{1}) {
    day_starts.push_back(zone.ToInstant(date::local_seconds{day}));
  }
  return Schedule(std::move(open), std::move(calendars), std::move(day_starts));
}

// --- Appointments ---------------------------------------------------------

UtcTime Appointments::Now() const {
  return std::chrono::floor<seconds>(clock_.Now());
}

std::string Appointments::SiteId() const {
  return sites_.Current()->id;
}

Status Appointments::Load() {
  std::unique_lock lock(mutex_);
  return Rebuild();
}

bool Appointments::IsFresh() {
  const auto hours = sites_.CurrentHours();
  const UtcTime now = Now();
  std::shared_lock lock(mutex_);
  return !stale_ && hours_ == hours && now < rebuild_at_;
}

std::uint64_t Appointments::Generation() {
  std::shared_lock lock(mutex_);
  return generation_;
}

Status Appointments::EnsureFresh() {
  if (IsFresh()) return {};
  std::unique_lock lock(mutex_);
  if (!stale_ && hours_ == sites_.CurrentHours() && Now() < rebuild_at_) return {};
  return Rebuild();
}

Status Appointments::Rebuild() {
  const auto site = sites_.Current();
  const auto hours = sites_.CurrentHours();
  auto types = store_.ListAppointmentTypes(site->id);
  if (!types) return tl::unexpected(types.error());
  auto mediators = store_.ListMediators(site->id);
  if (!mediators) return tl::unexpected(mediators.error());
  int horizon = 1;
  for (const AppointmentType& type : *types) horizon = std::max(horizon, type.horizon_days);
  // From yesterday (a booking in progress) to the furthest horizon, plus a day.
  const date::local_days today{hours->LocalDate(Now())};
  const date::local_days first = today - days{1};
  const date::local_days last = today + days{horizon + 1};
  const UtcTime window_start = hours->zone().ToInstant(date::local_seconds{first});
  auto absences = store_.ListAbsences(site->id, window_start);
  if (!absences) return tl::unexpected(absences.error());
  auto busy = store_.ListBusyAppointments(site->id, window_start);
  if (!busy) return tl::unexpected(busy.error());
  auto schedule = BuildSchedule(*hours, *mediators, *absences, *busy, date::year_month_day{first},
                                date::year_month_day{last});
  if (!schedule) return tl::unexpected(schedule.error());

  schedule_ = std::move(*schedule);
  types_ = std::move(*types);
  hours_ = hours;
  site_id_ = site->id;
  held_.clear();
  for (const Appointment& booking : *busy) {
    held_[booking.id] = Held{booking.agent_id, BusyOf(booking.start, booking.busy_until)};
  }
  // Bookings being written now: the schedule must keep holding their time.
  for (const auto& [id, held] : pending_) Apply(id, held);
  rebuild_at_ = hours->zone().ToInstant(date::local_seconds{today + days{1}});
  stale_ = false;
  ++generation_;
  return {};
}

void Appointments::Apply(const std::string& id, const Held& held) {
  ++generation_;
  auto it = held_.find(id);
  if (it != held_.end()) {
    if (it->second == held) return;
    Release(id);
  }
  if (auto mediator = schedule_.FindMediator(held.agent_id)) {
    schedule_.AddBooking(*mediator, held.busy);
  }
  held_[id] = held;
}

void Appointments::Release(const std::string& id) {
  ++generation_;
  auto it = held_.find(id);
  if (it == held_.end()) return;
  if (auto mediator = schedule_.FindMediator(it->second.agent_id)) {
    schedule_.RemoveBooking(*mediator, it->second.busy);
  }
  held_.erase(it);
}

const AppointmentType* Appointments::FindType(const std::string& type_id) const {
  for (const AppointmentType& type : types_) {
    if (type.id == type_id) return &type;
  }
  return nullptr;
}

Result<Assignment> Appointments::Hold(const std::string& id, const SlotRules& rules, UtcTime start,
                                      std::optional<MediatorIndex> only, const std::string& refused,
                                      UtcTime now) {
  Result<Assignment> assignment = CheckBooking(schedule_, rules, start, now, only);
  if (assignment && !refused.empty() && assignment->mediator_id == refused) {
    assignment = SlotTaken();
    for (MediatorIndex i = 0; i < schedule_.mediators().size(); ++i) {
      if (schedule_.mediator(i).id == refused) continue;
      auto other = CheckBooking(schedule_, rules, start, now, i);
      if (other) {
        assignment = std::move(other);
        break;
      }
    }
  }
  if (!assignment) return assignment;
  const Held held{assignment->mediator_id, assignment->busy};
  Apply(id, held);
  pending_[id] = held;
  return assignment;
}

Result<std::vector<AppointmentType>> Appointments::Types(const Agent* staff) {
  const bool is_staff = staff != nullptr && MayManageAppointments(*staff, SiteId());
  if (auto fresh = EnsureFresh(); !fresh) return tl::unexpected(fresh.error());
  std::shared_lock lock(mutex_);
  std::vector<AppointmentType> types;
  for (const AppointmentType& type : types_) {
    if (type.online || is_staff) types.push_back(type);
  }
  return types;
}

std::optional<AppointmentType> Appointments::Type(const std::string& type_id) {
  if (!EnsureFresh()) return std::nullopt;
  std::shared_lock lock(mutex_);
  const AppointmentType* type = FindType(type_id);
  if (type == nullptr) return std::nullopt;
  return *type;
}

Result<std::vector<FreeSlot>> Appointments::Slots(const std::string& type_id,
                                                  const std::string& from, const std::string& to,
                                                  const Agent* staff) {
  if (type_id.empty()) {
    return Fail(ErrorKind::kMalformed, "missing_parameter",
                "Indiquez le motif de rendez-vous (paramètre type).", "type");
  }
  auto first = ParseDate(from, "from");
  if (!first) return tl::unexpected(first.error());
  auto last = ParseDate(to, "to");
  if (!last) return tl::unexpected(last.error());
  if (date::sys_days{*last} < date::sys_days{*first}) {
    return Fail(ErrorKind::kInvalid, "invalid_window", "La date de fin précède la date de début.",
                "to");
  }
  if ((date::sys_days{*last} - date::sys_days{*first}).count() + 1 > kMaxSlotWindowDays) {
    return Fail(ErrorKind::kInvalid, "window_too_long",
                "Demandez les créneaux de " + std::to_string(kMaxSlotWindowDays) +
                    " jours au plus à la fois.",
                "to");
  }
  const bool is_staff = staff != nullptr && MayManageAppointments(*staff, SiteId());
  if (auto fresh = EnsureFresh(); !fresh) return tl::unexpected(fresh.error());
  const UtcTime now = Now();
  std::shared_lock lock(mutex_);
  const AppointmentType* type = FindType(type_id);
  if (type == nullptr || (!type->online && !is_staff)) return UnknownType();
  const TimeZone& zone = hours_->zone();
  const UtcTime window_start = zone.ToInstant(date::local_seconds{LocalDay(*first)});
  const UtcTime window_end = zone.ToInstant(date::local_seconds{LocalDay(*last) + days{1}});
  std::vector<Slot> found;
  FindSlots(schedule_, RulesFor(*type, is_staff), now, window_start, window_end, found);
  std::vector<FreeSlot> slots;
  slots.reserve(found.size());
  for (const Slot& slot : found) slots.push_back({slot.start, slot.end, slot.free_mediators});
  return slots;
}

Result<Booking> Appointments::Book(const BookingRequest& request, const Agent* staff) {
  const std::string site_id = SiteId();
  if (staff != nullptr) {
    if (auto allowed = MayManageAppointments(*staff, site_id); !allowed) {
      return tl::unexpected(allowed.error());
    }
  }
  if (auto fresh = EnsureFresh(); !fresh) return tl::unexpected(fresh.error());
  {
    std::shared_lock lock(mutex_);
    const AppointmentType* type = FindType(request.type_id);
    if (type == nullptr || (!type->online && staff == nullptr)) return UnknownType();
  }
  auto start = ParseRfc3339(request.start, "start");
  if (!start) return tl::unexpected(start.error());
  PersonDetails person = request.person;
  if (auto valid = ValidatePerson(person, staff == nullptr); !valid) {
    return tl::unexpected(valid.error());
  }
  if (!request.consent) {
    return Fail(ErrorKind::kInvalid, "consent_required",
                "Votre accord est nécessaire pour enregistrer ce rendez-vous et vos coordonnées.",
                "consent");
  }
  const std::string chosen = staff != nullptr ? request.agent_id : std::string();

  Booking booking;
  Appointment& a = booking.appointment;
  a.id = RandomId();
  booking.manage_token =
      notices_.link_key.empty() ? RandomToken() : LinkToken(notices_.link_key, a.id);
  a.type_id = request.type_id;
  a.status = AppointmentStatus::kBooked;
  a.person = std::move(person);
  a.consent = true;
  a.booked_by = staff != nullptr ? staff->id : std::string();
  a.token_digest = TokenDigest(booking.manage_token);

  std::string refused;  // the mediator storage refused on the first attempt
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (attempt > 0) {
      if (auto fresh = EnsureFresh(); !fresh) return tl::unexpected(fresh.error());
    }
    Assignment assignment;
    {
      std::unique_lock lock(mutex_);
      const AppointmentType* type = FindType(request.type_id);
      if (type == nullptr) return UnknownType();
      std::optional<MediatorIndex> only;
      if (!chosen.empty()) {
        only = schedule_.FindMediator(chosen);
        if (!only) {
          return Fail(ErrorKind::kInvalid, "unknown_mediator",
                      "Cet agent ne prend pas de rendez-vous dans ce lieu.", "agent_id");
        }
      }
      auto held = Hold(a.id, RulesFor(*type, staff != nullptr), *start, only, refused, Now());
      if (!held) return tl::unexpected(held.error());
      assignment = std::move(*held);
    }
    a.agent_id = assignment.mediator_id;
    a.start = assignment.slot.start;
    a.end = assignment.slot.end;
    a.busy_until = assignment.busy.end;
    const auto notices = PlanNotices(a, NoticeKind::kConfirmation, notices_.reminders, Now());
    Status inserted = store_.InsertAppointment(site_id, a, notices, clock_.Now());
    {
      std::unique_lock lock(mutex_);
      pending_.erase(a.id);
      if (inserted) {
        lock.unlock();
        if (!notices.empty()) Wake();
        return booking;
      }
      auto it = held_.find(a.id);
      if (it != held_.end() && it->second == Held{a.agent_id, assignment.busy}) Release(a.id);
      if (inserted.error().kind != ErrorKind::kConflict) return tl::unexpected(inserted.error());
      // Booked meanwhile by another process: the schedule is stale.
      stale_ = true;
    }
    if (!chosen.empty()) break;
    refused = a.agent_id;
  }
  return SlotTaken();
}

Result<Appointment> Appointments::Change(const std::string& id, const DecideChange& decide) {
  bool wrote = false;
  auto changed = store_.ChangeAppointment(
      SiteId(), id,
      [&](const Appointment& a) -> Result<AppointmentChange> {
        auto change = decide(a);
        wrote = change && !change->notices.empty();
        return change;
      },
      clock_.Now());
  if (!changed && changed.error().kind == ErrorKind::kNotFound) return NotFound();
  if (changed && wrote) Wake();
  return changed;
}

AppointmentChange Appointments::WithNotices(const Appointment& a, AppointmentChange change,
                                            NoticeKind kind, UtcTime now) const {
  Appointment after = a;
  after.status = change.status;
  after.sequence = a.sequence + 1;
  if (change.place) {
    after.agent_id = change.place->agent_id;
    after.start = change.place->start;
    after.end = change.place->end;
    after.busy_until = change.place->busy_until;
  }
  change.sequence = after.sequence;
  change.drop_pending = true;
  change.notices = PlanNotices(after, kind, notices_.reminders, now);
  return change;
}

void Appointments::Wake() const {
  if (notices_.wake) notices_.wake();
}

Result<Appointment> Appointments::Cancel(const std::string& id, const std::string& token,
                                         const Agent* staff) {
  if (auto allowed = MayActOn(staff, token, SiteId()); !allowed)
    return tl::unexpected(allowed.error());
  const std::string digest = staff != nullptr ? std::string() : TokenDigest(token);
  const UtcTime now = Now();
  auto changed = Change(id, [&](const Appointment& a) -> Result<AppointmentChange> {
    if (staff == nullptr && !SameDigest(a.token_digest, digest)) return NotFound();
    if (auto ok = StillBooked(a, now); !ok) return tl::unexpected(ok.error());
    AppointmentChange change;
    change.status = AppointmentStatus::kCancelled;
    change.release_units = true;
    return WithNotices(a, std::move(change), NoticeKind::kCancellation, now);
  });
  if (!changed) return changed;
  std::unique_lock lock(mutex_);
  Release(id);
  return changed;
}

Result<Appointment> Appointments::Move(const std::string& id, const std::string& start_text,
                                       const std::string& token, const std::string& agent_id,
                                       const Agent* staff) {
  const std::string site_id = SiteId();
  if (auto allowed = MayActOn(staff, token, site_id); !allowed)
    return tl::unexpected(allowed.error());
  const std::string digest = staff != nullptr ? std::string() : TokenDigest(token);
  const auto authorised = [&](const Appointment& a) {
    return staff != nullptr || SameDigest(a.token_digest, digest);
  };
  auto found = store_.FindAppointment(site_id, id);
  if (!found) return tl::unexpected(found.error());
  if (!*found || !authorised(**found)) return NotFound();
  const Appointment old = std::move(**found);
  const UtcTime now = Now();
  if (auto ok = StillBooked(old, now); !ok) return tl::unexpected(ok.error());
  auto start = ParseRfc3339(start_text, "start");
  if (!start) return tl::unexpected(start.error());
  if (auto fresh = EnsureFresh(); !fresh) return tl::unexpected(fresh.error());

  const Held old_held{old.agent_id, BusyOf(old.start, old.busy_until)};
  Held new_held;
  Assignment assignment;
  {
    std::unique_lock lock(mutex_);
    const AppointmentType* type = FindType(old.type_id);
    if (type == nullptr) return UnknownType();
    const SlotRules rules = RulesFor(*type, staff != nullptr);
    // The booking's own time counts as free while it chooses its new one.
    auto it = held_.find(id);
    const bool had = it != held_.end() && it->second == old_held;
    Release(id);
    const auto restore = [&] {
      if (had) Apply(id, old_held);
    };
    std::optional<MediatorIndex> only;
    if (staff != nullptr && !agent_id.empty()) {
      only = schedule_.FindMediator(agent_id);
      if (!only) {
        restore();
        return Fail(ErrorKind::kInvalid, "unknown_mediator",
                    "Cet agent ne prend pas de rendez-vous dans ce lieu.", "agent_id");
      }
    }
    Result<Assignment> chosen = SlotTaken();
    if (!only) {
      if (auto same = schedule_.FindMediator(old.agent_id)) {
        chosen = CheckBooking(schedule_, rules, *start, now, *same);
      }
    }
    if (!chosen) chosen = CheckBooking(schedule_, rules, *start, now, only);
    if (!chosen) {
      restore();
      return tl::unexpected(chosen.error());
    }
    assignment = std::move(*chosen);
    new_held = Held{assignment.mediator_id, assignment.busy};
    Apply(id, new_held);
    pending_[id] = new_held;
  }
  const Placement place{assignment.mediator_id, assignment.slot.start, assignment.slot.end,
                        assignment.busy.end};
  auto changed = Change(id, [&](const Appointment& a) -> Result<AppointmentChange> {
    if (!authorised(a)) return NotFound();
    if (auto ok = StillBooked(a, now); !ok) return tl::unexpected(ok.error());
    if (a.agent_id != old.agent_id || a.start != old.start) {
      return Fail(ErrorKind::kConflict, "appointment_changed",
                  "Ce rendez-vous vient d'être modifié par ailleurs : rechargez la page.");
    }
    AppointmentChange change;
    change.place = place;
    return WithNotices(a, std::move(change), NoticeKind::kChange, now);
  });
  std::unique_lock lock(mutex_);
  pending_.erase(id);
  if (!changed) {
    // Give the old time back, unless someone else changed the booking meanwhile.
    auto it = held_.find(id);
    if (it != held_.end() && it->second == new_held) Apply(id, old_held);
    if (changed.error().code == "slot_taken") stale_ = true;
  }
  return changed;
}

Result<Appointment> Appointments::SetStatus(const std::string& id, const std::string& status,
                                            const Agent& staff) {
  if (auto allowed = MayManageAppointments(staff, SiteId()); !allowed) {
    return tl::unexpected(allowed.error());
  }
  const auto target = ParseStatus(status);
  if (!target || *target == AppointmentStatus::kBooked ||
      *target == AppointmentStatus::kCancelled) {
    return Fail(ErrorKind::kInvalid, "invalid_status",
                "Statut attendu : seen (reçu), no_show (absent) ou excused (excusé).", "status");
  }
  const UtcTime now = Now();
  auto changed = Change(id, [&](const Appointment& a) -> Result<AppointmentChange> {
    if (a.status == AppointmentStatus::kCancelled) {
      return Fail(ErrorKind::kConflict, "already_cancelled", "Ce rendez-vous est déjà annulé.");
    }
    AppointmentChange change;
    change.status = *target;
    change.drop_pending = true;  // no reminder once the appointment is closed
    if (a.status == *target) {
      change.drop_pending = false;  // unchanged: keeps a pending survey invitation
      return change;
    }
    if (a.status == AppointmentStatus::kExcused) {
      return Fail(ErrorKind::kConflict, "not_booked",
                  "Ce rendez-vous est clos par une absence excusée : son créneau a été libéré.");
    }
    if (*target == AppointmentStatus::kExcused) {
      change.release_units = true;
      return change;
    }
    if (now < a.start - kMarkBeforeStart) {
      return Fail(ErrorKind::kInvalid, "not_started",
                  "Ce rendez-vous n'a pas encore eu lieu : marquez-le reçu ou absent le jour venu.",
                  "status");
    }
    // Seen: the person is invited to the satisfaction survey (app/surveys.h).
    if (*target == AppointmentStatus::kSeen) change.notices = PlanSurveyInvitation(a, now);
    return change;
  });
  if (changed && !HoldsTime(changed->status)) {
    std::unique_lock lock(mutex_);
    Release(id);
  }
  return changed;
}

Result<Appointment> Appointments::Find(const std::string& id, const std::string& token,
                                       const Agent* staff) {
  const std::string site_id = SiteId();
  if (auto allowed = MayActOn(staff, token, site_id); !allowed)
    return tl::unexpected(allowed.error());
  auto found = store_.FindAppointment(site_id, id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return NotFound();
  if (staff == nullptr && !SameDigest((*found)->token_digest, TokenDigest(token))) {
    return NotFound();
  }
  return std::move(**found);
}

Result<std::vector<Appointment>> Appointments::Day(const std::string& date, const Agent& staff) {
  const std::string site_id = SiteId();
  if (auto allowed = MayManageAppointments(staff, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto day = ParseDate(date, "date");
  if (!day) return tl::unexpected(day.error());
  const TimeZone& zone = sites_.CurrentHours()->zone();
  const UtcTime from = zone.ToInstant(date::local_seconds{LocalDay(*day)});
  const UtcTime to = zone.ToInstant(date::local_seconds{LocalDay(*day) + days{1}});
  return store_.ListAppointments(site_id, from, to);
}

Status Appointments::SaveType(const AppointmentType& type) {
  if (auto valid = ValidateType(type); !valid) return valid;
  if (auto saved = store_.SaveAppointmentType(SiteId(), type); !saved) return saved;
  std::unique_lock lock(mutex_);
  return Rebuild();
}

Status Appointments::SaveMediator(const MediatorSettings& mediator) {
  if (mediator.agent_id.empty()) {
    return Fail(ErrorKind::kInvalid, "unknown_mediator", "Choisissez un agent.", "agent_id");
  }
  if (auto weekly = ParseOpeningHours(mediator.weekly_hours); !weekly) {
    Error error = weekly.error();
    error.field = "weekly_hours";
    return tl::unexpected(error);
  }
  if (auto fresh = EnsureFresh(); !fresh) return fresh;
  {
    std::shared_lock lock(mutex_);
    for (const std::string& type_id : mediator.type_ids) {
      if (FindType(type_id) == nullptr) return UnknownType();
    }
  }
  if (auto saved = store_.SaveMediator(SiteId(), mediator); !saved) return saved;
  std::unique_lock lock(mutex_);
  return Rebuild();
}

Status Appointments::AddAbsence(Absence absence) {
  if (absence.id.empty()) absence.id = RandomId();
  if (absence.span.end <= absence.span.start) {
    return Fail(ErrorKind::kInvalid, "invalid_absence", "La fin de l'absence précède son début.",
                "end");
  }
  if (CodePoints(absence.reason) > 200) {
    return Fail(ErrorKind::kInvalid, "invalid_absence",
                "Le motif d'une absence compte au plus 200 caractères.", "reason");
  }
  if (auto saved = store_.SaveAbsence(SiteId(), absence); !saved) return saved;
  std::unique_lock lock(mutex_);
  return Rebuild();
}

}  // namespace relais::app
