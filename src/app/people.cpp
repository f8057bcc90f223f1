#include "app/people.h"

#include <algorithm>
#include <cctype>

#include "app/policy.h"
#include "app/secrets.h"
#include "domain/commune.h"

namespace relais::app {
namespace {

using std::chrono::sys_seconds;

constexpr std::size_t kSearchLimit = 50;
constexpr std::size_t kMaxDocuments = 30;
constexpr std::size_t kMaxEmailLength = 254;
constexpr int kEarliestBirthYear = 1900;

tl::unexpected<Error> Invalid(std::string code, std::string message, std::string field) {
  return Fail(ErrorKind::kInvalid, std::move(code), std::move(message), std::move(field));
}

std::string Trim(const std::string& text) {
  const auto space = [](unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && space(text[begin])) ++begin;
  while (end > begin && space(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

// Characters, not bytes: UTF-8 continuation bytes are not counted.
std::size_t Length(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// A trimmed optional text: empty is unknown.
std::optional<std::string> Cleaned(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::string trimmed = Trim(*text);
  if (trimmed.empty()) return std::nullopt;
  return trimmed;
}

// True when `text` holds a control character other than a tab or a line
// break (a NUL byte, an escape): no one types them.
bool HasControl(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F;
  });
}

tl::unexpected<Error> WithControl(const std::string& field, const std::string& what) {
  return Invalid("control_character", what + " contient un caractère de contrôle.", field);
}

Result<std::string> RequiredText(const std::string& text, std::size_t max, const std::string& field,
                                 const std::string& what) {
  std::string trimmed = Trim(text);
  if (trimmed.empty()) return Invalid("required", what + " est obligatoire.", field);
  if (Length(trimmed) > max) {
    return Invalid("too_long", what + " dépasse " + std::to_string(max) + " caractères.", field);
  }
  if (HasControl(trimmed)) return WithControl(field, what);
  return trimmed;
}

Result<std::optional<std::string>> OptionalText(const std::optional<std::string>& text,
                                                std::size_t max, const std::string& field,
                                                const std::string& what) {
  auto cleaned = Cleaned(text);
  if (cleaned && Length(*cleaned) > max) {
    return Invalid("too_long", what + " dépasse " + std::to_string(max) + " caractères.", field);
  }
  if (cleaned && HasControl(*cleaned)) return WithControl(field, what);
  return cleaned;
}

// A folded name, or the trimmed text in lower case when folding leaves
// nothing (a name in a script FoldName does not know).
std::string FoldedOr(const std::string& text) {
  std::string folded = FoldName(text);
  if (!folded.empty()) return folded;
  folded = Trim(text);
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return folded;
}

std::string PhoneKey(const std::string& phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.rfind("0033", 0) == 0) return "0" + digits.substr(4);
  if (!phone.empty() && phone.front() == '+' && digits.rfind("33", 0) == 0) {
    return "0" + digits.substr(2);
  }
  return digits;
}

Status CheckPhone(const std::string& phone) {
  std::size_t digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '.' && c != '-' && c != '+' && c != '(' && c != ')') {
      return Invalid("invalid_phone",
                     "Le téléphone ne contient que des chiffres, espaces, points, tirets ou « + ».",
                     "phone");
    }
  }
  if (digits < 6 || digits > 15) {
    return Invalid("invalid_phone", "Le téléphone compte de 6 à 15 chiffres.", "phone");
  }
  return {};
}

Status CheckEmail(const std::string& email) {
  const auto at = email.find('@');
  const bool shaped = email.size() <= kMaxEmailLength && at != std::string::npos && at > 0 &&
                      email.find('@', at + 1) == std::string::npos &&
                      email.find('.', at) != std::string::npos && email.back() != '.' &&
                      std::none_of(email.begin(), email.end(),
                                   [](unsigned char c) { return c <= ' ' || c == 0x7F; });
  if (!shaped)
    return Invalid("invalid_email", "Adresse électronique invalide (nom@exemple.fr).", "email");
  return {};
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Result<std::string> CheckedDate(const std::string& text, const std::string& field) {
  auto day = ParseDate(text, field);
  if (!day) return Invalid("invalid_date", "Date attendue au format AAAA-MM-JJ.", field);
  return FormatDate(*day);
}

bool SameInitial(const std::string& a, const std::string& b) {
  return !a.empty() && !b.empty() && a.front() == b.front();
}

}  // namespace

PersonKeys KeysOf(const std::string& first_name, const std::string& last_name,
                  const std::optional<std::string>& phone,
                  const std::optional<std::string>& email) {
  return {FoldedOr(last_name), FoldedOr(first_name), phone ? PhoneKey(*phone) : std::string(),
          email ? Lower(*email) : std::string()};
}

sys_seconds People::Now() const {
  return std::chrono::floor<std::chrono::seconds>(clock_.Now());
}

std::string People::Today() const {
  return FormatDate(sites_.CurrentHours()->LocalDate(Now()));
}

Status People::May(const Agent& agent) const {
  if (auto allowed = AuthorizeAt(agent, Action::kViewPersonFiles, sites_.Current()->id); !allowed)
    return allowed;
  return {};
}

Status People::CheckPartner(const std::optional<std::string>& partner) const {
  if (!partner) return {};
  auto partners = sites_.Partners();
  if (!partners) return tl::unexpected(partners.error());
  const bool known = std::any_of(partners->begin(), partners->end(),
                                 [&](const Partner& p) { return p.code == *partner; });
  if (!known) {
    return Invalid("unknown_partner",
                   "Partenaire inconnu de ce lieu (voir la liste des partenaires).", "partner");
  }
  return {};
}

Result<Person> People::Existing(const std::string& person_id) {
  auto person = store_.FindPerson(sites_.Current()->id, person_id);
  if (!person) return tl::unexpected(person.error());
  if (!*person) return Fail(ErrorKind::kNotFound, "not_found", "Dossier inconnu.");
  return **person;
}

Result<Procedure> People::ExistingProcedure(const std::string& procedure_id) {
  auto procedure = store_.FindProcedure(sites_.Current()->id, procedure_id);
  if (!procedure) return tl::unexpected(procedure.error());
  if (!*procedure) return Fail(ErrorKind::kNotFound, "not_found", "Démarche inconnue.");
  return **procedure;
}

template <typename T>
Result<T> People::Audited(const Agent& agent, const char* event, const std::string& subject,
                          T value) {
  if (journal_ != nullptr) {
    if (auto ok = journal_->Record(sites_.Current()->id, agent, event, subject); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return value;
}

Result<Procedure> People::AuditedProcedure(const Agent& agent, const std::string& procedure_id) {
  auto procedure = ExistingProcedure(procedure_id);
  if (!procedure) return procedure;
  const std::string subject = procedure->person_id;
  return Audited(agent, audit_event::kPersonChange, subject, std::move(*procedure));
}

Result<CreatedPerson> People::CreatePerson(const Agent& agent, const PersonDraft& draft) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  if (!draft.consent) {
    return Invalid("consent_required",
                   "Un dossier ne peut être ouvert qu'avec le consentement de la personne.",
                   "consent");
  }
  const sys_seconds now = Now();
  Person person;
  person.id = RandomId();
  person.consent_at = now;
  person.consent_version = std::string(kConsentVersion);
  auto first = RequiredText(draft.first_name, kMaxPersonNameLength, "first_name", "Le prénom");
  if (!first) return tl::unexpected(first.error());
  person.first_name = *first;
  auto last = RequiredText(draft.last_name, kMaxPersonNameLength, "last_name", "Le nom");
  if (!last) return tl::unexpected(last.error());
  person.last_name = *last;
  if (draft.birth_year) {
    const int this_year =
        static_cast<int>(date::year_month_day{std::chrono::floor<date::days>(now)}.year());
    if (*draft.birth_year < kEarliestBirthYear || *draft.birth_year > this_year) {
      return Invalid("invalid_birth_year",
                     "L'année de naissance va de " + std::to_string(kEarliestBirthYear) + " à " +
                         std::to_string(this_year) + ".",
                     "birth_year");
    }
    person.birth_year = draft.birth_year;
  }
  person.phone = Cleaned(draft.phone);
  if (person.phone) {
    if (auto ok = CheckPhone(*person.phone); !ok) return tl::unexpected(ok.error());
  }
  person.email = Cleaned(draft.email);
  if (person.email) {
    if (auto ok = CheckEmail(*person.email); !ok) return tl::unexpected(ok.error());
  }
  if (auto insee = Cleaned(draft.commune_insee)) {
    auto commune = communes_.Find(*insee);
    if (!commune) {
      return Invalid("unknown_commune",
                     "Code INSEE de commune inconnu (5 caractères, par exemple 92002).",
                     "commune_insee");
    }
    person.commune_insee = std::string(commune->insee);
  }
  if (draft.household_size) {
    if (*draft.household_size < 1 || *draft.household_size > kMaxHouseholdSize) {
      return Invalid("invalid_household_size",
                     "Le foyer compte de 1 à " + std::to_string(kMaxHouseholdSize) + " personnes.",
                     "household_size");
    }
    person.household_size = draft.household_size;
  }
  person.created_by = agent.id;
  person.created_at = person.updated_at = now;

  const std::string& site_id = sites_.Current()->id;
  const PersonKeys keys = KeysOf(person.first_name, person.last_name, person.phone, person.email);
  auto candidates = store_.FindCandidates(site_id, keys);
  if (!candidates) return tl::unexpected(candidates.error());
  CreatedPerson created;
  for (auto& [other, other_keys] : *candidates) {
    const bool same_name = other_keys.last_name == keys.last_name &&
                           SameInitial(other_keys.first_name, keys.first_name);
    const bool same_phone = !keys.phone.empty() && other_keys.phone == keys.phone;
    const bool same_email = !keys.email.empty() && other_keys.email == keys.email;
    if (same_name || same_phone || same_email) created.possible_duplicates.push_back(other);
  }
  if (auto stored = store_.AddPerson(site_id, person, keys); !stored) {
    return tl::unexpected(stored.error());
  }
  created.person = std::move(person);
  const std::string id = created.person.id;
  return Audited(agent, audit_event::kPersonCreate, id, std::move(created));
}

Result<PersonFile> People::FindPerson(const Agent& agent, const std::string& person_id) {
  auto file = LoadFile(agent, person_id);
  if (!file) return file;
  return Audited(agent, audit_event::kPersonRead, person_id, std::move(*file));
}

Result<PersonFile> People::ExportPerson(const Agent& agent, const std::string& person_id) {
  auto file = LoadFile(agent, person_id);
  if (!file) return file;
  return Audited(agent, audit_event::kPersonExport, person_id, std::move(*file));
}

Result<std::vector<AuditAccess>> People::AccessHistory(const Agent& agent,
                                                       const std::string& person_id) {
  const std::string& site_id = sites_.Current()->id;
  if (auto allowed = AuthorizeAt(agent, Action::kReadAuditJournal, site_id); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto person = Existing(person_id); !person) return tl::unexpected(person.error());
  if (journal_ == nullptr) return std::vector<AuditAccess>{};
  return journal_->About(site_id, person_id, kHistoryLength);
}

Result<PersonFile> People::LoadFile(const Agent& agent, const std::string& person_id) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  auto person = Existing(person_id);
  if (!person) return tl::unexpected(person.error());
  const std::string& site_id = sites_.Current()->id;
  PersonFile file;
  file.person = std::move(*person);
  auto notes = store_.ListNotes(site_id, person_id);
  if (!notes) return tl::unexpected(notes.error());
  for (PersonNote& note : *notes) {
    if (!note.is_private || note.author == agent.id) file.notes.push_back(std::move(note));
  }
  auto procedures = store_.ListProcedures(site_id, person_id);
  if (!procedures) return tl::unexpected(procedures.error());
  file.procedures = std::move(*procedures);
  auto referrals = store_.ListReferrals(site_id, person_id);
  if (!referrals) return tl::unexpected(referrals.error());
  file.referrals = std::move(*referrals);
  return file;
}

Result<std::vector<Person>> People::SearchPeople(const Agent& agent, const std::string& query) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  const std::string trimmed = Trim(query);
  if (Length(trimmed) > kMaxPersonNameLength) {
    return Invalid("too_long",
                   "La recherche dépasse " + std::to_string(kMaxPersonNameLength) + " caractères.",
                   "q");
  }
  std::string digits;
  const bool phone_like =
      !trimmed.empty() && std::all_of(trimmed.begin(), trimmed.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '-' || c == '+';
      });
  if (phone_like) digits = PhoneKey(trimmed);
  const std::string folded = trimmed.empty() || phone_like ? std::string() : FoldedOr(trimmed);
  auto found = store_.SearchPeople(sites_.Current()->id, folded, digits, kSearchLimit);
  if (!found) return tl::unexpected(found.error());
  return Audited(agent, audit_event::kPersonSearch, "", std::move(*found));
}

