#include "notify/workshop_messages.h"

#include "app/zoned_time.h"
#include "notify/french_text.h"

namespace relais::notify {
namespace {

using app::NoticeKind;

// The session's day and hours at the site, as a person reads them.
struct When {
  std::string day;         // "mardi 8 juillet 2025"
  std::string start;       // "14 h 00"
  std::string end;         // "16 h 00"
  std::string short_text;  // "mar. 08/07 à 14 h 00"
};

Result<When> WhenOf(const app::Notice& notice) {
  auto zone = app::TimeZone::Find(notice.site.timezone);
  if (!zone) return tl::unexpected(zone.error());
  const app::WorkshopSession& s = notice.registration->session;
  const date::local_seconds start = zone->ToLocal(s.start);
  const date::local_seconds end = zone->ToLocal(s.end);
  const date::local_days day = date::floor<date::days>(start);
  return When{FrenchDate(day), FrenchTime(start), FrenchTime(end),
              FrenchShortDate(day) + " à " + FrenchTime(start)};
}

bool Waiting(const app::Notice& notice) {
  return notice.registration->registration.status == RegistrationStatus::kWaitlisted;
}

std::string Subject(const app::Notice& notice, const std::string& title, const When& when) {
  const std::string at = title + ", le " + when.day + " à " + when.start;
  switch (notice.message.kind) {
    case NoticeKind::kConfirmation:
      return (Waiting(notice) ? "Liste d'attente : " : "Inscription confirmée : ") + at;
    case NoticeKind::kReminder:
      return "Rappel : atelier " + at;
    case NoticeKind::kPromotion:
      return "Une place s'est libérée : " + at;
    case NoticeKind::kCancellation:
      return "Inscription annulée : " + at;
    default:
      return at;
  }
}

std::string Opening(const app::Notice& notice) {
  switch (notice.message.kind) {
    case NoticeKind::kConfirmation:
      if (Waiting(notice)) {
        return "L'atelier est complet : vous êtes sur la liste d'attente, en position " +
               std::to_string(notice.registration->registration.waitlist_position) +
               ". Si une place se libère, vous serez inscrit automatiquement et prévenu.";
      }
      return "Votre inscription à l'atelier est confirmée : une place vous est réservée.";
    case NoticeKind::kReminder:
      return "Nous vous rappelons l'atelier auquel vous êtes inscrit.";
    case NoticeKind::kPromotion:
      return "Bonne nouvelle : une place s'est libérée. Votre inscription à l'atelier est "
             "confirmée, une place vous est réservée.";
    case NoticeKind::kCancellation:
      return "Votre inscription à l'atelier est annulée.";
    default:
      return {};
  }
}

}  // namespace

std::string RegistrationManageUrl(const std::string& public_url, const std::string& id,
                                  const std::string& token) {
  if (token.empty()) return {};
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/ateliers/inscription/" + id + "?jeton=" + token;
}

Result<Email> RenderRegistrationEmail(const app::Notice& notice, const EmailSettings& settings) {
  const app::RegistrationNotice& about = *notice.registration;
  auto when = WhenOf(notice);
  if (!when) return tl::unexpected(when.error());
  const bool cancelled = notice.message.kind == NoticeKind::kCancellation;
  std::string text =
      "Bonjour " + about.registration.person.first_name + ",\n\n" + Opening(notice) + "\n\n";
  text += "  Atelier : " + about.workshop.title + "\n";
  text += "  Date : " + when->day + ", de " + when->start + " à " + when->end + "\n";
  text += "  Lieu : " + notice.site.name;
  if (!notice.site.address.empty()) text += ", " + notice.site.address;
  if (!about.session.room.empty()) text += " (" + about.session.room + ")";
  text += "\n\n";
  if (!cancelled) {
    const std::string manage =
        RegistrationManageUrl(settings.public_url, about.registration.id, notice.manage_token);
    if (!manage.empty()) {
      text += "Pour voir ou annuler votre inscription : " + manage + "\n\n";
    }
    if (!Waiting(notice)) {
      text +=
          "Si vous ne pouvez pas venir, annulez votre inscription : votre place ira à la "
          "première personne de la liste d'attente.\n\n";
    }
  } else {
    text += "Vous pouvez vous inscrire à une autre séance quand vous le souhaitez.\n\n";
  }
  text += notice.site.name + "\n";

  Email email;
  email.from = FromMailbox(settings.from, notice.site.name);
  email.to = about.registration.person.email;
  email.subject = Subject(notice, about.workshop.title, *when);
  email.text = std::move(text);
  return email;
}

Result<std::string> RenderRegistrationSms(const app::Notice& notice,
                                          const std::string& public_url) {
  const app::RegistrationNotice& about = *notice.registration;
  auto when = WhenOf(notice);
  if (!when) return tl::unexpected(when.error());
  const std::string workshop = "l'atelier « " + about.workshop.title + " » le " + when->short_text;
  std::string text = notice.site.name + " : ";
  switch (notice.message.kind) {
    case NoticeKind::kConfirmation:
      if (Waiting(notice)) {
        text += "vous êtes n° " + std::to_string(about.registration.waitlist_position) +
                " en liste d'attente pour " + workshop + ".";
      } else {
        text += "inscription confirmée à " + workshop + ".";
      }
      break;
    case NoticeKind::kReminder:
      text += "rappel, " + workshop + ".";
      break;
    case NoticeKind::kPromotion:
      text += "une place s'est libérée ! Votre inscription est confirmée à " + workshop + ".";
      break;
    case NoticeKind::kCancellation:
      return text + "votre inscription à " + workshop + " est annulée.";
    default:
      break;
  }
  const std::string manage =
      RegistrationManageUrl(public_url, about.registration.id, notice.manage_token);
  if (!manage.empty()) text += " Gérer : " + manage;
  return text;
}

}  // namespace relais::notify
