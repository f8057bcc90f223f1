#include "notify/email_messenger.h"

#include "app/surveys.h"  // kSurveyValidityDays
#include "app/zoned_time.h"
#include "notify/appointment_calendar.h"
#include "notify/french_text.h"
#include "notify/workshop_messages.h"

namespace relais::notify {
namespace {

using app::NoticeKind;

std::string Subject(NoticeKind kind, const std::string& when) {
  switch (kind) {
    case NoticeKind::kConfirmation:
      return "Rendez-vous confirmé le " + when;
    case NoticeKind::kReminder:
      return "Rappel : rendez-vous le " + when;
    case NoticeKind::kChange:
      return "Rendez-vous déplacé au " + when;
    case NoticeKind::kCancellation:
      return "Rendez-vous annulé : " + when;
    case NoticeKind::kSurvey:
      return "Votre avis sur votre rendez-vous du " + when;
    case NoticeKind::kPromotion:  // a workshop registration's (notify/workshop_messages.h)
      break;
  }
  return when;
}

std::string Opening(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::kConfirmation:
      return "Votre rendez-vous est confirmé.";
    case NoticeKind::kReminder:
      return "Nous vous rappelons votre rendez-vous.";
    case NoticeKind::kChange:
      return "Votre rendez-vous a été déplacé. Le voici tel qu'il est désormais.";
    case NoticeKind::kCancellation:
      return "Votre rendez-vous est annulé.";
    case NoticeKind::kSurvey:
      return "Merci d'être venu à votre rendez-vous.";
    case NoticeKind::kPromotion:  // a workshop registration's (notify/workshop_messages.h)
      break;
  }
  return {};
}

}  // namespace

std::string FromMailbox(const std::string& from, const std::string& site_name) {
  if (from.find('<') != std::string::npos || site_name.empty()) return from;
  std::string name;
  for (char c : site_name) {
    if (c != '"' && c != '\\' && c != '\r' && c != '\n') name.push_back(c);
  }
  const std::string word = EncodeHeaderWord(name);
  return (word == name ? "\"" + name + "\"" : word) + " <" + from + ">";
}

std::string ManageUrl(const std::string& public_url, const std::string& id,
                      const std::string& token) {
  if (token.empty()) return {};
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/rendez-vous/gerer/" + id + "?jeton=" + token;
}

std::string SurveyUrl(const std::string& public_url, const std::string& token) {
  if (token.empty()) return {};
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/questionnaire/" + token;
}

namespace {

// The satisfaction survey's invitation after an appointment marked seen:
// plain text, no calendar file.
Result<Email> RenderSurveyEmail(const app::Notice& notice, const EmailSettings& settings,
                                const std::string& day) {
  const std::string url = SurveyUrl(settings.public_url, notice.survey_token);
  if (url.empty()) {
    return Fail(ErrorKind::kInvalid, "no_survey_token", "Aucun lien de questionnaire à envoyer.");
  }
  std::string text = "Bonjour " + notice.appointment.person.first_name + ",\n\n" +
                     Opening(NoticeKind::kSurvey) + "\n\n";
  text += "  Motif : " + notice.type.name + "\n";
  text += "  Date : " + day + "\n";
  text += "  Lieu : " + notice.site.name + "\n\n";
  text +=
      "Votre avis nous aide à mieux accueillir chacun : trois questions sur l'accueil "
      "reçu, deux minutes, sans donner votre nom.\n\n";
  text += "Répondre au questionnaire : " + url + "\n\n";
  text += "Ce lien ne sert qu'une fois et reste valable " +
          std::to_string(app::kSurveyValidityDays) + " jours.\n\n";
  text += notice.site.name + "\n";
  Email email;
  email.from = FromMailbox(settings.from, notice.site.name);
  email.to = notice.appointment.person.email;
  email.subject = "Votre avis sur votre rendez-vous du " + day;
  email.text = std::move(text);
  return email;
}

}  // namespace

std::string MailDate(UtcTime time) {
  return date::format("%a, %d %b %Y %H:%M:%S +0000", time);
}

Result<Email> RenderEmail(const app::Notice& notice, const EmailSettings& settings) {
  const app::Appointment& a = notice.appointment;
  auto zone = app::TimeZone::Find(notice.site.timezone);
  if (!zone) return tl::unexpected(zone.error());
  const date::local_seconds start = zone->ToLocal(a.start);
  const date::local_seconds end = zone->ToLocal(a.end);
  const std::string day = FrenchDate(date::floor<date::days>(start));
  const std::string when = day + " à " + FrenchTime(start);
  const NoticeKind kind = notice.message.kind;
  if (kind == NoticeKind::kSurvey) return RenderSurveyEmail(notice, settings, day);
  const std::string manage = kind == NoticeKind::kCancellation
                                 ? std::string()
                                 : ManageUrl(settings.public_url, a.id, notice.manage_token);

  std::string text = "Bonjour " + a.person.first_name + ",\n\n" + Opening(kind) + "\n\n";
  text += "  Motif : " + notice.type.name + "\n";
  text += "  Date : " + day + ", de " + FrenchTime(start) + " à " + FrenchTime(end) + "\n";
  text += "  Lieu : " + notice.site.name;
  if (!notice.site.address.empty()) text += ", " + notice.site.address;
  text += "\n\n";
  std::string description;
  if (kind != NoticeKind::kCancellation) {
    if (!notice.type.documents.empty()) {
      text += "Pensez à apporter : " + notice.type.documents + "\n\n";
      description += "Pensez à apporter : " + notice.type.documents + "\n";
    }
    if (!manage.empty()) {
      text += "Pour annuler ou déplacer ce rendez-vous : " + manage + "\n\n";
      description += "Annuler ou déplacer : " + manage + "\n";
    }
    text += "Le fichier joint (rendez-vous.ics) ajoute ce rendez-vous à votre agenda.\n\n";
  } else {
    text += "Vous pouvez prendre un nouveau rendez-vous quand vous le souhaitez.\n\n";
  }
  text += notice.site.name + "\n";

  const Method method = kind == NoticeKind::kCancellation ? Method::kCancel : Method::kRequest;
  auto ics = AppointmentCalendar({{a, notice.type.name, description, a.person.email}}, notice.site,
                                 method, notice.now, MailboxAddress(settings.from));
  if (!ics) return tl::unexpected(ics.error());

  Email email;
  email.from = FromMailbox(settings.from, notice.site.name);
  email.to = a.person.email;
  email.subject = Subject(kind, when);
  email.text = std::move(text);
  email.attachments.push_back(
      {"rendez-vous.ics",
       std::string("text/calendar; method=") + (method == Method::kCancel ? "CANCEL" : "REQUEST"),
       std::move(*ics)});
  return email;
}

Status EmailMessenger::Send(const app::Notice& notice) {
  if (notice.registration) {
    if (notice.registration->registration.person.email.empty()) {
      return Fail(ErrorKind::kInvalid, "no_email", "Aucune adresse e-mail pour cette inscription.");
    }
    auto email = RenderRegistrationEmail(notice, settings_);
    if (!email) return tl::unexpected(email.error());
    return sender_.Send(*email, MailDate(notice.now), notice.message.id + "@relais");
  }
  if (notice.appointment.person.email.empty()) {
    return Fail(ErrorKind::kInvalid, "no_email", "Aucune adresse e-mail pour ce rendez-vous.");
  }
  auto email = RenderEmail(notice, settings_);
  if (!email) return tl::unexpected(email.error());
  return sender_.Send(*email, MailDate(notice.now), notice.message.id + "@relais");
}

}  // namespace relais::notify
