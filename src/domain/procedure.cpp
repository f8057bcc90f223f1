#include "domain/procedure.h"

#include <string>

namespace relais {
namespace {

struct StatusEntry {
  ProcedureStatus status;
  std::string_view name;
  std::string_view label;
};
constexpr StatusEntry kStatusEntries[] = {
    {ProcedureStatus::kToDo, "to_do", "À faire"},
    {ProcedureStatus::kInProgress, "in_progress", "En cours"},
    {ProcedureStatus::kSubmitted, "submitted", "Déposée"},
    {ProcedureStatus::kGranted, "granted", "Accordée"},
    {ProcedureStatus::kRefused, "refused", "Refusée"},
    {ProcedureStatus::kClosed, "closed", "Clôturée"},
};

struct Transition {
  ProcedureStatus from;
  ProcedureStatus to;
};
// The whole lifecycle; anything not listed is refused.
constexpr Transition kTransitions[] = {
    {ProcedureStatus::kToDo, ProcedureStatus::kInProgress},
    {ProcedureStatus::kToDo, ProcedureStatus::kClosed},
    {ProcedureStatus::kInProgress, ProcedureStatus::kSubmitted},
    {ProcedureStatus::kInProgress, ProcedureStatus::kClosed},
    {ProcedureStatus::kSubmitted, ProcedureStatus::kInProgress},
    {ProcedureStatus::kSubmitted, ProcedureStatus::kGranted},
    {ProcedureStatus::kSubmitted, ProcedureStatus::kRefused},
    {ProcedureStatus::kSubmitted, ProcedureStatus::kClosed},
    {ProcedureStatus::kGranted, ProcedureStatus::kClosed},
    {ProcedureStatus::kRefused, ProcedureStatus::kClosed},
};

struct OutcomeEntry {
  ReferralOutcome outcome;
  std::string_view name;
  std::string_view label;
};
constexpr OutcomeEntry kOutcomeEntries[] = {
    {ReferralOutcome::kUnknown, "unknown", "Inconnue"},
    {ReferralOutcome::kReached, "reached", "Partenaire joint"},
    {ReferralOutcome::kNotReached, "not_reached", "Partenaire non joint"},
};

}  // namespace

std::string_view ProcedureStatusName(ProcedureStatus status) {
  for (const auto& e : kStatusEntries) {
    if (e.status == status) return e.name;
  }
  return "to_do";
}

std::string_view ProcedureStatusLabel(ProcedureStatus status) {
  for (const auto& e : kStatusEntries) {
    if (e.status == status) return e.label;
  }
  return "";
}

std::optional<ProcedureStatus> ParseProcedureStatus(std::string_view name) {
  for (const auto& e : kStatusEntries) {
    if (e.name == name) return e.status;
  }
  return std::nullopt;
}

bool ProcedureTransitionAllowed(ProcedureStatus from, ProcedureStatus to) {
  for (const Transition& t : kTransitions) {
    if (t.from == from && t.to == to) return true;
  }
  return false;
}

std::vector<ProcedureStatus> NextProcedureStatuses(ProcedureStatus from) {
  std::vector<ProcedureStatus> next;
  for (ProcedureStatus to : kProcedureStatuses) {
    if (ProcedureTransitionAllowed(from, to)) next.push_back(to);
  }
  return next;
}

Status CheckProcedureTransition(ProcedureStatus from, ProcedureStatus to) {
  if (ProcedureTransitionAllowed(from, to)) return {};
  return Fail(ErrorKind::kConflict, "invalid_transition",
              "Une démarche « " + std::string(ProcedureStatusLabel(from)) +
                  " » ne peut pas passer à « " + std::string(ProcedureStatusLabel(to)) + " ».",
              "status");
}

const std::vector<ProcedureKind>& ProcedureKinds() {
  static const std::vector<ProcedureKind> kKinds = {
      {"aide-logement", "Aide au logement (APL, ALS, ALF)"},
      {"prime-activite", "Prime d'activité"},
      {"rsa", "Revenu de solidarité active (RSA)"},
      {"compte-en-ligne", "Création d'un compte en ligne"},
      {"retraite", "Retraite"},
      {"carte-identite", "Carte d'identité, passeport"},
      {"titre-sejour", "Titre de séjour"},
      {"complementaire-sante", "Complémentaire santé solidaire"},
      {"carte-vitale", "Carte Vitale, assurance maladie"},
      {"impots", "Déclaration de revenus, impôts"},
      {"emploi", "Inscription, droits à France Travail"},
      {"cheque-energie", "Chèque énergie"},
      {"permis-conduire", "Permis de conduire, carte grise"},
      {"autre", "Autre démarche"},
  };
  return kKinds;
}

std::optional<ProcedureKind> FindProcedureKind(std::string_view code) {
  for (const ProcedureKind& kind : ProcedureKinds()) {
    if (kind.code == code) return kind;
  }
  return std::nullopt;
}

std::string_view ReferralOutcomeName(ReferralOutcome outcome) {
  for (const auto& e : kOutcomeEntries) {
    if (e.outcome == outcome) return e.name;
  }
  return "unknown";
}

std::string_view ReferralOutcomeLabel(ReferralOutcome outcome) {
  for (const auto& e : kOutcomeEntries) {
    if (e.outcome == outcome) return e.label;
  }
  return "";
}

std::optional<ReferralOutcome> ParseReferralOutcome(std::string_view name) {
  for (const auto& e : kOutcomeEntries) {
    if (e.name == name) return e.outcome;
  }
  return std::nullopt;
}

}  // namespace relais
