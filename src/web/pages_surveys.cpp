// The surveys' pages, without JavaScript: the public form
// /questionnaire/{token} (three 1–5 scales, "would you recommend", a
// comment; CSRF as on the booking pages), its thank-you, "already
// answered" and "unknown link" pages; the staff results /satisfaction;
// the invitation given at the counter (POST /accueil/questionnaire) and
// printed on a queue ticket (POST /file-attente/imprimer/{id}). Tokens
// travel in the path, never in logs (the access log records patterns).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include "app/policy.h"
#include "app/queue.h"
#include "app/surveys.h"
#include "web/errors.h"
#include "web/french.h"
#include "web/page_common.h"
#include "web/public_limits.h"
#include "web/routes.h"
#include "web/session.h"
#include "web/survey_invitation.h"

namespace relais::web {
namespace {

constexpr const char* kMonths[] = {"janvier",   "février", "mars",     "avril",
                                   "mai",       "juin",    "juillet",  "août",
                                   "septembre", "octobre", "novembre", "décembre"};

// A page of the survey or the staff pages: never cached, with the CSRF
// cookie and the agent's navigation when signed in.
Response Page(const Request& request, Services& services, const std::string& name,
              const std::string& title, PageData data, int status = 200) {
  Response cookies;
  data.set("csrf", CsrfToken(request, cookies));
  if (auto agent = AgentIfAny(request, services)) data.set("agent", AgentData(*agent));
  Response page = RenderPage(name, title, std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

// A page that only explains: the thanks, an unknown or used link.
Response Message(const Request& request, Services& services, int status, const std::string& title,
                 const std::string& message) {
  PageData data;
  data.set("heading", title);
  data.set("message", message);
  data.set("site", services.sites.Current()->name);
  return Page(request, services, "survey_message", title, std::move(data), status);
}

Response UnknownSurvey(const Request& request, Services& services) {
  return Message(request, services, 404, "Questionnaire introuvable",
                 "Ce lien de questionnaire est inconnu ou a expiré (il reste valable " +
                     std::to_string(app::kSurveyValidityDays) +
                     " jours). Vérifiez que l'adresse est complète, ou demandez un nouveau lien à "
                     "l'accueil.");
}

Response AlreadyAnswered(const Request& request, Services& services) {
  return Message(request, services, 409, "Vous avez déjà répondu",
                 "Ce questionnaire a déjà reçu une réponse : chaque lien ne sert qu'une fois. "
                 "Merci pour votre avis !");
}

// The form as typed, to show again with its errors.
struct SurveyForm {
  std::map<std::string, std::string> scores;  // criterion name → "1".."5"
  std::string recommend;                      // "oui", "non" or ""
  std::string comment;
  std::string field_error;  // the criterion (or "comment") at fault
  std::string error;
};

PageData CriteriaData(const SurveyForm& form) {
  PageData list = PageData::type::list;
  for (const SurveyCriterion& criterion : kSurveyCriteria) {
    const std::string name(criterion.name);
    PageData item;
    item.set("name", name);
    item.set("question", std::string(criterion.question));
    const bool invalid = form.field_error == name;
    item.set("invalid", invalid);
    if (invalid)
      item.set("error", form.error);
    else
      item.set("error", false);
    PageData choices = PageData::type::list;
    auto chosen = form.scores.find(name);
    for (int score = kMinSurveyScore; score <= kMaxSurveyScore; ++score) {
      PageData choice;
      const std::string value = std::to_string(score);
      choice.set("id", name + "-" + value);
      choice.set("value", value);
      choice.set("label", std::string(SurveyScoreLabel(score)));
      choice.set("checked", chosen != form.scores.end() && chosen->second == value);
      choices.push_back(choice);
    }
    item.set("choices", choices);
    list.push_back(item);
  }
  return list;
}

Response FormPage(const Request& request, Services& services, const std::string& token,
                  const app::SurveyInvitation& invitation, const SurveyForm& form, int status) {
  PageData data;
  data.set("site", services.sites.Current()->name);
  data.set("kind", std::string(SurveyKindLabel(invitation.kind)));
  data.set("day", FrenchDate(invitation.issued_on));
  data.set("action", "/questionnaire/" + token);
  data.set("criteria", CriteriaData(form));
  PageData recommend = PageData::type::list;
  for (const auto& [value, label] :
       {std::pair{"oui", "Oui"}, std::pair{"non", "Non"}, std::pair{"", "Je ne sais pas"}}) {
    PageData choice;
    choice.set("id", std::string("recommande-") + (*value ? value : "sans-avis"));
    choice.set("value", std::string(value));
    choice.set("label", std::string(label));
    choice.set("checked", form.recommend == value);
    recommend.push_back(choice);
  }
  data.set("recommend", recommend);
  data.set("comment", form.comment);
  data.set("max_comment", std::to_string(kMaxSurveyCommentChars));
  data.set("comment_invalid", form.field_error == "comment");
  if (form.field_error == "comment") data.set("comment_error", form.error);
  if (!form.error.empty() && form.field_error.empty())
    data.set("alert", form.error);
  else if (!form.error.empty())
    data.set("alert", std::string("Le questionnaire n'est pas complet : voyez ci-dessous."));
  return Page(request, services, "survey_form", "Votre avis sur notre accueil", std::move(data),
              status);
}

Response ShowForm(const Request& request, Services& services) {
  if (services.surveys == nullptr) return UnknownSurvey(request, services);
  const std::string& token = request.params.at("token");
  auto invitation = services.surveys->Find(token);
  if (!invitation) {
    if (invitation.error().kind == ErrorKind::kNotFound) return UnknownSurvey(request, services);
    return ErrorResponseFor(request, invitation.error());
  }
  if (invitation->answered) return AlreadyAnswered(request, services);
  return FormPage(request, services, token, *invitation, SurveyForm{}, 200);
}

// Reads the posted form into `form` and `answer`; the error names a field.
Status ReadForm(Fields& fields, SurveyForm& form, SurveyAnswer& answer) {
  form.recommend = fields["recommend"];
  form.comment = fields["comment"];
  for (const SurveyCriterion& criterion : kSurveyCriteria) {
    const std::string name(criterion.name);
    const std::string value = fields[name];
    form.scores[name] = value;
  }
  for (const SurveyCriterion& criterion : kSurveyCriteria) {
    const std::string name(criterion.name);
    const std::string& value = form.scores[name];
    int score = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), score);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size() ||
        score < kMinSurveyScore || score > kMaxSurveyScore) {
      return Fail(ErrorKind::kInvalid, value.empty() ? "missing_score" : "invalid_score",
                  "Choisissez une note de 1 à 5 pour « " + std::string(criterion.question) + " ».",
                  name);
    }
    if (name == "professionalism") answer.professionalism = score;
    if (name == "efficiency") answer.efficiency = score;
    if (name == "listening") answer.listening = score;
  }
  if (form.recommend == "oui")
    answer.recommend = true;
  else if (form.recommend == "non")
    answer.recommend = false;
  else if (!form.recommend.empty()) {
    return Fail(ErrorKind::kInvalid, "invalid_choice",
                "Choix attendu : oui, non ou je ne sais pas.", "recommend");
  }
  if (!form.comment.empty()) answer.comment = form.comment;
  return {};
}

Response SubmitForm(const Request& request, Services& services) {
  if (services.surveys == nullptr) return UnknownSurvey(request, services);
  const std::string& token = request.params.at("token");
  auto invitation = services.surveys->Find(token);
  if (!invitation) {
    if (invitation.error().kind == ErrorKind::kNotFound) return UnknownSurvey(request, services);
    return ErrorResponseFor(request, invitation.error());
  }
  if (invitation->answered) return AlreadyAnswered(request, services);
  auto fields = ParseUrlEncoded(request.body);
  if (!fields) {
    return Message(request, services, 400, "Formulaire illisible",
                   "Le formulaire envoyé est mal encodé : rouvrez le lien du questionnaire.");
  }
  SurveyForm form;
  SurveyAnswer answer;
  Status read = ReadForm(*fields, form, answer);
  if (!CsrfValid(request, *fields)) {
    form.error = "Le formulaire a expiré : vérifiez vos réponses et envoyez-les à nouveau.";
    return FormPage(request, services, token, *invitation, form, 403);
  }
  if (!read) {
    form.error = read.error().message;
    form.field_error = read.error().field == "recommend" ? "" : read.error().field;
    return FormPage(request, services, token, *invitation, form, HttpStatus(read.error().kind));
  }
  Status admitted = CheckHoneypot(*fields).and_then(
      [&] { return AdmitPublic(services.public_limits, PublicWrite::kSurveyAnswer, request); });
  if (!admitted) {
    form.error = admitted.error().message;
    return FormPage(request, services, token, *invitation, form, HttpStatus(admitted.error().kind));
  }
  auto stored = services.surveys->Answer(token, std::move(answer));
  if (!stored) {
    const Error& error = stored.error();
    if (error.kind == ErrorKind::kNotFound) return UnknownSurvey(request, services);
    if (error.kind == ErrorKind::kConflict) return AlreadyAnswered(request, services);
    form.error = error.message;
    form.field_error = error.field;
    return FormPage(request, services, token, *invitation, form, HttpStatus(error.kind));
  }
  return Redirect("/questionnaire/merci");
}

Response Thanks(const Request& request, Services& services) {
  return Message(request, services, 200, "Merci pour votre avis",
                 "Votre réponse est enregistrée, sans votre nom. Elle aide l'équipe à mieux "
                 "accueillir chacun.");
}

// --- The staff's side ---------------------------------------------------------

// "4,6 / 5"; a dash without answers.
std::string Average(const SurveyTally& tally, std::string_view criterion) {
  if (tally.count == 0) return "—";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", tally.Average(criterion));
  std::string value = text;
  std::replace(value.begin(), value.end(), '.', ',');
  return value + " / 5";
}

// "93 %"; a dash when nobody answered the question.
std::string Share(const SurveyTally& tally) {
  const auto share = tally.RecommendShare();
  if (!share) return "—";
  return std::to_string(static_cast<int>(std::lround(*share * 100))) + " %";
}

PageData TallyData(const SurveyTally& tally) {
  PageData row;
  row.set("kind", std::string(SurveyKindLabel(tally.kind)));
  row.set("count", std::to_string(tally.count));
  row.set("professionalism", Average(tally, "professionalism"));
  row.set("efficiency", Average(tally, "efficiency"));
  row.set("listening", Average(tally, "listening"));
  row.set("recommend", Share(tally));
  return row;
}

// The signed-in agent, or the response to send instead (the login page).
Result<app::Agent> StaffAgent(const Request& request, Services& services, Response& refusal) {
  auto agent = SignedInAgent(request, services);
  if (!agent) {
    refusal = SignInRedirect(agent.error());
    return tl::unexpected(agent.error());
  }
  return agent;
}

Response ShowResults(const Request& request, Services& services) {
  Response refusal;
  auto agent = StaffAgent(request, services, refusal);
  if (!agent) return refusal;
  if (services.surveys == nullptr) {
    return ErrorResponseFor(request, Error{ErrorKind::kNotFound, "not_found",
                                           "Les questionnaires ne sont pas disponibles ici.", ""});
  }
  const int this_year = static_cast<int>(services.surveys->Today().year());
  int year = this_year;
  if (const std::string text = request.Query("annee"); !text.empty()) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (ec != std::errc() || end != text.data() + text.size()) year = 0;  // refused below
  }
  auto results = services.surveys->Results(*agent, year);
  if (!results) return ErrorResponseFor(request, results.error());
  const SurveySummary& summary = results->summary;

