// The surveys' storage port. An invitation is only the digest of its
// one-time token, with its kind, issue day and expiry: nothing says who
// received it. An answer keeps the kind and day of the service, the scores,
// the recommendation and the comment: nothing says who gave it, nor which
// invitation it used. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/slots.h"  // UtcTime
#include "domain/survey.h"

namespace relais::app {

struct SurveyInvitation {
  std::string token_digest;  // TokenDigest of the token, never the token
  SurveyKind kind = SurveyKind::kVisit;
  date::year_month_day issued_on;  // the site's local day of issue (no time)
  UtcTime expires_at{};
  bool answered = false;

  friend bool operator==(const SurveyInvitation&, const SurveyInvitation&) = default;
};

class SurveyStore {
 public:
  virtual ~SurveyStore() = default;

  // Stores a new, unanswered invitation. kConflict when its digest exists.
  virtual Status AddInvitation(const std::string& site_id, const SurveyInvitation& invitation) = 0;

  // The invitation of `token_digest` unless it expired at `now` (answered
  // or not), or none.
  virtual Result<std::optional<SurveyInvitation>> FindInvitation(const std::string& site_id,
                                                                 const std::string& token_digest,
                                                                 UtcTime now) = 0;

  // In one transaction: marks the invitation answered and stores `answer`
  // under `answer_id` with the invitation's kind and issue day. kNotFound
  // "survey_not_found" when unknown or expired at `now`; kConflict
  // "survey_already_answered" when answered already, also for the second of
  // two answers arriving together. Returns the record stored.
  virtual Result<SurveyRecord> AnswerInvitation(const std::string& site_id,
                                                const std::string& token_digest, UtcTime now,
                                                const std::string& answer_id,
                                                const SurveyAnswer& answer) = 0;

  // The site's answers of days [from, to], by day.
  virtual Result<std::vector<SurveyRecord>> ListAnswers(const std::string& site_id,
                                                        date::year_month_day from,
                                                        date::year_month_day to) = 0;

  // Stores answers given without an invitation through this software (the
  // demo's history, a paper campaign typed in), in one transaction; `ids`
  // holds one new id per record.
  virtual Status ImportAnswers(const std::string& site_id, const std::vector<SurveyRecord>& records,
                               const std::vector<std::string>& ids) = 0;

  virtual Result<std::int64_t> CountAnswers(const std::string& site_id) = 0;

  // Deletes the invitations expired at `now`, answered or not; returns how many.
  virtual Result<std::int64_t> PurgeExpiredInvitations(const std::string& site_id, UtcTime now) = 0;
};

}  // namespace relais::app
