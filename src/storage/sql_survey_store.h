// The surveys' store (app/survey_store.h) in portable SQL over a Database:
// an answer consumes its invitation in the same transaction (a conditional
// UPDATE on the single writer), so two answers with one token store one.
// Thread-safe as the Database is.
#pragma once

#include "app/survey_store.h"
#include "storage/database.h"

namespace relais::storage {

class SqlSurveyStore final : public app::SurveyStore {
 public:
  explicit SqlSurveyStore(Database& db) : db_(db) {}

  Status AddInvitation(const std::string& site_id,
                       const app::SurveyInvitation& invitation) override;
  Result<std::optional<app::SurveyInvitation>> FindInvitation(const std::string& site_id,
                                                              const std::string& token_digest,
                                                              UtcTime now) override;
  Result<SurveyRecord> AnswerInvitation(const std::string& site_id, const std::string& token_digest,
                                        UtcTime now, const std::string& answer_id,
                                        const SurveyAnswer& answer) override;
  Result<std::vector<SurveyRecord>> ListAnswers(const std::string& site_id,
                                                date::year_month_day from,
                                                date::year_month_day to) override;
  Status ImportAnswers(const std::string& site_id, const std::vector<SurveyRecord>& records,
                       const std::vector<std::string>& ids) override;
  Result<std::int64_t> CountAnswers(const std::string& site_id) override;
  Result<std::int64_t> PurgeExpiredInvitations(const std::string& site_id, UtcTime now) override;

 private:
  Database& db_;
};

}  // namespace relais::storage
