#include "domain/workshop.h"

#include <algorithm>
#include <array>
#include <set>

namespace relais {
namespace {

template <typename T>
struct Named {
  T value;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<Named<WorkshopLevel>, 3> kLevels = {{
    {WorkshopLevel::kBeginner, "beginner", "Débutant"},
    {WorkshopLevel::kIntermediate, "intermediate", "Intermédiaire"},
    {WorkshopLevel::kAdvanced, "advanced", "Confirmé"},
}};

constexpr std::array<Named<RegistrationStatus>, 3> kStatuses = {{
    {RegistrationStatus::kRegistered, "registered", "Inscrit"},
    {RegistrationStatus::kWaitlisted, "waitlisted", "En liste d'attente"},
    {RegistrationStatus::kCancelled, "cancelled", "Annulé"},
}};

constexpr std::array<Named<Attendance>, 3> kAttendances = {{
    {Attendance::kUnmarked, "", "Non pointé"},
    {Attendance::kPresent, "present", "Présent"},
    {Attendance::kAbsent, "absent", "Absent"},
}};

constexpr std::array<Named<AssessmentPhase>, 2> kPhases = {{
    {AssessmentPhase::kBefore, "before", "Avant l'atelier"},
    {AssessmentPhase::kAfter, "after", "Après l'atelier"},
}};

constexpr std::array<WorkshopTheme, 9> kThemes = {{
    {"first-steps", "Premiers pas sur l'ordinateur"},
    {"email", "Créer et utiliser une adresse e-mail"},
    {"franceconnect", "Se connecter avec FranceConnect"},
    {"caf", "L'espace en ligne de la CAF"},
    {"ameli", "Le compte ameli (Assurance maladie)"},
    {"smartphone", "Utiliser son smartphone"},
    {"online-safety", "Se protéger en ligne"},
    {"online-procedures", "Les démarches administratives en ligne"},
    {"documents", "Scanner, enregistrer et envoyer ses documents"},
}};

constexpr std::array<AssessmentStatement, 5> kStatements = {{
    {"computer", "Je sais utiliser la souris, le clavier et l'écran tactile."},
    {"email", "Je sais lire, écrire et envoyer un e-mail avec une pièce jointe."},
    {"account", "Je sais me connecter à un site avec un identifiant et un mot de passe."},
    {"procedure", "Je sais faire une démarche en ligne (CAF, ameli, impots.gouv.fr)."},
    {"safety", "Je sais reconnaître un message frauduleux et protéger mes données."},
}};

constexpr std::array<std::string_view, 4> kScoreLabels = {"Pas du tout", "Un peu", "Plutôt oui",
                                                          "Tout à fait"};

template <typename T, std::size_t N>
const Named<T>& EntryOf(const std::array<Named<T>, N>& table, T value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry;
  }
  return table[0];  // unreachable: every enumerator is listed
}

template <typename T, std::size_t N>
std::optional<T> ValueOf(const std::array<Named<T>, N>& table, std::string_view name) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view LevelName(WorkshopLevel level) {
  return EntryOf(kLevels, level).name;
}
std::string_view LevelLabel(WorkshopLevel level) {
  return EntryOf(kLevels, level).label;
}
std::optional<WorkshopLevel> ParseLevel(std::string_view name) {
  return ValueOf(kLevels, name);
}

std::span<const WorkshopTheme> WorkshopThemes() {
  return kThemes;
}

std::optional<WorkshopTheme> FindWorkshopTheme(std::string_view code) {
  for (const WorkshopTheme& theme : kThemes) {
    if (theme.code == code) return theme;
  }
  return std::nullopt;
}

std::string_view RegistrationStatusName(RegistrationStatus status) {
  return EntryOf(kStatuses, status).name;
}
std::optional<RegistrationStatus> ParseRegistrationStatus(std::string_view name) {
  return ValueOf(kStatuses, name);
}

std::string_view AttendanceName(Attendance attendance) {
  return EntryOf(kAttendances, attendance).name;
}
std::optional<Attendance> ParseAttendance(std::string_view name) {
  return ValueOf(kAttendances, name);
}

std::vector<SeatChange> FillSeats(int capacity, std::vector<Seat>& seats) {
  std::set<int> taken;
  for (const Seat& s : seats) {
    if (s.status == RegistrationStatus::kRegistered) taken.insert(s.seat);
  }
  std::vector<Seat*> waiting;
  for (Seat& s : seats) {
    if (s.status == RegistrationStatus::kWaitlisted) waiting.push_back(&s);
  }
  std::sort(waiting.begin(), waiting.end(),
            [](const Seat* a, const Seat* b) { return a->arrival < b->arrival; });
  std::vector<SeatChange> changes;
  auto next = waiting.begin();
  for (int seat = 1; seat <= capacity && next != waiting.end(); ++seat) {
    if (taken.contains(seat)) continue;
    Seat& s = **next++;
    s.status = RegistrationStatus::kRegistered;
    s.seat = seat;
    changes.push_back({s.registration_id, s.status, seat, true});
  }
  return changes;
}

SeatChange Admit(int capacity, std::vector<Seat>& seats, const std::string& registration_id,
                 std::int64_t arrival) {
  seats.push_back({registration_id, arrival, RegistrationStatus::kWaitlisted, 0});
  for (const SeatChange& change : FillSeats(capacity, seats)) {
    if (change.registration_id == registration_id) {
      return {registration_id, change.status, change.seat, false};
    }
  }
  return {registration_id, RegistrationStatus::kWaitlisted, 0, false};
}

Result<std::vector<SeatChange>> CancelSeat(int capacity, std::vector<Seat>& seats,
                                           const std::string& registration_id) {
  auto it = std::find_if(seats.begin(), seats.end(),
                         [&](const Seat& s) { return s.registration_id == registration_id; });
  if (it == seats.end()) {
    return Fail(ErrorKind::kNotFound, "registration_not_found",
                "Cette inscription est introuvable.");
  }
  if (it->status == RegistrationStatus::kCancelled) {
    return Fail(ErrorKind::kConflict, "already_cancelled", "Cette inscription est déjà annulée.");
  }
  it->status = RegistrationStatus::kCancelled;
  it->seat = 0;
  std::vector<SeatChange> changes = {{registration_id, RegistrationStatus::kCancelled, 0, false}};
  for (SeatChange& change : FillSeats(capacity, seats)) changes.push_back(std::move(change));
  return changes;
}

std::vector<std::pair<std::string, int>> WaitlistPositions(const std::vector<Seat>& seats) {
  std::vector<const Seat*> waiting;
  for (const Seat& s : seats) {
    if (s.status == RegistrationStatus::kWaitlisted) waiting.push_back(&s);
  }
  std::sort(waiting.begin(), waiting.end(),
            [](const Seat* a, const Seat* b) { return a->arrival < b->arrival; });
  std::vector<std::pair<std::string, int>> positions;
  positions.reserve(waiting.size());
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    positions.emplace_back(waiting[i]->registration_id, static_cast<int>(i) + 1);
  }
  return positions;
}

int Registered(const std::vector<Seat>& seats) {
  return static_cast<int>(std::count_if(seats.begin(), seats.end(), [](const Seat& s) {
    return s.status == RegistrationStatus::kRegistered;
  }));
}

Status CheckCapacity(int capacity, int registered) {
  if (capacity < 1 || capacity > kMaxCapacity) {
    return Fail(ErrorKind::kInvalid, "invalid_capacity",
                "Le nombre de places va de 1 à " + std::to_string(kMaxCapacity) + ".", "capacity");
  }
  if (capacity < registered) {
    return Fail(ErrorKind::kConflict, "capacity_below_registered",
                std::to_string(registered) +
                    " personnes sont déjà inscrites : annulez des inscriptions avant de réduire "
                    "le nombre de places à " +
                    std::to_string(capacity) + ".",
                "capacity");
  }
  return {};
}

Status CheckSessionTimes(std::chrono::sys_seconds start, std::chrono::sys_seconds end) {
  if (end <= start) {
    return Fail(ErrorKind::kInvalid, "invalid_session_time",
                "La fin de la séance doit venir après son début.", "end");
  }
  if (end - start > kMaxSessionLength) {
    return Fail(ErrorKind::kInvalid, "invalid_session_time", "Une séance dure 8 heures au plus.",
                "end");
  }
  return {};
}

Status CheckHeadCount(int count) {
  if (count < 0 || count > kMaxHeadCount) {
    return Fail(ErrorKind::kInvalid, "invalid_head_count",
                "Le nombre de personnes venues sans inscription va de 0 à " +
                    std::to_string(kMaxHeadCount) + ".",
                "count");
  }
  return {};
}

std::span<const AssessmentStatement> AssessmentStatements() {
  return kStatements;
}

std::string_view ScoreLabel(int score) {
  if (score < kMinScore || score > kMaxScore) return {};
  return kScoreLabels[static_cast<std::size_t>(score - kMinScore)];
}

std::string_view PhaseName(AssessmentPhase phase) {
  return EntryOf(kPhases, phase).name;
}
std::optional<AssessmentPhase> ParsePhase(std::string_view name) {
  return ValueOf(kPhases, name);
}

Status CheckScores(const std::vector<int>& scores) {
  if (scores.size() != kStatements.size()) {
    return Fail(ErrorKind::kInvalid, "invalid_assessment",
                "L'auto-évaluation compte une note par affirmation, soit " +
                    std::to_string(kStatements.size()) + " notes.",
                "scores");
  }
  for (int score : scores) {
    if (score < kMinScore || score > kMaxScore) {
      return Fail(ErrorKind::kInvalid, "invalid_score",
                  "Chaque note va de 1 (pas du tout) à 4 (tout à fait).", "scores");
    }
  }
  return {};
}

WorkshopActivity SummariseWorkshops(const std::vector<SessionFigures>& sessions) {
  WorkshopActivity a;
  for (const SessionFigures& s : sessions) {
    ++a.sessions;
    a.seats += s.capacity;
    a.registered += s.registered;
    a.waitlisted += s.waitlisted;
    a.present += s.present;
    a.absent += s.absent;
    a.walk_ins += s.walk_ins;
  }
  a.participants = a.present + a.walk_ins;
  if (a.seats > 0) a.fill_rate = static_cast<double>(a.registered) / static_cast<double>(a.seats);
  if (a.present + a.absent > 0) {
    a.attendance_rate = static_cast<double>(a.present) / static_cast<double>(a.present + a.absent);
  }
  return a;
}

}  // namespace relais
