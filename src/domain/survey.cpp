#include "domain/survey.h"

#include <algorithm>
#include <map>
#include <utility>

namespace relais {
namespace {

struct KindEntry {
  SurveyKind kind;
  std::string_view name;
  std::string_view label;
};
constexpr KindEntry kKindEntries[] = {
    {SurveyKind::kVisit, "visit", "Passage à l'accueil"},
    {SurveyKind::kAppointment, "appointment", "Rendez-vous"},
    {SurveyKind::kWorkshop, "workshop", "Atelier numérique"},
};

constexpr std::string_view kScoreLabels[] = {"Très insatisfait", "Insatisfait",
                                             "Ni satisfait ni insatisfait", "Satisfait",
                                             "Très satisfait"};

// The number of code points of `text`, or none when it is not UTF-8
// (overlong forms, surrogates and values past U+10FFFF refused).
std::optional<std::size_t> CodePoints(std::string_view text) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t value = 0;
    if (byte < 0x80) {
      length = 1;
      value = byte;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      value = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      value = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      value = byte & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + length > text.size()) return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      value = (value << 6) | (next & 0x3F);
    }
    constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (value < kMinimum[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
      return std::nullopt;
    }
    i += length;
    ++count;
  }
  return count;
}

Status CheckScore(int score, std::string_view field) {
  if (score >= kMinSurveyScore && score <= kMaxSurveyScore) return {};
  return Fail(ErrorKind::kInvalid, "invalid_score",
              "Chaque note va de 1 (très insatisfait) à 5 (très satisfait).", std::string(field));
}

void Add(SurveyTally& tally, const SurveyAnswer& answer) {
  ++tally.count;
  tally.professionalism_sum += answer.professionalism;
  tally.efficiency_sum += answer.efficiency;
  tally.listening_sum += answer.listening;
  if (answer.recommend) {
    ++tally.recommend_answers;
    if (*answer.recommend) ++tally.recommend_yes;
  }
}

}  // namespace

std::string_view SurveyKindName(SurveyKind kind) {
  for (const auto& e : kKindEntries) {
    if (e.kind == kind) return e.name;
  }
  return "visit";
}

std::string_view SurveyKindLabel(SurveyKind kind) {
  for (const auto& e : kKindEntries) {
    if (e.kind == kind) return e.label;
  }
  return "";
}

std::optional<SurveyKind> ParseSurveyKind(std::string_view name) {
  for (const auto& e : kKindEntries) {
    if (e.name == name) return e.kind;
  }
  return std::nullopt;
}

std::string_view SurveyScoreLabel(int score) {
  if (score < kMinSurveyScore || score > kMaxSurveyScore) return "";
  return kScoreLabels[score - kMinSurveyScore];
}

int SurveyScore(const SurveyAnswer& answer, std::string_view name) {
  if (name == "professionalism") return answer.professionalism;
  if (name == "efficiency") return answer.efficiency;
  if (name == "listening") return answer.listening;
  return 0;
}

Status CheckSurveyAnswer(const SurveyAnswer& answer) {
  for (const SurveyCriterion& criterion : kSurveyCriteria) {
    if (auto ok = CheckScore(SurveyScore(answer, criterion.name), criterion.name); !ok) return ok;
  }
  if (answer.comment) {
    const auto length = CodePoints(*answer.comment);
    if (!length) {
      return Fail(ErrorKind::kInvalid, "invalid_comment",
                  "Le commentaire contient des caractères illisibles.", "comment");
    }
    if (*length > kMaxSurveyCommentChars) {
      return Fail(ErrorKind::kInvalid, "comment_too_long",
                  "Le commentaire dépasse " + std::to_string(kMaxSurveyCommentChars) +
                      " caractères : raccourcissez-le.",
                  "comment");
    }
  }
  return {};
}

std::optional<std::string> SurveyComment(std::string text) {
  const bool blank = std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
  if (blank) return std::nullopt;
  return text;
}

double SurveyTally::Average(std::string_view criterion) const {
  if (count == 0) return 0;
  std::int64_t sum = 0;
  if (criterion == "professionalism") sum = professionalism_sum;
  if (criterion == "efficiency") sum = efficiency_sum;
  if (criterion == "listening") sum = listening_sum;
  return static_cast<double>(sum) / static_cast<double>(count);
}

std::optional<double> SurveyTally::RecommendShare() const {
  if (recommend_answers == 0) return std::nullopt;
  return static_cast<double>(recommend_yes) / static_cast<double>(recommend_answers);
}

SurveySummary SummarizeSurveys(int year, const std::vector<SurveyRecord>& records) {
  SurveySummary summary;
  summary.year = year;
  std::map<std::pair<unsigned, int>, SurveyTally> months;
  for (SurveyKind kind : kSurveyKinds) {
    SurveyTally total;
    total.kind = kind;
    summary.totals.push_back(total);
  }
  for (const SurveyRecord& record : records) {
    if (static_cast<int>(record.day.year()) != year) continue;
    const unsigned month = static_cast<unsigned>(record.day.month());
    SurveyTally& tally = months[{month, static_cast<int>(record.kind)}];
    tally.month = month;
    tally.kind = record.kind;
    Add(tally, record.answer);
    for (SurveyTally& total : summary.totals) {
      if (total.kind == record.kind) Add(total, record.answer);
    }
    ++summary.count;
  }
  for (auto& [key, tally] : months) summary.months.push_back(tally);
  return summary;
}

}  // namespace relais
