// The person files' storage port: people (only with consent), their notes,
// procedures (with checklist and history) and referrals, every row keyed by
// site. Personal data: nothing here is ever logged. Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.h"
#include "domain/procedure.h"

namespace relais::app {

struct Person {
  std::string id;
  std::chrono::sys_seconds consent_at;
  std::string consent_version;  // the consent text the person accepted
  std::string first_name;
  std::string last_name;
  std::optional<int> birth_year;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> commune_insee;
  std::optional<int> household_size;
  std::string created_by;  // the agent's id
  std::chrono::sys_seconds created_at;
  std::chrono::sys_seconds updated_at;

  friend bool operator==(const Person&, const Person&) = default;
};

// The folded forms the store matches on (search, duplicates); computed by
// the application, empty when the field is empty.
struct PersonKeys {
  std::string last_name;   // FoldName(last_name)
  std::string first_name;  // FoldName(first_name)
  std::string phone;       // the phone's digits, "+33 6…" as "06…"
  std::string email;       // lower case
};

struct PersonNote {
  std::string id;
  std::string person_id;
  std::string author;  // the agent's id
  bool is_private = false;
  std::string text;
  std::chrono::sys_seconds written_at;

  friend bool operator==(const PersonNote&, const PersonNote&) = default;
};

struct ProcedureDocument {
  int position = 0;
  std::string label;
  bool done = false;

  friend bool operator==(const ProcedureDocument&, const ProcedureDocument&) = default;
};

// One step of a procedure's history; `from` is empty for the opening.
struct ProcedureStep {
  std::string id;
  std::chrono::sys_seconds at;
  std::string agent;
  std::optional<ProcedureStatus> from;
  ProcedureStatus to = ProcedureStatus::kToDo;
  std::optional<std::string> comment;

  friend bool operator==(const ProcedureStep&, const ProcedureStep&) = default;
};

struct Procedure {
  std::string id;
  std::string person_id;
  std::optional<std::string> partner;  // a partner code of the site
  std::string kind;                    // a ProcedureKinds() code
  ProcedureStatus status = ProcedureStatus::kToDo;
  std::optional<std::string> next_action;
  std::optional<std::string> next_action_on;  // YYYY-MM-DD
  std::string assigned_to;                    // the agent's id
  std::chrono::sys_seconds created_at;
  std::chrono::sys_seconds updated_at;
  std::vector<ProcedureDocument> documents;  // by position
  std::vector<ProcedureStep> steps;          // by time

  friend bool operator==(const Procedure&, const Procedure&) = default;
};

// A procedure due for follow-up, with its person's name.
struct FollowUp {
  Procedure procedure;  // without documents and steps
  std::string first_name;
  std::string last_name;
};

struct Referral {
  std::string id;
  std::optional<std::string> person_id;  // none: anonymous or erased
  std::optional<std::string> partner;    // a partner code of the site
  std::optional<std::string> service;    // a local service named freely
  std::string reason;
  std::string referred_by;  // the agent's id
  std::chrono::sys_seconds referred_at;
  ReferralOutcome outcome = ReferralOutcome::kUnknown;
  std::optional<std::chrono::sys_seconds> outcome_at;

  friend bool operator==(const Referral&, const Referral&) = default;
};

class PeopleStore {
 public:
  virtual ~PeopleStore() = default;

  virtual Status AddPerson(const std::string& site_id, const Person& person,
                           const PersonKeys& keys) = 0;
  virtual Result<std::optional<Person>> FindPerson(const std::string& site_id,
                                                   const std::string& person_id) = 0;
  // People of the site whose folded last name equals keys.last_name, or
  // whose phone or e-mail key equals the non-empty one of `keys`.
  virtual Result<std::vector<std::pair<Person, PersonKeys>>> FindCandidates(
      const std::string& site_id, const PersonKeys& keys) = 0;
  // Up to `limit` people whose folded last or first name (or "last first",
  // "first last") starts with `folded`, or whose phone key starts with
  // `digits` (when not empty), by name; an empty query: the latest updated.
  virtual Result<std::vector<Person>> SearchPeople(const std::string& site_id,
                                                   const std::string& folded,
                                                   const std::string& digits,
                                                   std::size_t limit) = 0;
  // Deletes the person, their notes and procedures, and unlinks their
  // referrals, in one transaction. kNotFound when unknown.
  virtual Status ErasePerson(const std::string& site_id, const std::string& person_id) = 0;

  virtual Status AddNote(const std::string& site_id, const PersonNote& note) = 0;
  // All the person's notes, private ones included, by time.
  virtual Result<std::vector<PersonNote>> ListNotes(const std::string& site_id,
                                                    const std::string& person_id) = 0;

  // Stores a procedure with its documents and steps.
  virtual Status AddProcedure(const std::string& site_id, const Procedure& procedure) = 0;
  virtual Result<std::optional<Procedure>> FindProcedure(const std::string& site_id,
                                                         const std::string& procedure_id) = 0;
  virtual Result<std::vector<Procedure>> ListProcedures(const std::string& site_id,
                                                        const std::string& person_id) = 0;
  // Moves the procedure from `step.from` to `step.to` and records the step,
  // in one transaction; kConflict when its status is no longer `step.from`,
  // kNotFound when unknown.
  virtual Status ChangeStatus(const std::string& site_id, const std::string& procedure_id,
                              const ProcedureStep& step) = 0;
  // kNotFound when unknown.
  virtual Status SetNextAction(const std::string& site_id, const std::string& procedure_id,
                               const std::optional<std::string>& next_action,
                               const std::optional<std::string>& next_action_on,
                               std::chrono::sys_seconds now) = 0;
  // Marks the checklist item `label` done or not, adding it last when new.
  // kNotFound when the procedure is unknown.
  virtual Status SetDocument(const std::string& site_id, const std::string& procedure_id,
                             const std::string& label, bool done, std::chrono::sys_seconds now) = 0;
  // Procedures assigned to `agent_id`, not closed, whose next action is due
  // on or before `today` (YYYY-MM-DD), earliest first.
  virtual Result<std::vector<FollowUp>> FollowUpsDue(const std::string& site_id,
                                                     const std::string& agent_id,
                                                     const std::string& today) = 0;

  virtual Status AddReferral(const std::string& site_id, const Referral& referral) = 0;
  virtual Result<std::optional<Referral>> FindReferral(const std::string& site_id,
                                                       const std::string& referral_id) = 0;
  virtual Result<std::vector<Referral>> ListReferrals(const std::string& site_id,
                                                      const std::string& person_id) = 0;
  // kNotFound when unknown.
  virtual Status SetReferralOutcome(const std::string& site_id, const std::string& referral_id,
                                    ReferralOutcome outcome, std::chrono::sys_seconds at) = 0;
};

}  // namespace relais::app
