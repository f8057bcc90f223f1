// The person files' store (app/people_store.h) in portable SQL over a
// Database: a status change and its step, an erasure and its unlinking,
// each in one transaction. Thread-safe as the Database is.
#pragma once

#include "app/people_store.h"
#include "storage/database.h"

namespace relais::storage {

// Inside a write: deletes the person's file (notes, procedures, their steps
// and documents with it) and unlinks their referrals, erasing each one's
// free-text reason, which may name the person. Returns the files deleted (0
// or 1). Shared by the erasure on request and the retention purge.
Result<std::int64_t> DeletePersonRows(Connection& c, const std::string& site_id,
                                      const std::string& person_id);

class SqlPeopleStore final : public app::PeopleStore {
 public:
  explicit SqlPeopleStore(Database& db) : db_(db) {}

  Status AddPerson(const std::string& site_id, const app::Person& person,
                   const app::PersonKeys& keys) override;
  Result<std::optional<app::Person>> FindPerson(const std::string& site_id,
                                                const std::string& person_id) override;
  Result<std::vector<std::pair<app::Person, app::PersonKeys>>> FindCandidates(
      const std::string& site_id, const app::PersonKeys& keys) override;
  Result<std::vector<app::Person>> SearchPeople(const std::string& site_id,
                                                const std::string& folded,
                                                const std::string& digits,
                                                std::size_t limit) override;
  Status ErasePerson(const std::string& site_id, const std::string& person_id) override;

  Status AddNote(const std::string& site_id, const app::PersonNote& note) override;
  Result<std::vector<app::PersonNote>> ListNotes(const std::string& site_id,
                                                 const std::string& person_id) override;

  Status AddProcedure(const std::string& site_id, const app::Procedure& procedure) override;
  Result<std::optional<app::Procedure>> FindProcedure(const std::string& site_id,
                                                      const std::string& procedure_id) override;
  Result<std::vector<app::Procedure>> ListProcedures(const std::string& site_id,
                                                     const std::string& person_id) override;
  Status ChangeStatus(const std::string& site_id, const std::string& procedure_id,
                      const app::ProcedureStep& step) override;
  Status SetNextAction(const std::string& site_id, const std::string& procedure_id,
                       const std::optional<std::string>& next_action,
                       const std::optional<std::string>& next_action_on,
                       std::chrono::sys_seconds now) override;
  Status SetDocument(const std::string& site_id, const std::string& procedure_id,
                     const std::string& label, bool done, std::chrono::sys_seconds now) override;
  Result<std::vector<app::FollowUp>> FollowUpsDue(const std::string& site_id,
                                                  const std::string& agent_id,
                                                  const std::string& today) override;

  Status AddReferral(const std::string& site_id, const app::Referral& referral) override;
  Result<std::optional<app::Referral>> FindReferral(const std::string& site_id,
                                                    const std::string& referral_id) override;
  Result<std::vector<app::Referral>> ListReferrals(const std::string& site_id,
                                                   const std::string& person_id) override;
  Status SetReferralOutcome(const std::string& site_id, const std::string& referral_id,
                            ReferralOutcome outcome, std::chrono::sys_seconds at) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
