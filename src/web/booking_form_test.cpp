#include "web/booking_form.h"

#include <gtest/gtest.h>

#include "web/french.h"

namespace relais::web {
namespace {

using namespace std::chrono_literals;

date::local_seconds At(int y, unsigned m, unsigned d, int hour, int minute) {
  return date::local_days{date::year{y} / m / d} + std::chrono::hours{hour} +
         std::chrono::minutes{minute};
}

TEST(French, WritesDatesTimesDurationsAndPhonesForAReader) {
  EXPECT_EQ(FrenchDateTime(At(2026, 3, 3, 14, 30)), "mardi 3 mars 2026 à 14 h 30");
  EXPECT_EQ(FrenchDateTime(At(2026, 12, 1, 9, 5)), "mardi 1er décembre 2026 à 9 h 05");
  EXPECT_EQ(FrenchDuration(15), "15 minutes");
  EXPECT_EQ(FrenchDuration(60), "1 heure");
  EXPECT_EQ(FrenchDuration(90), "1 h 30");
  EXPECT_EQ(FrenchDuration(125), "2 h 05");
  EXPECT_EQ(FrenchDuration(120), "2 heures");
  EXPECT_EQ(FrenchPhone("0612345678"), "06 12 34 56 78");
  EXPECT_EQ(FrenchPhone(""), "");
}

TEST(BookingForm, ReadsAndWritesSlotTimesOfUrls) {
  EXPECT_EQ(ParseHhmm("1430"), 14h + 30min);
  EXPECT_EQ(ParseHhmm("0000"), 0min);
  for (const char* bad : {"", "930", "2400", "1260", "14:30", "abcd", "14300"}) {
    EXPECT_FALSE(ParseHhmm(bad)) << bad;
  }
  EXPECT_EQ(Hhmm(At(2026, 3, 3, 9, 5)), "0905");
  EXPECT_EQ(Hhmm(At(2026, 3, 3, 23, 45)), "2345");
}

TEST(BookingForm, MapsApplicationFieldsToFormFields) {
  EXPECT_EQ(FormFieldOf("person.phone"), "telephone");
  EXPECT_EQ(FormFieldOf("person.first_name"), "prenom");
  EXPECT_EQ(FormFieldOf("person.commune_insee"), "commune");
  EXPECT_EQ(FormFieldOf("consent"), "consentement");
  EXPECT_EQ(FormFieldOf("start"), "");
  PersonForm form = ReadPersonForm({{"prenom", "Awa"}, {"consentement", "oui"}, {"nom", "<b>"}});
  EXPECT_EQ(form.first_name, "Awa");
  EXPECT_EQ(form.last_name, "<b>");
  EXPECT_TRUE(form.consent);
  EXPECT_FALSE(ReadPersonForm({{"consentement", "on"}}).consent);
}

TEST(BookingForm, EscapesUrlComponents) {
  EXPECT_EQ(UrlComponent("abc-_.~XYZ09"), "abc-_.~XYZ09");
  EXPECT_EQ(UrlComponent("\"><&?=/ é"), "%22%3E%3C%26%3F%3D%2F%20%C3%A9");
}

TEST(BookingForm, KeepsTheTypedValuesAndShowsErrorsBesideTheirFields) {
  PersonForm form;
  form.first_name = "\"><script>";
  form.phone = "123";
  AddError(form, Error{ErrorKind::kInvalid, "invalid_phone", "Numéro invalide.", "person.phone"});
  const std::string html = RenderPersonFields(form, false);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("value=\"&quot;&gt;&lt;script&gt;\""), std::string::npos);
  EXPECT_NE(html.find("aria-describedby=\"aide-telephone erreur-telephone\" aria-invalid=\"true\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<p id=\"erreur-telephone\" class=\"error\">Numéro invalide.</p>"),
            std::string::npos);
  EXPECT_EQ(html.find("erreur-prenom"), std::string::npos) << "no error leaks to other fields";
}

}  // namespace
}  // namespace relais::web
