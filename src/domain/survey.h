// Satisfaction surveys (questionnaires de satisfaction): an answer on the
// seed's three criteria, its checks, and the results per month and kind of
// service. An answer never says who gave it. Pure: no I/O, no clock.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "domain/error.h"

namespace relais {

// The service the survey is about.
enum class SurveyKind {
  kVisit,        // passage à l'accueil
  kAppointment,  // rendez-vous (marqué « reçu »)
  kWorkshop,     // atelier numérique (présence)
};
inline constexpr SurveyKind kSurveyKinds[] = {SurveyKind::kVisit, SurveyKind::kAppointment,
                                              SurveyKind::kWorkshop};

std::string_view SurveyKindName(SurveyKind kind);   // "visit", "appointment", "workshop"
std::string_view SurveyKindLabel(SurveyKind kind);  // "Passage à l'accueil", ...
std::optional<SurveyKind> ParseSurveyKind(std::string_view name);

// Each criterion is scored from 1 (très insatisfait) to 5 (très satisfait).
inline constexpr int kMinSurveyScore = 1;
inline constexpr int kMaxSurveyScore = 5;
// The comment is kept as typed, up to this many characters (code points).
inline constexpr std::size_t kMaxSurveyCommentChars = 1000;

// "Très insatisfait" … "Très satisfait"; empty outside 1–5.
std::string_view SurveyScoreLabel(int score);

// The seed's three criteria, with their JSON names and French questions.
struct SurveyCriterion {
  std::string_view name;      // "professionalism", "efficiency", "listening"
  std::string_view question;  // "Le professionnalisme de l'équipe"
};
inline constexpr std::array<SurveyCriterion, 3> kSurveyCriteria = {{
    {"professionalism", "Le professionnalisme de l'équipe"},
    {"efficiency", "L'efficacité de l'aide apportée"},
    {"listening", "La qualité de l'écoute"},
}};

// One answer. "Would you recommend the desk" is a yes or a no rather than a
// 0–10 scale: the desk's public is often ill at ease with forms, and a
// share of "yes" reads plainly in a report. It may be left unanswered.
struct SurveyAnswer {
  int professionalism = 0;
  int efficiency = 0;
  int listening = 0;
  std::optional<bool> recommend;       // none: not answered
  std::optional<std::string> comment;  // verbatim; none: no comment

  friend bool operator==(const SurveyAnswer&, const SurveyAnswer&) = default;
};

// The score of criterion `name` (one of kSurveyCriteria) in `answer`.
int SurveyScore(const SurveyAnswer& answer, std::string_view name);

// Success, or kInvalid naming the field at fault: "professionalism",
// "efficiency" or "listening" (a score outside 1–5), "comment" (not UTF-8,
// or over kMaxSurveyCommentChars characters).
Status CheckSurveyAnswer(const SurveyAnswer& answer);

// The comment to store for `text` as typed: none when it holds only
// spaces, otherwise `text` unchanged.
std::optional<std::string> SurveyComment(std::string text);

// An answer as it is kept: the kind and the day of the service, the answer
// itself; nothing about the person, the visit or the appointment.
struct SurveyRecord {
  SurveyKind kind = SurveyKind::kVisit;
  date::year_month_day day;
  SurveyAnswer answer;

  friend bool operator==(const SurveyRecord&, const SurveyRecord&) = default;
};

// The answers of one month (or a whole year) for one kind of service.
struct SurveyTally {
  unsigned month = 0;  // 1–12; 0 for a year's total
  SurveyKind kind = SurveyKind::kVisit;
  std::int64_t count = 0;
  std::int64_t professionalism_sum = 0;
  std::int64_t efficiency_sum = 0;
  std::int64_t listening_sum = 0;
  std::int64_t recommend_answers = 0;  // answers that said yes or no
  std::int64_t recommend_yes = 0;

  double Average(std::string_view criterion) const;  // 0 without answers
  // The share of "yes" among the answers to "would you recommend", 0–1; none
  // when nobody answered it.
  std::optional<double> RecommendShare() const;
};

// The results of one year: per month then kind (only those with answers),
// and per kind for the whole year (every kind, even without answers).
struct SurveySummary {
  int year = 0;
  std::vector<SurveyTally> months;
  std::vector<SurveyTally> totals;
  std::int64_t count = 0;
};

// Tallies the records of `year`; records of other years are left out.
SurveySummary SummarizeSurveys(int year, const std::vector<SurveyRecord>& records);

}  // namespace relais
