// Satisfaction surveys of the served site: one-time invitations (a random
// token kept only as a digest, valid kSurveyValidityDays), anonymous
// answers, and the results per month and kind of service, with the free
// comments for those allowed to read them. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/agent.h"
#include "app/ports.h"
#include "app/sites.h"
#include "app/survey_store.h"
#include "domain/error.h"
#include "domain/survey.h"

namespace relais::app {

// An invitation is valid for the rest of its day of issue and this many
// days after it (local time); then it is unknown (404) and purged.
inline constexpr int kSurveyValidityDays = 30;

// A token as it is handed out, once: its digest is all that is kept.
struct SurveyToken {
  std::string token;  // 43 URL-safe characters
  SurveyKind kind = SurveyKind::kVisit;
  date::year_month_day issued_on;
  UtcTime expires_at{};
};

// A comment as the results show it: the month and kind, never the day.
struct SurveyCommentEntry {
  unsigned month = 0;
  SurveyKind kind = SurveyKind::kVisit;
  std::string text;
};

struct SurveyResults {
  SurveySummary summary;
  bool comments_allowed = false;             // the agent may read comments
  std::vector<SurveyCommentEntry> comments;  // by month; empty unless allowed
};

class Surveys {
 public:
  Surveys(SurveyStore& store, Sites& sites, const Clock& clock)
      : store_(store), sites_(sites), clock_(clock) {}

  // A new invitation about a service of `kind` at the served site, by a
  // staff member in contact with the public (Action::kLogVisit there).
  Result<SurveyToken> Issue(const Agent& agent, SurveyKind kind);

  // The same on behalf of a use case that has already checked its caller:
  // the notifications after an appointment is marked seen, or a workshop's
  // attendance sheet. No agent is recorded in either case.
  Result<SurveyToken> Invite(SurveyKind kind);

  // The invitation of `token` as the form shows it: kNotFound
  // "survey_not_found" when unknown or expired; its `answered` flag says
  // whether it was used.
  Result<SurveyInvitation> Find(const std::string& token);

  // Checks and stores the answer for `token`, consuming it. kNotFound
  // "survey_not_found" when unknown or expired; kConflict
  // "survey_already_answered" when used already; kInvalid naming the field
  // (CheckSurveyAnswer). A blank comment counts as none.
  Result<SurveyRecord> Answer(const std::string& token, SurveyAnswer answer);

  // The served site's results of `year` (2000–2100, else kInvalid "year"):
  // Action::kViewReports; comments only with Action::kReadSurveyComments.
  Result<SurveyResults> Results(const Agent& agent, int year);

  // The served site's local date today.
  date::year_month_day Today() const;

 private:
  Status WorksHere(const Agent& agent) const;

  SurveyStore& store_;
  Sites& sites_;
  const Clock& clock_;
};

}  // namespace relais::app
