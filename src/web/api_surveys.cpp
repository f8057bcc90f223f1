// The surveys' JSON API (api/v1): answer with a one-time token (public),
// issue an invitation (staff in contact with the public), the results of a
// year (kViewReports; comments only for those allowed). Handlers only
// translate; app::Surveys decides.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "app/surveys.h"
#include "web/errors.h"
#include "web/json.h"
#include "web/routes.h"
#include "web/session.h"
#include "web/survey_invitation.h"

namespace relais::web {
namespace {

using nlohmann::json;

constexpr const char* kAnswerFields[] = {"professionalism", "efficiency", "listening", "recommend",
                                         "comment"};

Response Unavailable() {
  return ErrorResponse(Error{ErrorKind::kNotFound, "not_found",
                             "Les questionnaires ne sont pas disponibles ici.", ""});
}

// A score: an integer from 1 to 5, required.
Result<int> Score(const json& body, const std::string& name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    return Fail(ErrorKind::kInvalid, "missing_score",
                "La note « " + name + " » est obligatoire : un entier de 1 à 5.", name);
  }
  const auto bad = [&] {
    return Fail(ErrorKind::kInvalid, "invalid_score",
                "La note « " + name + " » doit être un entier de 1 à 5.", name);
  };
  if (!it->is_number_integer()) return bad();
  // Unsigned first: a huge value must not wrap into the range.
  if (it->is_number_unsigned()) {
    const std::uint64_t value = it->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(kMaxSurveyScore)) return bad();
    return static_cast<int>(value);
  }
  const std::int64_t value = it->get<std::int64_t>();
  if (value < kMinSurveyScore || value > kMaxSurveyScore) return bad();
  return static_cast<int>(value);
}

// The body of POST /api/v1/surveys/{token}; unknown members refused (an
// answer is anonymous and takes only the documented fields).
Result<SurveyAnswer> AnswerFromJson(const json& body) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(std::begin(kAnswerFields), std::end(kAnswerFields), key) ==
        std::end(kAnswerFields)) {
      return Fail(ErrorKind::kInvalid, "unknown_field",
                  "Champ inconnu : une réponse est anonyme et ne prend que les champs documentés.",
                  key);
    }
  }
  SurveyAnswer answer;
  for (const auto& [name, target] :
       {std::pair{"professionalism", &answer.professionalism},
        std::pair{"efficiency", &answer.efficiency}, std::pair{"listening", &answer.listening}}) {
    auto score = Score(body, name);
    if (!score) return tl::unexpected(score.error());
    *target = *score;
  }
  if (auto it = body.find("recommend"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) {
      return Fail(ErrorKind::kInvalid, "invalid_field",
                  "Le champ « recommend » doit valoir true (oui), false (non) ou null.",
                  "recommend");
    }
    answer.recommend = it->get<bool>();
  }
  if (auto it = body.find("comment"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) {
      return Fail(ErrorKind::kInvalid, "invalid_field",
                  "Le champ « comment » doit être une chaîne ou null.", "comment");
    }
    answer.comment = it->get<std::string>();
  }
  return answer;
}

Response AnswerSurvey(const Request& request, Services& services) {
  if (services.surveys == nullptr) return Unavailable();
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto answer = AnswerFromJson(*body);
  if (!answer) return ErrorResponse(answer.error());
  auto admitted = AdmitPublic(services.public_limits, PublicWrite::kSurveyAnswer, request);
  if (!admitted) return ErrorResponse(admitted.error());
  auto stored = services.surveys->Answer(request.params.at("token"), std::move(*answer));
  if (!stored) return ErrorResponse(stored.error());
  return JsonResponse(201, {{"kind", SurveyKindName(stored->kind)},
                            {"date", app::FormatDate(stored->day)},
                            {"status", "answered"}});
}