  PageData data;
  data.set("agent", AgentData(*agent));
  data.set("year", std::to_string(summary.year));
  data.set("count", std::to_string(summary.count));
  data.set("has_answers", summary.count > 0);
  PageData years = PageData::type::list;
  for (int y = this_year; y >= this_year - 4; --y) {
    PageData item;
    item.set("value", std::to_string(y));
    item.set("selected", y == summary.year);
    years.push_back(item);
  }
  data.set("years", years);
  PageData totals = PageData::type::list;
  for (const SurveyTally& tally : summary.totals) totals.push_back(TallyData(tally));
  data.set("totals", totals);
  PageData months = PageData::type::list;
  for (const SurveyTally& tally : summary.months) {
    PageData row = TallyData(tally);
    row.set("month", std::string(kMonths[tally.month - 1]) + " " + std::to_string(summary.year));
    months.push_back(row);
  }
  data.set("months", months);
  data.set("comments_allowed", results->comments_allowed);
  PageData comments = PageData::type::list;
  for (const app::SurveyCommentEntry& comment : results->comments) {
    PageData item;
    item.set("month", std::string(kMonths[comment.month - 1]) + " " + std::to_string(summary.year));
    item.set("kind", std::string(SurveyKindLabel(comment.kind)));
    item.set("text", comment.text);
    comments.push_back(item);
  }
  data.set("has_comments", !results->comments.empty());
  data.set("comments", comments);
  return Page(request, services, "survey_results",
              "Satisfaction des usagers " + std::to_string(summary.year), std::move(data));
}