Status People::ErasePerson(const Agent& agent, const std::string& person_id) {
  if (auto ok = May(agent); !ok) return ok;
  if (auto erased = store_.ErasePerson(sites_.Current()->id, person_id); !erased) return erased;
  return Audited(agent, audit_event::kPersonErase, person_id, true).map([](bool) {});
}

Result<PersonNote> People::AddNote(const Agent& agent, const std::string& person_id,
                                   const std::string& text, bool is_private) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  auto body = RequiredText(text, kMaxNoteLength, "text", "Le texte de la note");
  if (!body) return tl::unexpected(body.error());
  auto person = Existing(person_id);
  if (!person) return tl::unexpected(person.error());
  PersonNote note{RandomId(), person_id, agent.id, is_private, *body, Now()};
  if (auto stored = store_.AddNote(sites_.Current()->id, note); !stored) {
    return tl::unexpected(stored.error());
  }
  return Audited(agent, audit_event::kPersonChange, person_id, std::move(note));
}

Result<Procedure> People::OpenProcedure(const Agent& agent, const std::string& person_id,
                                        const ProcedureDraft& draft) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  auto person = Existing(person_id);
  if (!person) return tl::unexpected(person.error());
  Procedure procedure;
  procedure.id = RandomId();
  procedure.person_id = person_id;
  if (!FindProcedureKind(draft.kind)) {
    return Invalid("unknown_kind", "Type de démarche inconnu (voir la liste des types).", "kind");
  }
  procedure.kind = draft.kind;
  procedure.partner = Cleaned(draft.partner);
  if (auto ok = CheckPartner(procedure.partner); !ok) return tl::unexpected(ok.error());
  auto next =
      OptionalText(draft.next_action, kMaxShortTextLength, "next_action", "La prochaine action");
  if (!next) return tl::unexpected(next.error());
  procedure.next_action = *next;
  if (auto on = Cleaned(draft.next_action_on)) {
    auto day = CheckedDate(*on, "next_action_on");
    if (!day) return tl::unexpected(day.error());
    procedure.next_action_on = *day;
  }
  if (draft.documents.size() > kMaxDocuments) {
    return Invalid("too_many_documents",
                   "Une liste compte au plus " + std::to_string(kMaxDocuments) + " pièces.",
                   "documents");
  }
  for (const std::string& label : draft.documents) {
    auto text = RequiredText(label, kMaxShortTextLength, "documents", "Le nom d'une pièce");
    if (!text) return tl::unexpected(text.error());
    const bool seen = std::any_of(procedure.documents.begin(), procedure.documents.end(),
                                  [&](const ProcedureDocument& d) { return d.label == *text; });
    if (!seen) {
      procedure.documents.push_back(
          {static_cast<int>(procedure.documents.size()) + 1, *text, false});
    }
  }
  procedure.status = ProcedureStatus::kToDo;
  procedure.assigned_to = agent.id;
  procedure.created_at = procedure.updated_at = Now();
  procedure.steps.push_back({RandomId(), procedure.created_at, agent.id, std::nullopt,
                             ProcedureStatus::kToDo, std::nullopt});
  if (auto stored = store_.AddProcedure(sites_.Current()->id, procedure); !stored) {
    return tl::unexpected(stored.error());
  }
  return Audited(agent, audit_event::kPersonChange, person_id, std::move(procedure));
}