Response IssueInvitation(const Request& request, Services& services) {
  if (services.surveys == nullptr) return Unavailable();
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = ParseJsonObject(request);
  if (!body) return ErrorResponse(body.error());
  auto kind_name = OptionalString(*body, "kind", "kind");
  if (!kind_name) return ErrorResponse(kind_name.error());
  const auto kind = ParseSurveyKind(kind_name->empty() ? "visit" : *kind_name);
  if (!kind) {
    return ErrorResponse(Error{ErrorKind::kInvalid, "invalid_kind",
                               "Type attendu : visit, appointment ou workshop.", "kind"});
  }
  auto issued = services.surveys->Issue(*agent, *kind);
  if (!issued) return ErrorResponse(issued.error());
  const auto& zone = services.sites.CurrentHours()->zone();
  Response response = JsonResponse(201, {{"token", issued->token},
                                         {"url", SurveyUrl(services, issued->token)},
                                         {"kind", SurveyKindName(issued->kind)},
                                         {"issued_on", app::FormatDate(issued->issued_on)},
                                         {"expires_at", zone.FormatRfc3339(issued->expires_at)}});
  response.Header("Cache-Control", "no-store");
  return response;
}

double Rounded(double value, double scale) {
  return std::round(value * scale) / scale;
}

json TallyJson(const SurveyTally& tally) {
  json row = {{"kind", SurveyKindName(tally.kind)}, {"count", tally.count}};
  for (const SurveyCriterion& criterion : kSurveyCriteria) {
    row[std::string(criterion.name)] =
        tally.count == 0 ? json(nullptr) : json(Rounded(tally.Average(criterion.name), 100));
  }
  const auto share = tally.RecommendShare();
  row["recommend_share"] = share ? json(Rounded(*share, 1000)) : json(nullptr);
  row["recommend_answers"] = tally.recommend_answers;
  return row;
}

std::string MonthText(int year, unsigned month) {
  char text[8];
  std::snprintf(text, sizeof text, "%04d-%02u", year, month);
  return text;
}

// The year asked in `text`, or this year when empty.
Result<int> YearOf(const std::string& text, Services& services) {
  if (text.empty()) return static_cast<int>(services.surveys->Today().year());
  int year = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Fail(ErrorKind::kInvalid, "invalid_year", "Année attendue, par exemple 2025.", "year");
  }
  return year;
}

Response Results(const Request& request, Services& services) {
  if (services.surveys == nullptr) return Unavailable();
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto year = YearOf(request.Query("year"), services);
  if (!year) return ErrorResponse(year.error());
  auto results = services.surveys->Results(*agent, *year);
  if (!results) return ErrorResponse(results.error());
  const SurveySummary& summary = results->summary;
  json by_month = json::array();
  for (const SurveyTally& tally : summary.months) {
    json row = TallyJson(tally);
    row["month"] = MonthText(summary.year, tally.month);
    by_month.push_back(std::move(row));
  }
  json by_kind = json::array();
  for (const SurveyTally& tally : summary.totals) by_kind.push_back(TallyJson(tally));
  json body = {{"year", summary.year},
               {"count", summary.count},
               {"by_month", by_month},
               {"by_kind", by_kind}};
  if (results->comments_allowed) {
    json comments = json::array();
    for (const app::SurveyCommentEntry& comment : results->comments) {
      comments.push_back({{"month", MonthText(summary.year, comment.month)},
                          {"kind", SurveyKindName(comment.kind)},
                          {"text", comment.text}});
    }
    body["comments"] = std::move(comments);
  }
  Response response = JsonResponse(200, body);
  response.Header("Cache-Control", "no-store");
  return response;
}

}  // namespace

void AddSurveyRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(
      Access::Staff(app::Action::kViewReports),
      {"GET", "/api/v1/surveys/results", [s](const Request& r) { return Results(r, *s); }, true});
  router.Add(Access::Public(), {"POST", "/api/v1/surveys/{token}",
                                [s](const Request& r) { return AnswerSurvey(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kLogVisit),
             {"POST", "/api/v1/survey-invitations",
              [s](const Request& r) { return IssueInvitation(r, *s); }, true});
}

}  // namespace relais::web