// POST /accueil/questionnaire: a new invitation, shown at once (QR code and
// link) for the person at the counter; never a redirect, so the token does
// not sit in the browser's history.
Response OfferAtCounter(const Request& request, Services& services) {
  Response refusal;
  auto agent = StaffAgent(request, services, refusal);
  if (!agent) return refusal;
  if (services.surveys == nullptr) {
    return ErrorResponseFor(request, Error{ErrorKind::kNotFound, "not_found",
                                           "Les questionnaires ne sont pas disponibles ici.", ""});
  }
  auto fields = CheckedForm(request);
  if (!fields) return ErrorResponseFor(request, fields.error());
  const auto kind = ParseSurveyKind((*fields)["kind"].empty() ? "visit" : (*fields)["kind"]);
  if (!kind) {
    return ErrorResponseFor(
        request, Error{ErrorKind::kInvalid, "invalid_kind", "Type de service inconnu.", "kind"});
  }
  auto issued = services.surveys->Issue(*agent, *kind);
  if (!issued) return ErrorResponseFor(request, issued.error());
  PageData data = SurveyInvitationData(services, *issued);
  data.set("agent", AgentData(*agent));
  return Page(request, services, "survey_invitation", "Questionnaire de satisfaction",
              std::move(data));
}

// POST /file-attente/imprimer/{id}: the ticket as printed for the person,
// with a survey invitation of its own.
Response PrintTicket(const Request& request, Services& services) {
  Response refusal;
  auto agent = StaffAgent(request, services, refusal);
  if (!agent) return refusal;
  auto fields = CheckedForm(request);
  if (!fields) return ErrorResponseFor(request, fields.error());
  auto view = services.queue.Today(*agent);
  if (!view) return ErrorResponseFor(request, view.error());
  const std::string& id = request.params.at("id");
  auto entry = std::find_if(view->tickets.begin(), view->tickets.end(),
                            [&](const app::QueueEntry& e) { return e.ticket.id == id; });
  if (entry == view->tickets.end()) {
    return ErrorResponseFor(request, Error{ErrorKind::kNotFound, "ticket_not_found",
                                           "Ce ticket n'existe pas aujourd'hui.", ""});
  }
  PageData data;
  if (services.surveys != nullptr) {
    auto issued = services.surveys->Issue(*agent, SurveyKind::kVisit);
    if (!issued) return ErrorResponseFor(request, issued.error());
    data.set("survey", SurveyInvitationData(services, *issued));
  }
  const app::QueueTicket& ticket = entry->ticket;
  const auto& zone = services.sites.CurrentHours()->zone();
  data.set("agent", AgentData(*agent));
  data.set("site", services.sites.Current()->name);
  data.set("number", std::to_string(ticket.number));
  data.set("issued", FrenchDateTime(zone.ToLocal(ticket.issued_at)));
  data.set("reason", ticket.reason ? services.queue.ReasonLabel(*ticket.reason) : std::string());
  data.set("has_reason", ticket.reason.has_value());
  return Page(request, services, "queue_ticket", "Ticket " + std::to_string(ticket.number),
              std::move(data));
}

}  // namespace

void AddSurveyPageRoutes(Router& router, Services& services) {
  Services* s = &services;
  // Before /questionnaire/{token}: the first route that matches wins.
  router.Add(Access::Public(), {"GET", "/questionnaire/merci",
                                [s](const Request& r) { return Thanks(r, *s); }, true});
  router.Add(Access::Public(), {"GET", "/questionnaire/{token}",
                                [s](const Request& r) { return ShowForm(r, *s); }, true});
  router.Add(Access::Public(), {"POST", "/questionnaire/{token}",
                                [s](const Request& r) { return SubmitForm(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kViewReports),
             {"GET", "/satisfaction", [s](const Request& r) { return ShowResults(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kLogVisit),
             {"POST", "/accueil/questionnaire",
              [s](const Request& r) { return OfferAtCounter(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kIssueTicket),
             {"POST", "/file-attente/imprimer/{id}",
              [s](const Request& r) { return PrintTicket(r, *s); }, true});
}

}  // namespace relais::web