Result<Procedure> People::ChangeStatus(const Agent& agent, const std::string& procedure_id,
                                       const std::string& status,
                                       const std::optional<std::string>& comment) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  auto to = ParseProcedureStatus(status);
  if (!to) {
    return Invalid("invalid_status",
                   "Statut attendu : to_do, in_progress, submitted, granted, refused ou closed.",
                   "status");
  }
  auto text = OptionalText(comment, kMaxShortTextLength, "comment", "Le commentaire");
  if (!text) return tl::unexpected(text.error());
  auto procedure = ExistingProcedure(procedure_id);
  if (!procedure) return tl::unexpected(procedure.error());
  if (auto ok = CheckProcedureTransition(procedure->status, *to); !ok) {
    return tl::unexpected(ok.error());
  }
  const ProcedureStep step{RandomId(), Now(), agent.id, procedure->status, *to, *text};
  if (auto changed = store_.ChangeStatus(sites_.Current()->id, procedure_id, step); !changed) {
    return tl::unexpected(changed.error());
  }
  return AuditedProcedure(agent, procedure_id);
}

Result<Procedure> People::SetNextAction(const Agent& agent, const std::string& procedure_id,
                                        const std::optional<std::string>& next_action,
                                        const std::optional<std::string>& next_action_on) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  auto text = OptionalText(next_action, kMaxShortTextLength, "next_action", "La prochaine action");
  if (!text) return tl::unexpected(text.error());
  std::optional<std::string> on;
  if (auto given = Cleaned(next_action_on)) {
    auto day = CheckedDate(*given, "next_action_on");
    if (!day) return tl::unexpected(day.error());
    on = *day;
  }
  auto set = store_.SetNextAction(sites_.Current()->id, procedure_id, *text, on, Now());
  if (!set) {
    if (set.error().kind == ErrorKind::kNotFound) {
      return Fail(ErrorKind::kNotFound, "not_found", "Démarche inconnue.");
    }
    return tl::unexpected(set.error());
  }
  return AuditedProcedure(agent, procedure_id);
}

