#include "app/workshops.h"

#include <algorithm>
#include <map>

#include "app/policy.h"
#include "app/secrets.h"

namespace relais::app {
namespace {

using std::chrono::days;

tl::unexpected<Error> SessionNotFound() {
  return Fail(ErrorKind::kNotFound, "session_not_found", "Cette séance d'atelier est introuvable.");
}

tl::unexpected<Error> RegistrationNotFound() {
  return Fail(ErrorKind::kNotFound, "registration_not_found",
              "Cette inscription est introuvable, ou le lien de gestion n'est pas le bon.");
}

tl::unexpected<Error> SessionPast() {
  return Fail(ErrorKind::kConflict, "session_past",
              "Cette séance a déjà commencé ou est terminée : les inscriptions sont closes.");
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

bool HasControl(std::string_view text, bool allow_newlines) {
  return std::any_of(text.begin(), text.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\n' || c == '\r')) return false;
    return u < 0x20 || u == 0x7F;
  });
}

bool ValidSlug(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-';
  });
}

Status MayAt(const Agent& agent, Action action, const std::string& site_id) {
  return AuthorizeAt(agent, action, site_id);
}

// Staff allowed to run the site's workshops, or anyone holding a
// well-formed token (checked against the stored digest by the caller).
Status MayActOn(const Agent* staff, const std::string& token, const std::string& site_id) {
  if (staff != nullptr) return MayRunWorkshops(*staff, site_id);
  if (!PlausibleToken(token)) return RegistrationNotFound();
  return {};
}

bool Holds(const Agent* staff, const Registration& r, const std::string& token) {
  return staff != nullptr || SameDigest(r.token_digest, TokenDigest(token));
}

const Registration* FindIn(const SeatPlan& plan, const std::string& id) {
  for (const Registration& r : plan.registrations) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

Status ValidateWorkshop(Workshop& w) {
  const auto invalid = [](const char* message, const char* field) {
    return Fail(ErrorKind::kInvalid, "invalid_workshop", message, field);
  };
  w.title = Trim(w.title);
  w.description = Trim(w.description);
  if (!ValidSlug(w.id)) {
    return invalid("L'identifiant d'un atelier : 1 à 64 lettres minuscules, chiffres ou tirets.",
                   "id");
  }
  if (w.title.empty() || CodePoints(w.title) > kMaxTitleLength || HasControl(w.title, false)) {
    return invalid("Le titre d'un atelier compte de 1 à 200 caractères.", "title");
  }
  if (CodePoints(w.description) > kMaxDescriptionLength || HasControl(w.description, true)) {
    return invalid("La description d'un atelier compte au plus 2 000 caractères.", "description");
  }
  if (!FindWorkshopTheme(w.theme)) {
    return invalid("Thème inconnu : choisissez-en un dans la liste.", "theme");
  }
  return {};
}

}  // namespace

Status MayRunWorkshops(const Agent& agent, const std::string& site_id) {
  return MayAt(agent, Action::kRunWorkshops, site_id);
}

Status MayManageWorkshops(const Agent& agent, const std::string& site_id) {
  return MayAt(agent, Action::kManageWorkshops, site_id);
}

std::string RegistrationLinkToken(std::string_view key, std::string_view id) {
  // Another message than an appointment's: the two kinds of link never match.
  return LinkToken(key, "atelier/" + std::string(id));
}

std::vector<OutboxMessage> PlanRegistrationNotices(const Registration& registration,
                                                   const WorkshopSession& session, NoticeKind kind,
                                                   const ReminderPlan& plan, UtcTime now) {
  std::vector<OutboxMessage> notices;
  if (!registration.consent) return notices;
  std::vector<NoticeChannel> channels;
  if (!registration.person.email.empty()) channels.push_back(NoticeChannel::kEmail);
  if (!registration.person.phone.empty()) channels.push_back(NoticeChannel::kSms);
  const auto add = [&](NoticeKind k, NoticeChannel channel, UtcTime due) {
    for (const OutboxMessage& m : notices) {
      if (m.kind == k && m.channel == channel && m.due_at == due) return;  // a repeated delay
    }
    OutboxMessage message;
    message.id = RandomId();
    message.registration_id = registration.id;
    message.kind = k;
    message.channel = channel;
    message.due_at = due;
    message.next_attempt_at = due;
    notices.push_back(std::move(message));
  };
  for (NoticeChannel channel : channels) {
    add(kind, channel, now);
    if (kind == NoticeKind::kCancellation) continue;
    if (registration.status != RegistrationStatus::kRegistered) continue;
    for (std::chrono::minutes before : plan.before) {
      const UtcTime due = session.start - before;
      if (due > now) add(NoticeKind::kReminder, channel, due);
    }
  }
  return notices;
}

