// The messages of a workshop registration: confirmation (seat or waiting
// list), promotion, reminder and cancellation, by e-mail and by SMS, in
// French with the workshop pages' manage link; and the messengers' routing.
#include "notify/workshop_messages.h"

#include <gtest/gtest.h>

#include "notify/sms.h"

namespace relais::notify {
namespace {

using namespace date::literals;
using std::chrono::hours;

app::Notice Sample(app::NoticeKind kind,
                   RegistrationStatus status = RegistrationStatus::kRegistered) {
  app::Notice notice;
  notice.message.id = "msg1";
  notice.message.kind = kind;
  notice.message.registration_id = "ins1";
  app::RegistrationNotice about;
  about.registration.id = "ins1";
  about.registration.status = status;
  about.registration.waitlist_position = status == RegistrationStatus::kWaitlisted ? 3 : 0;
  about.registration.person = {"Awa", "Diallo", "0612345678", "awa@exemple.fr", ""};
  // Tuesday 31 March 2026, 14:00 to 16:00 in Paris.
  about.session.start = UtcTime{date::sys_days{2026_y / 3 / 31} + hours(12)};
  about.session.end = about.session.start + hours(2);
  about.session.room = "Salle informatique";
  about.workshop.title = "Créer son adresse e-mail";
  notice.registration = about;
  notice.site = {"s1", "PIMMS Médiation d'Antony", "1 place du Marché, 92160 Antony",
                 "Europe/Paris", ""};
  notice.manage_token = "TOKEN";
  notice.now = UtcTime{date::sys_days{2026_y / 3 / 20} + hours(9)};
  return notice;
}

const EmailSettings kSettings{"accueil@pimms.example", "https://rdv.exemple.fr/"};

TEST(WorkshopEmail, AConfirmationWithTheManageLink) {
  auto email = RenderRegistrationEmail(Sample(app::NoticeKind::kConfirmation), kSettings);
  ASSERT_TRUE(email);
  EXPECT_EQ(email->to, "awa@exemple.fr");
  EXPECT_EQ(email->subject,
            "Inscription confirmée : Créer son adresse e-mail, le mardi 31 mars 2026 à 14 h 00");
  for (const char* needle :
       {"Bonjour Awa,", "une place vous est réservée",
        "Date : mardi 31 mars 2026, de 14 h 00 à 16 h 00", "(Salle informatique)",
        "https://rdv.exemple.fr/ateliers/inscription/ins1?jeton=TOKEN"}) {
    EXPECT_NE(email->text.find(needle), std::string::npos) << needle << "\n" << email->text;
  }
}

TEST(WorkshopEmail, TheWaitingListThenThePromotion) {
  auto waiting = RenderRegistrationEmail(
      Sample(app::NoticeKind::kConfirmation, RegistrationStatus::kWaitlisted), kSettings);
  ASSERT_TRUE(waiting);
  EXPECT_TRUE(waiting->subject.starts_with("Liste d'attente : ")) << waiting->subject;
  EXPECT_NE(waiting->text.find("en position 3"), std::string::npos) << waiting->text;
  auto promoted = RenderRegistrationEmail(Sample(app::NoticeKind::kPromotion), kSettings);
  ASSERT_TRUE(promoted);
  EXPECT_TRUE(promoted->subject.starts_with("Une place s'est libérée : ")) << promoted->subject;
  EXPECT_NE(promoted->text.find("une place s'est libérée"), std::string::npos);
  auto cancelled = RenderRegistrationEmail(Sample(app::NoticeKind::kCancellation), kSettings);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->text.find("jeton="), std::string::npos) << "no link once cancelled";
}

TEST(WorkshopSms, ShortTextsWithTheLink) {
  auto confirmed = RenderRegistrationSms(Sample(app::NoticeKind::kConfirmation), "https://r.fr");
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(*confirmed,
            "PIMMS Médiation d'Antony : inscription confirmée à l'atelier « Créer son adresse "
            "e-mail » le mar. 31/03 à 14 h 00. Gérer : "
            "https://r.fr/ateliers/inscription/ins1?jeton=TOKEN");
  auto waiting = RenderRegistrationSms(
      Sample(app::NoticeKind::kConfirmation, RegistrationStatus::kWaitlisted), "https://r.fr");
  EXPECT_NE(waiting->find("n° 3 en liste d'attente"), std::string::npos) << *waiting;
  auto promoted = RenderRegistrationSms(Sample(app::NoticeKind::kPromotion), "https://r.fr");
  EXPECT_NE(promoted->find("une place s'est libérée"), std::string::npos) << *promoted;
}

class Recorder final : public SmsProvider {
 public:
  Status Send(const Sms& sms) override {
    sent.push_back(sms);
    return {};
  }
  std::vector<Sms> sent;
};

TEST(WorkshopSms, TheMessengerSendsARegistrationsNotice) {
  Recorder provider;
  SmsMessenger messenger(provider, "https://r.fr");
  ASSERT_TRUE(messenger.Send(Sample(app::NoticeKind::kPromotion)));
  ASSERT_EQ(provider.sent.size(), 1u);
  EXPECT_EQ(provider.sent[0].to, "0612345678");
  EXPECT_EQ(provider.sent[0].kind, "promotion");
  app::Notice no_phone = Sample(app::NoticeKind::kPromotion);
  no_phone.registration->registration.person.phone.clear();
  EXPECT_EQ(messenger.Send(no_phone).error().code, "no_phone");
}

}  // namespace
}  // namespace relais::notify