Result<Procedure> People::SetDocument(const Agent& agent, const std::string& procedure_id,
                                      const std::string& label, bool done) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  auto text = RequiredText(label, kMaxShortTextLength, "label", "Le nom de la pièce");
  if (!text) return tl::unexpected(text.error());
  auto procedure = ExistingProcedure(procedure_id);
  if (!procedure) return tl::unexpected(procedure.error());
  const bool known = std::any_of(procedure->documents.begin(), procedure->documents.end(),
                                 [&](const ProcedureDocument& d) { return d.label == *text; });
  if (!known && procedure->documents.size() >= kMaxDocuments) {
    return Invalid("too_many_documents",
                   "Une liste compte au plus " + std::to_string(kMaxDocuments) + " pièces.",
                   "label");
  }
  if (auto set = store_.SetDocument(sites_.Current()->id, procedure_id, *text, done, Now()); !set) {
    return tl::unexpected(set.error());
  }
  return AuditedProcedure(agent, procedure_id);
}

Result<std::vector<FollowUp>> People::FollowUpsDue(const Agent& agent, const std::string& today) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  std::string day = Today();
  if (!today.empty()) {
    auto checked = CheckedDate(today, "date");
    if (!checked) return tl::unexpected(checked.error());
    day = *checked;
  }
  auto due = store_.FollowUpsDue(sites_.Current()->id, agent.id, day);
  if (!due) return tl::unexpected(due.error());
  return Audited(agent, audit_event::kPersonSearch, "suivis", std::move(*due));
}