std::string Workshops::SiteId() const {
  return sites_.Current()->id;
}

UtcTime Workshops::Now() const {
  return std::chrono::floor<std::chrono::seconds>(clock_.Now());
}

void Workshops::Wake() const {
  if (notices_.wake) notices_.wake();
}

std::pair<UtcTime, UtcTime> Workshops::LocalSpan(date::sys_days from, date::sys_days to) const {
  const TimeZone& zone = sites_.CurrentHours()->zone();
  return {zone.ToInstant(date::local_seconds{date::local_days{from.time_since_epoch()}}),
          zone.ToInstant(date::local_seconds{date::local_days{(to + days{1}).time_since_epoch()}})};
}

Result<std::vector<Workshop>> Workshops::Catalogue() {
  return store_.ListWorkshops(SiteId());
}

Result<std::vector<WorkshopListing>> Workshops::Coming() {
  const std::string site_id = SiteId();
  auto workshops = store_.ListWorkshops(site_id);
  if (!workshops) return tl::unexpected(workshops.error());
  const UtcTime now = Now();
  // Sessions under way are listed no more: they have started.
  auto sessions =
      store_.ListSessions(site_id, now + std::chrono::seconds{1}, now + days{kComingDays});
  if (!sessions) return tl::unexpected(sessions.error());
  std::vector<WorkshopListing> listings;
  std::map<std::string, std::size_t> index;
  for (Workshop& w : *workshops) {
    index[w.id] = listings.size();
    listings.push_back({std::move(w), {}});
  }
  for (WorkshopSession& s : *sessions) {
    auto it = index.find(s.workshop_id);
    if (it != index.end()) listings[it->second].sessions.push_back(std::move(s));
  }
  return listings;
}

