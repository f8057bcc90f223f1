// Person files (dossiers d'usagers), kept only with the person's recorded
// consent, their notes, procedures (démarches suivies) and referrals
// (orientations), at the served site. Every use case checks
// Action::kViewPersonFiles and the agent's site. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/agent.h"
#include "app/audit.h"
#include "app/communes.h"
#include "app/people_store.h"
#include "app/ports.h"
#include "app/sites.h"
#include "domain/error.h"

namespace relais::app {

// The version of the consent text shown to a person before a file is
// opened; stored with the consent.
inline constexpr std::string_view kConsentVersion = "dossier-2026-01";

inline constexpr std::size_t kMaxPersonNameLength = 100;
inline constexpr std::size_t kMaxNoteLength = 5000;
inline constexpr std::size_t kMaxShortTextLength = 500;  // next action, reason, comment
inline constexpr int kMaxHouseholdSize = 30;

// A person as a caller gives it, before checks; empty optionals are unknown.
struct PersonDraft {
  bool consent = false;  // the person agreed to the file being kept
  std::string first_name;
  std::string last_name;
  std::optional<int> birth_year;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> commune_insee;
  std::optional<int> household_size;
};

struct CreatedPerson {
  Person person;
  // Files of the site that may be the same person: same last name (accents
  // and case aside) and first initial, or same phone, or same e-mail.
  std::vector<Person> possible_duplicates;
};

// A person's file as an agent sees it: private notes of others left out.
struct PersonFile {
  Person person;
  std::vector<PersonNote> notes;
  std::vector<Procedure> procedures;
  std::vector<Referral> referrals;
};

struct ProcedureDraft {
  std::string kind;                    // a ProcedureKinds() code
  std::optional<std::string> partner;  // a partner code of the site
  std::optional<std::string> next_action;
  std::optional<std::string> next_action_on;  // YYYY-MM-DD
  std::vector<std::string> documents;         // the checklist's labels
};

struct ReferralDraft {
  std::optional<std::string> person_id;
  std::optional<std::string> partner;  // a partner code of the site, or
  std::optional<std::string> service;  // a local service named freely
  std::string reason;
};

// The folded keys of a person (search, duplicates).
PersonKeys KeysOf(const std::string& first_name, const std::string& last_name,
                  const std::optional<std::string>& phone, const std::optional<std::string>& email);

class People {
 public:
  // Every read and change of a file is recorded in `journal` when given.
  People(PeopleStore& store, Sites& sites, const Communes& communes, const Clock& clock,
         AuditJournal* journal = nullptr)
      : store_(store), sites_(sites), communes_(communes), clock_(clock), journal_(journal) {}

  // Opens a file. kInvalid "consent_required" (field "consent") without
  // consent; kInvalid naming the field: "first_name", "last_name" (1 to
  // kMaxPersonNameLength characters), "birth_year" (1900 to this year), "phone"
  // (6 to 15 digits), "email", "commune_insee", "household_size".
  Result<CreatedPerson> CreatePerson(const Agent& agent, const PersonDraft& draft);
  // kNotFound when the site has no such file.
  Result<PersonFile> FindPerson(const Agent& agent, const std::string& person_id);
  // The same file handed over on the person's request (right of access):
  // journaled as an export, not a read.
  Result<PersonFile> ExportPerson(const Agent& agent, const std::string& person_id);
  // The file's history, newest first, up to kHistoryLength events: who
  // opened, created, changed or exported it, and when. Admins and
  // coordinators only (read_audit_journal); kNotFound for an unknown file;
  // empty without a journal. Not itself journaled: it shows no personal data.
  static constexpr std::size_t kHistoryLength = 50;
  Result<std::vector<AuditAccess>> AccessHistory(const Agent& agent, const std::string& person_id);
  // Up to 50 files matching `query` (a name's beginning, accents and case
  // aside, or a phone's digits); an empty query: the latest updated.
  Result<std::vector<Person>> SearchPeople(const Agent& agent, const std::string& query);
  // Right to erasure: deletes the file, its notes and procedures, and
  // unlinks its referrals. kNotFound when unknown.
  Status ErasePerson(const Agent& agent, const std::string& person_id);
  // A note on the file; a private one is shown to its author only.
  Result<PersonNote> AddNote(const Agent& agent, const std::string& person_id,
                             const std::string& text, bool is_private);

  // Opens a procedure "to do", assigned to `agent`, with its opening step.
  Result<Procedure> OpenProcedure(const Agent& agent, const std::string& person_id,
                                  const ProcedureDraft& draft);
  // Moves a procedure to `status` (a ProcedureStatusName) and records the
  // step; kInvalid "invalid_status" for an unknown name, kConflict
  // "invalid_transition" when the lifecycle forbids it.
  Result<Procedure> ChangeStatus(const Agent& agent, const std::string& procedure_id,
                                 const std::string& status,
                                 const std::optional<std::string>& comment);
  // Sets or clears (both empty) the next action and its date.
  Result<Procedure> SetNextAction(const Agent& agent, const std::string& procedure_id,
                                  const std::optional<std::string>& next_action,
                                  const std::optional<std::string>& next_action_on);
  // Marks the checklist item `label` done or not, adding it when new.
  Result<Procedure> SetDocument(const Agent& agent, const std::string& procedure_id,
                                const std::string& label, bool done);
  // The agent's procedures not closed whose next action is due on or
  // before `today` (YYYY-MM-DD; empty: the site's date today).
  Result<std::vector<FollowUp>> FollowUpsDue(const Agent& agent, const std::string& today = {});

  // A referral to a partner or a local service (one of the two), with a
  // reason; its outcome is "unknown" until recorded.
  Result<Referral> Refer(const Agent& agent, const ReferralDraft& draft);
  // `outcome` is a ReferralOutcomeName.
  Result<Referral> RecordOutcome(const Agent& agent, const std::string& referral_id,
                                 const std::string& outcome);

  // The site's local date today, YYYY-MM-DD.
  std::string Today() const;

 private:
  Status May(const Agent& agent) const;
  Status CheckPartner(const std::optional<std::string>& partner) const;
  Result<Person> Existing(const std::string& person_id);
  Result<PersonFile> LoadFile(const Agent& agent, const std::string& person_id);
  Result<Procedure> ExistingProcedure(const std::string& procedure_id);
  std::chrono::sys_seconds Now() const;
  // The procedure, once its change is in the journal.
  Result<Procedure> AuditedProcedure(const Agent& agent, const std::string& procedure_id);
  // `value` once `event` on `subject` is in the journal (fails closed).
  template <typename T>
  Result<T> Audited(const Agent& agent, const char* event, const std::string& subject, T value);

  PeopleStore& store_;
  Sites& sites_;
  const Communes& communes_;
  const Clock& clock_;
  AuditJournal* journal_;
};

}  // namespace relais::app
