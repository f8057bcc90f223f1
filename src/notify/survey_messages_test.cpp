// The satisfaction survey's invitation after an appointment marked seen:
// the e-mail (French, the one-time link, no calendar file, no manage link)
// and the SMS.
#include <gtest/gtest.h>

#include "notify/email_messenger.h"
#include "notify/sms.h"

namespace relais::notify {
namespace {

using namespace date::literals;
using std::chrono::hours;
using std::chrono::minutes;

app::Notice SurveyNotice() {
  app::Notice notice;
  notice.message.id = "msg1";
  notice.message.kind = app::NoticeKind::kSurvey;
  notice.appointment.id = "rdv1";
  notice.appointment.person = {"Awa", "Diallo", "0612345678", "awa@exemple.fr", ""};
  // Tuesday 31 March 2026, 09:30 in Paris.
  notice.appointment.start = UtcTime{date::sys_days{2026_y / 3 / 31} + hours(7) + minutes(30)};
  notice.appointment.end = notice.appointment.start + minutes(45);
  notice.type.name = "Créer son compte ameli";
  notice.site = {"s1", "PIMMS Médiation d'Antony", "1 place du Marché, 92160 Antony",
                 "Europe/Paris", ""};
  notice.manage_token = "MANAGE";
  notice.survey_token = "SURVEYTOKEN";
  notice.now = UtcTime{date::sys_days{2026_y / 3 / 31} + hours(9)};
  return notice;
}

TEST(SurveyMessages, TheEmailCarriesTheOneTimeLinkAndNothingElse) {
  auto email = RenderEmail(SurveyNotice(), {"accueil@pimms.example", "https://rdv.exemple.fr/"});
  ASSERT_TRUE(email) << email.error().message;
  EXPECT_EQ(email->to, "awa@exemple.fr");
  EXPECT_EQ(email->subject, "Votre avis sur votre rendez-vous du mardi 31 mars 2026");
  for (const char* needle :
       {"Bonjour Awa,", "Motif : Créer son compte ameli", "Date : mardi 31 mars 2026",
        "Répondre au questionnaire : https://rdv.exemple.fr/questionnaire/SURVEYTOKEN",
        "sans donner votre nom", "valable 30 jours"}) {
    EXPECT_NE(email->text.find(needle), std::string::npos) << needle << "\n" << email->text;
  }
  EXPECT_EQ(email->text.find("MANAGE"), std::string::npos) << "no manage link";
  EXPECT_TRUE(email->attachments.empty()) << "no calendar file";

  app::Notice without = SurveyNotice();
  without.survey_token.clear();
  EXPECT_FALSE(RenderEmail(without, {"a@b.fr", "http://x"}));
}

TEST(SurveyMessages, TheSmsIsShortWithTheLink) {
  auto text = RenderSms(SurveyNotice(), "https://rdv.exemple.fr");
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "PIMMS Médiation d'Antony : merci de votre venue. Votre avis (2 min, anonyme) : "
            "https://rdv.exemple.fr/questionnaire/SURVEYTOKEN");
}

TEST(SurveyMessages, TheSurveyUrl) {
  EXPECT_EQ(SurveyUrl("https://a.fr//", "T"), "https://a.fr/questionnaire/T");
  EXPECT_EQ(SurveyUrl("https://a.fr", ""), "");
}

}  // namespace
}  // namespace relais::notify