Result<Workshop> Workshops::SaveWorkshop(const Agent& agent, Workshop workshop) {
  const std::string site_id = SiteId();
  if (auto allowed = MayManageWorkshops(agent, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto valid = ValidateWorkshop(workshop); !valid) return tl::unexpected(valid.error());
  if (auto saved = store_.SaveWorkshop(site_id, workshop); !saved) {
    return tl::unexpected(saved.error());
  }
  return workshop;
}

Result<std::vector<Facilitator>> Workshops::Facilitators(const Agent& agent) {
  const std::string site_id = SiteId();
  if (auto allowed = MayRunWorkshops(agent, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  return store_.ListFacilitators(site_id);
}

Result<std::vector<WorkshopSession>> Workshops::Sessions(const Agent& agent,
                                                         const std::string& from,
                                                         const std::string& to) {
  const std::string site_id = SiteId();
  if (auto allowed = MayRunWorkshops(agent, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto first = ParseDate(from, "from");
  if (!first) return tl::unexpected(first.error());
  auto last = ParseDate(to, "to");
  if (!last) return tl::unexpected(last.error());
  const date::sys_days a{*first};
  const date::sys_days b{*last};
  if (b < a || (b - a).count() + 1 > kMaxSessionWindowDays) {
    return Fail(ErrorKind::kInvalid, "invalid_period",
                "La période va d'une date à une date égale ou postérieure, " +
                    std::to_string(kMaxSessionWindowDays) + " jours au plus.",
                "to");
  }
  const auto [start, end] = LocalSpan(a, b);
  return store_.ListSessions(site_id, start, end);
}

Result<WorkshopSession> Workshops::Session(const std::string& id) {
  auto found = store_.FindSession(SiteId(), id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return SessionNotFound();
  return std::move(**found);
}

Result<WorkshopSession> Workshops::CheckedSession(const SessionRequest& request, const Agent& agent,
                                                  WorkshopSession session) {
  auto start = ParseRfc3339(request.start, "start");
  if (!start) return tl::unexpected(start.error());
  auto end = ParseRfc3339(request.end, "end");
  if (!end) return tl::unexpected(end.error());
  if (auto ok = CheckSessionTimes(*start, *end); !ok) return tl::unexpected(ok.error());
  if (auto ok = CheckCapacity(request.capacity, 0); !ok) return tl::unexpected(ok.error());
  session.room = Trim(request.room);
  if (session.room.empty() || CodePoints(session.room) > kMaxRoomLength ||
      HasControl(session.room, false)) {
    return Fail(ErrorKind::kInvalid, "invalid_room",
                "Indiquez la salle (100 caractères au plus), par exemple « Salle informatique ».",
                "room");
  }
  session.workshop_id = request.workshop_id;
  session.start = *start;
  session.end = *end;
  session.agent_id = request.agent_id.empty() ? agent.id : request.agent_id;
  return session;
}

Result<WorkshopSession> Workshops::CreateSession(const Agent& agent,
                                                 const SessionRequest& request) {
  const std::string site_id = SiteId();
  if (auto allowed = MayManageWorkshops(agent, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  WorkshopSession fresh;
  fresh.id = RandomId();
  auto session = CheckedSession(request, agent, fresh);
  if (!session) return session;
  session->capacity = request.capacity;
  if (auto inserted = store_.InsertSession(site_id, *session, clock_.Now()); !inserted) {
    return tl::unexpected(inserted.error());
  }
  return Session(session->id);
}

Result<WorkshopSession> Workshops::UpdateSession(const Agent& agent, const std::string& id,
                                                 const SessionRequest& request) {
  const std::string site_id = SiteId();
  if (auto allowed = MayManageWorkshops(agent, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto current = Session(id);
  if (!current) return current;
  auto session = CheckedSession(request, agent, *current);
  if (!session) return session;
  if ((session->start != current->start || session->end != current->end) &&
      current->registered + current->waitlisted > 0) {
    return Fail(ErrorKind::kConflict, "session_has_registrations",
                "Des personnes sont inscrites à cette séance : pour changer sa date ou ses "
                "horaires, créez une autre séance et prévenez-les.",
                "start");
  }
  if (auto updated = store_.UpdateSession(site_id, *session); !updated) {
    return tl::unexpected(updated.error());
  }
  if (request.capacity != current->capacity) {
    const UtcTime now = Now();
    bool wrote = false;
    auto changed = store_.ChangeSeats(
        site_id, id,
        [&](const SeatPlan& plan) -> Result<SeatDecision> {
          std::vector<Seat> seats = SeatsOf(plan);
          if (auto ok = CheckCapacity(request.capacity, Registered(seats)); !ok) {
            return tl::unexpected(ok.error());
          }
          SeatDecision decision;
          decision.capacity = request.capacity;
          // Seats above the new capacity are kept by whoever holds them: the
          // domain refuses a capacity below the registered count, and the
          // lowest free seats are given first.
          decision.changes = FillSeats(request.capacity, seats);
          if (plan.session.start > now) {
            decision.notices = PromotionNotices(plan, decision.changes, now);
          }
          wrote = !decision.notices.empty();
          return decision;
        },
        clock_.Now());
    if (!changed) return tl::unexpected(changed.error());
    if (wrote) Wake();
  }
  return Session(id);
}

std::vector<OutboxMessage> Workshops::PromotionNotices(const SeatPlan& plan,
                                                       const std::vector<SeatChange>& changes,
                                                       UtcTime now) {
  std::vector<OutboxMessage> notices;
  for (const SeatChange& change : changes) {
    if (!change.promoted) continue;
    const Registration* found = FindIn(plan, change.registration_id);
    if (found == nullptr) continue;
    Registration promoted = *found;
    promoted.status = change.status;
    promoted.seat = change.seat;
    for (OutboxMessage& m : PlanRegistrationNotices(promoted, plan.session, NoticeKind::kPromotion,
                                                    notices_.reminders, now)) {
      notices.push_back(std::move(m));
    }
  }
  return notices;
}

Result<Enrolment> Workshops::Register(const std::string& session_id,
                                      const RegistrationRequest& request, const Agent* staff) {
  const std::string site_id = SiteId();
  if (staff != nullptr) {
    if (auto allowed = MayRunWorkshops(*staff, site_id); !allowed) {
      return tl::unexpected(allowed.error());
    }
  }
  PersonDetails person = request.person;
  if (auto valid = ValidatePerson(person, staff == nullptr); !valid) {
    return tl::unexpected(valid.error());
  }
  if (!request.consent) {
    return Fail(
        ErrorKind::kInvalid, "consent_required",
        "Votre accord est nécessaire pour enregistrer cette inscription et vos coordonnées.",
        "consent");
  }
  Enrolment enrolment;
  Registration r;
  r.id = RandomId();
  enrolment.manage_token =
      notices_.link_key.empty() ? RandomToken() : RegistrationLinkToken(notices_.link_key, r.id);
  r.session_id = session_id;
  r.person = std::move(person);
  r.consent = true;
  r.booked_by = staff != nullptr ? staff->id : std::string();
  r.token_digest = TokenDigest(enrolment.manage_token);
  const UtcTime now = Now();
  bool wrote = false;
  auto plan = store_.ChangeSeats(
      site_id, session_id,
      [&](const SeatPlan& p) -> Result<SeatDecision> {
        if (p.session.start <= now) return SessionPast();
        std::vector<Seat> seats = SeatsOf(p);
        const SeatChange placed = Admit(p.session.capacity, seats, r.id, p.next_arrival);
        Registration placed_r = r;
        placed_r.arrival = p.next_arrival;
        placed_r.status = placed.status;
        placed_r.seat = placed.seat;
        SeatDecision decision;
        decision.notices = PlanRegistrationNotices(placed_r, p.session, NoticeKind::kConfirmation,
                                                   notices_.reminders, now);
        decision.insert = std::move(placed_r);
        wrote = !decision.notices.empty();
        return decision;
      },
      clock_.Now());
  if (!plan) return tl::unexpected(plan.error());
  if (wrote) Wake();
  const Registration* stored = FindIn(*plan, r.id);
  if (stored == nullptr)
    return Fail(ErrorKind::kUnavailable, "storage_error", "Inscription perdue.");
  enrolment.registration = *stored;
  return enrolment;
}

Result<Registration> Workshops::Cancel(const std::string& id, const std::string& token,
                                       const Agent* staff) {
  const std::string site_id = SiteId();
  if (auto allowed = MayActOn(staff, token, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto found = store_.FindRegistration(site_id, id);
  if (!found) return tl::unexpected(found.error());
  if (!*found || !Holds(staff, **found, token)) return RegistrationNotFound();
  const UtcTime now = Now();
  bool wrote = false;
  auto plan = store_.ChangeSeats(
      site_id, (*found)->session_id,
      [&](const SeatPlan& p) -> Result<SeatDecision> {
        const Registration* r = FindIn(p, id);
        if (r == nullptr) return RegistrationNotFound();
        if (r->status == RegistrationStatus::kCancelled) {
          return Fail(ErrorKind::kConflict, "already_cancelled",
                      "Cette inscription est déjà annulée.");
        }
        if (p.session.start <= now) return SessionPast();
        std::vector<Seat> seats = SeatsOf(p);
        auto changes = CancelSeat(p.session.capacity, seats, id);
        if (!changes) return tl::unexpected(changes.error());
        SeatDecision decision;
        decision.drop_pending.push_back(id);
        Registration cancelled = *r;
        cancelled.status = RegistrationStatus::kCancelled;
        cancelled.seat = 0;
        decision.notices = PlanRegistrationNotices(cancelled, p.session, NoticeKind::kCancellation,
                                                   notices_.reminders, now);
        for (OutboxMessage& m : PromotionNotices(p, *changes, now)) {
          decision.notices.push_back(std::move(m));
        }
        decision.changes = std::move(*changes);
        wrote = !decision.notices.empty();
        return decision;
      },
      clock_.Now());
  if (!plan) return tl::unexpected(plan.error());
  if (wrote) Wake();
  const Registration* changed = FindIn(*plan, id);
  if (changed == nullptr) return RegistrationNotFound();
  return *changed;
}

Result<Registration> Workshops::Find(const std::string& id, const std::string& token,
                                     const Agent* staff) {
  const std::string site_id = SiteId();
  if (auto allowed = MayActOn(staff, token, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto found = store_.FindRegistration(site_id, id);
  if (!found) return tl::unexpected(found.error());
  if (!*found || !Holds(staff, **found, token)) return RegistrationNotFound();
  return std::move(**found);
}

Result<std::vector<Registration>> Workshops::Registrations(const Agent& agent,
                                                           const std::string& session_id) {
  const std::string site_id = SiteId();
  if (auto allowed = MayRunWorkshops(agent, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto session = store_.FindSession(site_id, session_id);
  if (!session) return tl::unexpected(session.error());
  if (!*session) return SessionNotFound();
  return store_.ListRegistrations(site_id, session_id);
}

Result<Registration> Workshops::SetAttendance(const Agent& agent,
                                              const std::string& registration_id,
                                              const std::string& attendance) {
  const std::string site_id = SiteId();
  if (auto allowed = MayRunWorkshops(agent, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  const auto value = ParseAttendance(attendance);
  if (!value || *value == Attendance::kUnmarked) {
    return Fail(ErrorKind::kInvalid, "invalid_attendance",
                "Présence attendue : present (présent) ou absent (absent).", "attendance");
  }
  auto found = store_.FindRegistration(site_id, registration_id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return RegistrationNotFound();
  auto session = Session((*found)->session_id);
  if (!session) return tl::unexpected(session.error());
  if (Now() < session->start - kAttendanceBeforeStart) {
    return Fail(ErrorKind::kInvalid, "not_started",
                "Cette séance n'a pas encore eu lieu : pointez les présences le jour venu.",
                "attendance");
  }
  if (auto set = store_.SetAttendance(site_id, registration_id, *value); !set) {
    return tl::unexpected(set.error());
  }
  return Find(registration_id, {}, &agent);
}

Result<WorkshopSession> Workshops::SetHeadCount(const Agent& agent, const std::string& session_id,
                                                int count) {
  const std::string site_id = SiteId();
  if (auto allowed = MayRunWorkshops(agent, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto ok = CheckHeadCount(count); !ok) return tl::unexpected(ok.error());
  auto session = Session(session_id);
  if (!session) return session;
  if (Now() < session->start - kAttendanceBeforeStart) {
    return Fail(ErrorKind::kInvalid, "not_started",
                "Cette séance n'a pas encore eu lieu : comptez les personnes venues le jour venu.",
                "count");
  }
  if (auto set = store_.SetWalkIns(site_id, session_id, count); !set) {
    return tl::unexpected(set.error());
  }
  return Session(session_id);
}

Result<Assessment> Workshops::FindAssessment(const Agent& agent,
                                             const std::string& registration_id) {
  auto found = Find(registration_id, {}, &agent);
  if (!found) return tl::unexpected(found.error());
  return store_.FindAssessment(SiteId(), registration_id);
}

Status Workshops::SaveAssessment(const Agent& agent, const std::string& registration_id,
                                 const std::string& phase, const std::vector<int>& scores) {
  const auto parsed = ParsePhase(phase);
  if (!parsed) {
    return Fail(ErrorKind::kInvalid, "invalid_phase",
                "Moment attendu : before (avant l'atelier) ou after (après l'atelier).", "phase");
  }
  if (auto ok = CheckScores(scores); !ok) return ok;
  auto found = Find(registration_id, {}, &agent);
  if (!found) return tl::unexpected(found.error());
  if (found->status == RegistrationStatus::kCancelled) {
    return Fail(ErrorKind::kConflict, "not_registered",
                "Cette inscription est annulée : pas d'auto-évaluation.", "phase");
  }
  return store_.SaveAssessment(SiteId(), registration_id, *parsed, scores);
}

Result<WorkshopActivity> Workshops::Activity(const Agent& agent, date::sys_days from,
                                             date::sys_days to) {
  const std::string site_id = SiteId();
  if (auto allowed = MayAt(agent, Action::kViewReports, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (to < from || (to - from).count() + 1 > kMaxSessionWindowDays) {
    return Fail(ErrorKind::kInvalid, "invalid_period",
                "La période va d'une date à une date égale ou postérieure, " +
                    std::to_string(kMaxSessionWindowDays) + " jours au plus.",
                "to");
  }
  auto [start, end] = LocalSpan(from, to);
  // The sessions held: those not yet started have no figures to give.
  end = std::min(end, Now() + std::chrono::seconds{1});
  std::vector<SessionFigures> figures;
  if (start < end) {
    auto sessions = store_.ListSessions(site_id, start, end);
    if (!sessions) return tl::unexpected(sessions.error());
    for (const WorkshopSession& s : *sessions) {
      figures.push_back({s.capacity, s.registered, s.waitlisted, s.present, s.absent, s.walk_ins});
    }
  }
  return SummariseWorkshops(figures);
}

}  // namespace relais::app