Result<Referral> People::Refer(const Agent& agent, const ReferralDraft& draft) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  Referral referral;
  referral.id = RandomId();
  referral.partner = Cleaned(draft.partner);
  auto service = OptionalText(draft.service, kMaxPersonNameLength, "service", "Le nom du service");
  if (!service) return tl::unexpected(service.error());
  referral.service = *service;
  if (referral.partner.has_value() == referral.service.has_value()) {
    return Invalid("partner_or_service",
                   "Indiquez soit un partenaire, soit un service local (l'un des deux).",
                   "partner");
  }
  if (auto ok = CheckPartner(referral.partner); !ok) return tl::unexpected(ok.error());
  auto reason = RequiredText(draft.reason, kMaxShortTextLength, "reason", "Le motif");
  if (!reason) return tl::unexpected(reason.error());
  referral.reason = *reason;
  if (auto person_id = Cleaned(draft.person_id)) {
    auto person = Existing(*person_id);
    if (!person) {
      Error error = person.error();
      error.field = "person_id";
      return tl::unexpected(error);
    }
    referral.person_id = *person_id;
  }
  referral.referred_by = agent.id;
  referral.referred_at = Now();
  if (auto stored = store_.AddReferral(sites_.Current()->id, referral); !stored) {
    return tl::unexpected(stored.error());
  }
  const std::string subject = referral.person_id.value_or("");
  return Audited(agent, audit_event::kPersonChange, subject, std::move(referral));
}

Result<Referral> People::RecordOutcome(const Agent& agent, const std::string& referral_id,
                                       const std::string& outcome) {
  if (auto ok = May(agent); !ok) return tl::unexpected(ok.error());
  auto parsed = ParseReferralOutcome(outcome);
  if (!parsed) {
    return Invalid("invalid_outcome", "Issue attendue : reached, not_reached ou unknown.",
                   "outcome");
  }
  const std::string& site_id = sites_.Current()->id;
  auto set = store_.SetReferralOutcome(site_id, referral_id, *parsed, Now());
  if (!set) return tl::unexpected(set.error());
  auto referral = store_.FindReferral(site_id, referral_id);
  if (!referral) return tl::unexpected(referral.error());
  if (!*referral) return Fail(ErrorKind::kNotFound, "not_found", "Orientation inconnue.");
  const std::string subject = (*referral)->person_id.value_or("");
  return Audited(agent, audit_event::kPersonChange, subject, std::move(**referral));
}

}  // namespace relais::app
