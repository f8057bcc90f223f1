// Digital workshops' rules (ateliers numériques): levels and themes, the
// seats of a session and its waiting list, attendance, the self-assessment
// of skills and the figures of a period. Pure: no I/O, no clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace relais {

// A workshop's level, with its French meaning.
enum class WorkshopLevel {
  kBeginner,      // débutant : jamais ou presque utilisé un ordinateur
  kIntermediate,  // intermédiaire : les bases acquises
  kAdvanced,      // confirmé : à l'aise, pour aller plus loin
};

std::string_view LevelName(WorkshopLevel level);   // "beginner", "intermediate", "advanced"
std::string_view LevelLabel(WorkshopLevel level);  // "Débutant", ...
std::optional<WorkshopLevel> ParseLevel(std::string_view name);

// A theme of the catalogue: a stable code and its French label.
struct WorkshopTheme {
  std::string_view code;   // "first-steps", "email", "franceconnect", "caf", "ameli"...
  std::string_view label;  // "Premiers pas sur l'ordinateur"
};

// Every theme, in the catalogue's order.
std::span<const WorkshopTheme> WorkshopThemes();
std::optional<WorkshopTheme> FindWorkshopTheme(std::string_view code);

// Where a registration (inscription) stands.
enum class RegistrationStatus {
  kRegistered,  // inscrit : une place lui est réservée
  kWaitlisted,  // en liste d'attente, dans l'ordre d'arrivée
  kCancelled,   // annulé (par la personne ou par l'équipe)
};

std::string_view RegistrationStatusName(RegistrationStatus status);  // "registered", ...
std::optional<RegistrationStatus> ParseRegistrationStatus(std::string_view name);

// Whether a registered person came (feuille d'émargement).
enum class Attendance {
  kUnmarked,  // pas encore pointé
  kPresent,   // présent
  kAbsent,    // absent
};

std::string_view AttendanceName(Attendance attendance);  // "", "present", "absent"
std::optional<Attendance> ParseAttendance(std::string_view name);

// --- Seats and the waiting list ---------------------------------------------
//
// A session has seats 1..capacity. A registration holds a seat while
// registered; the others wait in order of arrival. Whenever a seat is free
// and someone waits, the first to have arrived takes the lowest free seat:
// a newcomer therefore gets a seat only while no one waits, and a
// cancellation of a registered person promotes the first on the list.

// One registration of a session as the seat rules see it.
struct Seat {
  std::string registration_id;
  std::int64_t arrival = 0;  // 1, 2, 3… in order of arrival within the session
  RegistrationStatus status = RegistrationStatus::kWaitlisted;
  int seat = 0;  // 1..capacity while registered, 0 otherwise

  friend bool operator==(const Seat&, const Seat&) = default;
};

// A registration whose status or seat changed.
struct SeatChange {
  std::string registration_id;
  RegistrationStatus status = RegistrationStatus::kRegistered;
  int seat = 0;
  bool promoted = false;  // moved from the waiting list to a seat

  friend bool operator==(const SeatChange&, const SeatChange&) = default;
};

// Gives the free seats of 1..capacity to those waiting, first arrived
// first, each the lowest free seat; updates `seats` and returns what changed.
std::vector<SeatChange> FillSeats(int capacity, std::vector<Seat>& seats);

// Adds a newcomer (arrival after every other) and places them: a seat while
// one is free and no one waits, the waiting list otherwise. Returns the
// newcomer's change (promoted false).
SeatChange Admit(int capacity, std::vector<Seat>& seats, const std::string& registration_id,
                 std::int64_t arrival);

// Cancels `registration_id` and gives its seat, if it held one, to the
// first waiting. Returns the changes: the cancellation first, then the
// promotion if any. kNotFound "registration_not_found" when absent;
// kConflict "already_cancelled" when already cancelled.
Result<std::vector<SeatChange>> CancelSeat(int capacity, std::vector<Seat>& seats,
                                           const std::string& registration_id);

// The position of each waiting registration, 1 for the next to move up, in
// order of arrival: {registration id, position}.
std::vector<std::pair<std::string, int>> WaitlistPositions(const std::vector<Seat>& seats);

// How many seats are held.
int Registered(const std::vector<Seat>& seats);

// --- Sessions ------------------------------------------------------------------

inline constexpr int kMaxCapacity = 200;
inline constexpr int kMaxHeadCount = 1000;
inline constexpr std::chrono::hours kMaxSessionLength{8};
// Attendance may be marked from this long before the start.
inline constexpr std::chrono::minutes kAttendanceBeforeStart{30};

// kInvalid "invalid_capacity" (field "capacity") unless 1 <= capacity <=
// kMaxCapacity, and kConflict "capacity_below_registered" when fewer
// seats than the people already registered (`registered`).
Status CheckCapacity(int capacity, int registered);

// kInvalid "invalid_session_time" (field "end") unless start < end and the
// session lasts kMaxSessionLength at most.
Status CheckSessionTimes(std::chrono::sys_seconds start, std::chrono::sys_seconds end);

// kInvalid "invalid_head_count" (field "count") unless 0 <= count <= kMaxHeadCount.
Status CheckHeadCount(int count);

// --- Self-assessment (auto-évaluation) -----------------------------------------

// A statement a participant scores from 1 (pas du tout) to 4 (tout à fait),
// before the workshop and after it.
struct AssessmentStatement {
  std::string_view code;   // "computer", "email", ...
  std::string_view label;  // "Je sais utiliser la souris et le clavier."
};

// The statements, in order; an assessment holds one score per statement.
std::span<const AssessmentStatement> AssessmentStatements();

inline constexpr int kMinScore = 1;
inline constexpr int kMaxScore = 4;
std::string_view ScoreLabel(int score);  // "Pas du tout", "Un peu", "Plutôt oui", "Tout à fait"

enum class AssessmentPhase {
  kBefore,  // avant l'atelier
  kAfter,   // après l'atelier
};
std::string_view PhaseName(AssessmentPhase phase);  // "before", "after"
std::optional<AssessmentPhase> ParsePhase(std::string_view name);

// kInvalid "invalid_assessment" (field "scores") unless there is one score
// per statement, and "invalid_score" (field "scores") unless each is in
// [kMinScore, kMaxScore].
Status CheckScores(const std::vector<int>& scores);

// --- Figures of a period ---------------------------------------------------------

// One session as the figures count it.
struct SessionFigures {
  int capacity = 0;
  int registered = 0;  // holding a seat (cancelled ones excluded)
  int waitlisted = 0;
  int present = 0;
  int absent = 0;
  int walk_ins = 0;  // anonymous head-count: came without registering
};

// The workshops' figures of a period. Rates are in [0, 1], 0 when undefined.
struct WorkshopActivity {
  int sessions = 0;
  std::int64_t seats = 0;       // capacities summed
  std::int64_t registered = 0;  // seats taken
  std::int64_t waitlisted = 0;  // still waiting at the end
  std::int64_t present = 0;
  std::int64_t absent = 0;
  std::int64_t walk_ins = 0;
  std::int64_t participants = 0;  // present + walk-ins
  double fill_rate = 0;           // registered / seats
  double attendance_rate = 0;     // present / (present + absent): the marked ones

  friend bool operator==(const WorkshopActivity&, const WorkshopActivity&) = default;
};

WorkshopActivity SummariseWorkshops(const std::vector<SessionFigures>& sessions);

}  // namespace relais
