#include "app/surveys.h"

#include <algorithm>

#include "app/policy.h"
#include "app/secrets.h"

namespace relais::app {
namespace {

constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2100;

UtcTime Now(const Clock& clock) {
  return std::chrono::floor<std::chrono::seconds>(clock.Now());
}

// Tokens are RandomToken()s: anything else is unknown without asking storage.
bool LooksLikeToken(const std::string& token) {
  return token.size() == 43 && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

tl::unexpected<Error> UnknownSurvey() {
  return Fail(ErrorKind::kNotFound, "survey_not_found",
              "Ce questionnaire est introuvable ou son lien a expiré.");
}

}  // namespace

date::year_month_day Surveys::Today() const {
  return sites_.CurrentHours()->LocalDate(Now(clock_));
}

Status Surveys::WorksHere(const Agent& agent) const {
  return AtSite(agent, sites_.Current()->id);
}

Result<SurveyToken> Surveys::Issue(const Agent& agent, SurveyKind kind) {
  if (auto allowed = Authorize(agent, Action::kLogVisit); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto here = WorksHere(agent); !here) return tl::unexpected(here.error());
  return Invite(kind);
}

Result<SurveyToken> Surveys::Invite(SurveyKind kind) {
  const std::string site_id = sites_.Current()->id;
  const auto hours = sites_.CurrentHours();
  const UtcTime now = Now(clock_);
  // The old invitations go as new ones come: no job to schedule.
  if (auto purged = store_.PurgeExpiredInvitations(site_id, now); !purged) {
    return tl::unexpected(purged.error());
  }
  SurveyToken issued;
  issued.token = RandomToken();
  issued.kind = kind;
  issued.issued_on = hours->LocalDate(now);
  // Midnight after the last valid day: the expiry tells the day, not the
  // second, of issue.
  issued.expires_at = hours->zone().ToInstant(date::local_seconds{
      date::local_days{issued.issued_on} + date::days{kSurveyValidityDays + 1}});
  SurveyInvitation invitation;
  invitation.token_digest = TokenDigest(issued.token);
  invitation.kind = kind;
  invitation.issued_on = issued.issued_on;
  invitation.expires_at = issued.expires_at;
  if (auto added = store_.AddInvitation(site_id, invitation); !added) {
    return tl::unexpected(added.error());
  }
  return issued;
}

Result<SurveyInvitation> Surveys::Find(const std::string& token) {
  if (!LooksLikeToken(token)) return UnknownSurvey();
  auto found = store_.FindInvitation(sites_.Current()->id, TokenDigest(token), Now(clock_));
  if (!found) return tl::unexpected(found.error());
  if (!*found) return UnknownSurvey();
  return std::move(**found);
}

Result<SurveyRecord> Surveys::Answer(const std::string& token, SurveyAnswer answer) {
  if (!LooksLikeToken(token)) return UnknownSurvey();
  if (answer.comment) answer.comment = SurveyComment(std::move(*answer.comment));
  if (auto checked = CheckSurveyAnswer(answer); !checked) return tl::unexpected(checked.error());
  auto stored = store_.AnswerInvitation(sites_.Current()->id, TokenDigest(token), Now(clock_),
                                        RandomId(), answer);
  if (!stored && stored.error().kind == ErrorKind::kNotFound) return UnknownSurvey();
  return stored;
}

Result<SurveyResults> Surveys::Results(const Agent& agent, int year) {
  if (auto allowed = Authorize(agent, Action::kViewReports); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto here = WorksHere(agent); !here) return tl::unexpected(here.error());
  if (year < kFirstYear || year > kLastYear) {
    return Fail(ErrorKind::kInvalid, "invalid_year",
                "Année attendue entre " + std::to_string(kFirstYear) + " et " +
                    std::to_string(kLastYear) + ".",
                "year");
  }
  const date::year y{year};
  auto records =
      store_.ListAnswers(sites_.Current()->id, y / date::January / 1, y / date::December / 31);
  if (!records) return tl::unexpected(records.error());
  SurveyResults results;
  results.summary = SummarizeSurveys(year, *records);
  results.comments_allowed = Allowed(agent.role, Action::kReadSurveyComments);
  if (results.comments_allowed) {
    for (const SurveyRecord& record : *records) {
      if (!record.answer.comment) continue;
      results.comments.push_back(SurveyCommentEntry{static_cast<unsigned>(record.day.month()),
                                                    record.kind, *record.answer.comment});
    }
  }
  return results;
}

}  // namespace relais::app
