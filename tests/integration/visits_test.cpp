// Visits over real HTTP, on the demo desk: POST /api/v1/visits with every
// field checked, who may log, the day's list read back, the commune search,
// hostile strings, and the counter page (/accueil) with its form.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>

#include "tests/support/dates.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

// Now plus `minutes`, as RFC 3339 in UTC ("…Z").
std::string UtcFromNow(int minutes) {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                             std::chrono::minutes{minutes});
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

json FullVisit() {
  return {{"at", UtcFromNow(0)},  // now: still today in Paris, even just after midnight
          {"commune_insee", "92002"},
          {"qpv", true},
          {"partner", "caf"},
          {"themes", {"logement", "famille"}},
          {"outcome", "referred"},
          {"duration_minutes", 25},
          {"channel", "phone"},
          {"first_visit", false}};
}

class VisitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<RelaisProcess>(
        std::vector<std::string>{"demo", "--db", dir_.File("demo.sqlite")});
    ASSERT_TRUE(server_->running()) << server_->Output();
  }

  StaffSession As(const std::string& login) {
    StaffSession session = SignIn(*server_, login, "demo");
    EXPECT_TRUE(session.ok) << login;
    return session;
  }

  HttpResponse Post(const StaffSession& session, const std::string& body,
                    const std::string& content_type = "application/json") {
    return Http({"POST",
                 server_->Url("/api/v1/visits"),
                 body,
                 {"Content-Type: " + content_type, session.cookie}});
  }
  HttpResponse Post(const StaffSession& session, const json& body) {
    return Post(session, body.dump());
  }

  HttpResponse Get(const std::string& path, const std::vector<std::string>& headers = {}) {
    return Http({"GET", server_->Url(path), "", headers});
  }

  // The error's field of a 422, or what went wrong.
  std::string RefusedField(const StaffSession& session, const json& body) {
    auto response = Post(session, body);
    if (response.status != 422)
      return "status " + std::to_string(response.status) + ": " + response.body;
    return json::parse(response.body)["error"].value("field", "(none)");
  }

  json Today(const StaffSession& session) {
    auto response = Get("/api/v1/visits", {session.cookie});
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body);
  }

  TempDir dir_;
  std::unique_ptr<RelaisProcess> server_;
};

TEST_F(VisitsTest, ReceptionLogsAVisitAndReadsItBack) {
  auto reception = As("reception");
  auto created = Post(reception, FullVisit());
  ASSERT_EQ(created.status, 201) << created.body;
  json visit = json::parse(created.body);
  EXPECT_EQ(visit["id"].get<std::string>().size(), 16u);
  EXPECT_EQ(visit["commune_insee"], "92002");
  EXPECT_EQ(visit["commune_name"], "Antony");
  EXPECT_EQ(visit["qpv"], true);
  EXPECT_EQ(visit["partner"], "caf");
  EXPECT_EQ(visit["themes"], json({"famille", "logement"})) << "in the list's order";
  EXPECT_EQ(visit["outcome"], "referred");
  EXPECT_EQ(visit["duration_minutes"], 25);
  EXPECT_EQ(visit["channel"], "phone");
  EXPECT_EQ(visit["first_visit"], false);
  const std::string at = visit["at"];
  EXPECT_TRUE(at.ends_with("+01:00") || at.ends_with("+02:00")) << at << ": Paris time";

  json day = Today(reception);
  ASSERT_EQ(day.size(), 1u);
  EXPECT_EQ(day[0], visit) << "the stored visit reads back as it was answered";
  EXPECT_FALSE(day[0].contains("name"));
  EXPECT_FALSE(day[0].contains("last_name"));
}

TEST_F(VisitsTest, TheMinimalVisitTakesDefaultsAndUnknowns) {
  auto mediator = As("mediator");
  auto created = Post(mediator, json{{"outcome", "resolved"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json visit = json::parse(created.body);
  EXPECT_TRUE(visit["commune_insee"].is_null());
  EXPECT_TRUE(visit["qpv"].is_null());
  EXPECT_TRUE(visit["partner"].is_null());
  EXPECT_EQ(visit["themes"], json::array());
  EXPECT_TRUE(visit["duration_minutes"].is_null());
  EXPECT_EQ(visit["channel"], "walk_in");
  EXPECT_TRUE(visit["first_visit"].is_null());
  json nulls = {{"at", nullptr},
                {"commune_insee", nullptr},
                {"qpv", nullptr},
                {"partner", nullptr},
                {"themes", nullptr},
                {"outcome", "pending"},
                {"duration_minutes", nullptr},
                {"channel", nullptr},
                {"first_visit", nullptr}};
  EXPECT_EQ(Post(mediator, nulls).status, 201);
  // A fraction of a second, as JavaScript's toISOString() writes it.
  json js = {{"at", UtcFromNow(0).substr(0, 19) + ".123Z"}, {"outcome", "resolved"}};
  EXPECT_EQ(Post(mediator, js).status, 201);
  EXPECT_EQ(Today(mediator).size(), 3u);
}

TEST_F(VisitsTest, EveryFieldIsValidated) {
  auto reception = As("reception");
  const auto with = [](const std::string& field, const json& value) {
    json body = FullVisit();
    body[field] = value;
    return body;
  };
  EXPECT_EQ(RefusedField(reception, with("commune_insee", "99999")), "commune_insee");
  EXPECT_EQ(RefusedField(reception, with("commune_insee", "Antony")), "commune_insee");
  EXPECT_EQ(RefusedField(reception, with("commune_insee", 92002)), "commune_insee");
  EXPECT_EQ(RefusedField(reception, with("at", UtcFromNow(60))), "at") << "an hour ahead";
  EXPECT_EQ(RefusedField(reception, with("at", UtcFromNow(7))), "at")
      << "beyond the 5-minute tolerance";
  EXPECT_EQ(RefusedField(reception, with("at", "hier")), "at");
  EXPECT_EQ(RefusedField(reception, with("at", "2025-02-30T10:00:00+01:00")), "at");
  EXPECT_EQ(RefusedField(reception, with("at", "1999-12-31T10:00:00+01:00")), "at");
  EXPECT_EQ(RefusedField(reception, with("at", 1750000000)), "at");
  EXPECT_EQ(RefusedField(reception, with("partner", "inconnu")), "partner");
  EXPECT_EQ(RefusedField(reception, with("partner", "CAF")), "partner") << "codes, not names";
  EXPECT_EQ(RefusedField(reception, with("partner", true)), "partner");
  EXPECT_EQ(RefusedField(reception, with("themes", json{"astrologie"})), "themes");
  EXPECT_EQ(RefusedField(reception, with("themes", "famille")), "themes");
  EXPECT_EQ(RefusedField(reception, with("themes", json{1})), "themes");
  EXPECT_EQ(RefusedField(reception, with("outcome", "maybe")), "outcome");
  EXPECT_EQ(RefusedField(reception, with("outcome", nullptr)), "outcome");
  json no_outcome = FullVisit();
  no_outcome.erase("outcome");
  EXPECT_EQ(RefusedField(reception, no_outcome), "outcome");
  EXPECT_EQ(RefusedField(reception, with("duration_minutes", 0)), "duration_minutes");
  EXPECT_EQ(RefusedField(reception, with("duration_minutes", 481)), "duration_minutes");
  EXPECT_EQ(RefusedField(reception, with("duration_minutes", -5)), "duration_minutes");
  EXPECT_EQ(RefusedField(reception, with("duration_minutes", 12.5)), "duration_minutes");
  EXPECT_EQ(RefusedField(reception, with("duration_minutes", "10")), "duration_minutes");
  EXPECT_EQ(RefusedField(reception, with("duration_minutes", 18446744073709551615ull)),
            "duration_minutes");
  EXPECT_EQ(RefusedField(reception, with("channel", "fax")), "channel");
  EXPECT_EQ(RefusedField(reception, with("channel", 1)), "channel");
  EXPECT_EQ(RefusedField(reception, with("qpv", "oui")), "qpv");
  EXPECT_EQ(RefusedField(reception, with("first_visit", 1)), "first_visit");
  EXPECT_EQ(RefusedField(reception, with("last_name", "Diallo")), "last_name") << "no name, ever";

  EXPECT_EQ(Post(reception, std::string("{\"outcome\":")).status, 400);
  EXPECT_EQ(Post(reception, std::string("[]")).status, 400);
  EXPECT_EQ(Post(reception, std::string("")).status, 400);
  EXPECT_EQ(Post(reception, FullVisit().dump(), "text/plain").status, 400);
  EXPECT_EQ(Post(reception, std::string(40, '[') + std::string(40, ']')).status, 400);

  EXPECT_EQ(Today(reception).size(), 0u) << "nothing refused was stored";
  EXPECT_EQ(Post(reception, with("at", UtcFromNow(3))).status, 201) << "within the tolerance";
}

TEST_F(VisitsTest, WhoMayLogAVisit) {
  for (const char* login : {"admin", "coordinator", "mediator", "reception"}) {
    EXPECT_EQ(Post(As(login), FullVisit()).status, 201) << login;
  }
  auto funder = As("funder");
  auto refused = Post(funder, FullVisit());
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json::parse(refused.body)["error"]["code"], "forbidden");
  EXPECT_EQ(Get("/api/v1/visits", {funder.cookie}).status, 403);

  EXPECT_EQ(Http({"POST",
                  server_->Url("/api/v1/visits"),
                  FullVisit().dump(),
                  {"Content-Type: application/json"}})
                .status,
            401);
  EXPECT_EQ(Http({"POST",
                  server_->Url("/api/v1/visits"),
                  FullVisit().dump(),
                  {"Content-Type: application/json", "Cookie: relais_session=forged"}})
                .status,
            401);
  EXPECT_EQ(Get("/api/v1/visits").status, 401);
  EXPECT_EQ(Get("/api/v1/visits?date=2025-02-30", {As("mediator").cookie}).status, 400);
  EXPECT_EQ(Today(As("mediator")).size(), 4u);
}

TEST_F(VisitsTest, TheDayListTakesTheDatesOfParis) {
  auto mediator = As("mediator");
  // 2025-03-30 is the spring change: 23:30 UTC the day before is 00:30 in Paris.
  ASSERT_EQ(Post(mediator, json{{"at", "2025-03-29T23:30:00Z"}, {"outcome", "resolved"}}).status,
            201);
  ASSERT_EQ(Post(mediator, json{{"at", "2025-03-30T21:59:59Z"}, {"outcome", "resolved"}}).status,
            201);
  ASSERT_EQ(Post(mediator, json{{"at", "2025-03-30T22:00:00Z"}, {"outcome", "resolved"}}).status,
            201);
  auto day = json::parse(Get("/api/v1/visits?date=2025-03-30", {mediator.cookie}).body);
  ASSERT_EQ(day.size(), 2u);
  EXPECT_EQ(day[0]["at"], "2025-03-30T00:30:00+01:00");
  EXPECT_EQ(day[1]["at"], "2025-03-30T23:59:59+02:00");
}

TEST_F(VisitsTest, CommuneSearchPutsTheDesksCommunesFirst) {
  auto mediator = As("mediator");
  EXPECT_EQ(Get("/api/v1/communes?q=evry").status, 401);
  auto evry = json::parse(Get("/api/v1/communes?q=evry", {mediator.cookie}).body);
  ASSERT_EQ(evry.size(), 3u);
  EXPECT_EQ(evry[0]["name"], "Évry") << "the exact name first while the desk has served neither";
  EXPECT_EQ(evry[1],
            json({{"insee", "91228"}, {"name", "Évry-Courcouronnes"}, {"department", "91"}}));
  ASSERT_EQ(Post(mediator, json{{"commune_insee", "91228"}, {"outcome", "resolved"}}).status, 201);
  evry = json::parse(Get("/api/v1/communes?q=%C3%89VRY", {mediator.cookie}).body);
  EXPECT_EQ(evry[0]["name"], "Évry-Courcouronnes") << "then the desk's own first";
  auto st = json::parse(Get("/api/v1/communes?q=st&limit=50", {mediator.cookie}).body);
  EXPECT_EQ(st.size(), 50u);
  for (const json& c : st) {
    const std::string name = c["name"];
    EXPECT_TRUE(name.starts_with("Saint") || name.starts_with("St")) << name;
  }
  EXPECT_EQ(Get("/api/v1/communes?q=x&limit=0", {mediator.cookie}).status, 422);
  EXPECT_EQ(Get("/api/v1/communes?q=x&limit=101", {mediator.cookie}).status, 422);
  EXPECT_EQ(Get("/api/v1/communes?q=x&limit=dix", {mediator.cookie}).status, 400);

  // The demo desk has its history: its communes come before any other
  // match, and a commune it has just served before the unserved ones.
  auto frequent = json::parse(Get("/api/v1/communes?limit=100", {mediator.cookie}).body);
  ASSERT_GE(frequent.size(), 3u);
  EXPECT_EQ(frequent[0]["insee"], "92002") << "Antony, the desk's own commune, first";
  auto letter = json::parse(Get("/api/v1/communes?q=m&limit=3", {mediator.cookie}).body);
  ASSERT_FALSE(letter.empty());
  const auto first_m = std::find_if(frequent.begin(), frequent.end(), [](const json& c) {
    return c["name"].get<std::string>().starts_with("M");
  });
  ASSERT_NE(first_m, frequent.end());
  EXPECT_EQ(letter[0], *first_m) << "the desk's most frequent « m… » first";

  auto saint_ouen =
      json::parse(Get("/api/v1/communes?q=saint-ouen&limit=3", {mediator.cookie}).body);
  ASSERT_FALSE(saint_ouen.empty());
  EXPECT_NE(saint_ouen[0]["insee"], "95572");
  for (int i = 0; i < 2; ++i) {
    json visit = FullVisit();
    visit["commune_insee"] = "95572";  // Saint-Ouen-l'Aumône
    ASSERT_EQ(Post(mediator, visit).status, 201);
  }
  saint_ouen = json::parse(Get("/api/v1/communes?q=saint-ouen&limit=3", {mediator.cookie}).body);
  ASSERT_FALSE(saint_ouen.empty());
  EXPECT_EQ(saint_ouen[0],
            json({{"insee", "95572"}, {"name", "Saint-Ouen-l'Aumône"}, {"department", "95"}}));
  frequent = json::parse(Get("/api/v1/communes?limit=100", {mediator.cookie}).body);
  const auto has = [&](const char* insee) {
    return std::any_of(frequent.begin(), frequent.end(),
                       [&](const json& c) { return c["insee"] == insee; });
  };
  EXPECT_TRUE(has("95572"));
  EXPECT_TRUE(has("91228"));
}

TEST_F(VisitsTest, HostileStringsAreRefusedOrRenderedEscaped) {
  auto mediator = As("mediator");
  const std::vector<std::string> hostile = {"'; DROP TABLE visits; --", "<script>alert(1)</script>",
                                            "92002' OR '1'='1", "\"><img src=x onerror=alert(1)>"};
  for (const std::string& text : hostile) {
    for (const char* field : {"commune_insee", "partner", "outcome", "channel", "at"}) {
      json body = FullVisit();
      body[field] = text;
      EXPECT_EQ(RefusedField(mediator, body), field) << text;
    }
    json body = FullVisit();
    body["themes"] = json{text};
    EXPECT_EQ(RefusedField(mediator, body), "themes");
  }
  // On the counter page the text typed comes back, escaped.
  auto page =
      PostForm(*server_, mediator, "/accueil",
               "commune=%3Cscript%3Ealert(1)%3C%2Fscript%3E&outcome=resolved&channel=walk_in");
  EXPECT_EQ(page.status, 422);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos)
      << page.body;
  auto quote =
      PostForm(*server_, mediator, "/accueil", "commune=%22%3E%3Cimg+src%3Dx%3E&outcome=resolved");
  EXPECT_EQ(quote.body.find("\"><img"), std::string::npos);
  EXPECT_EQ(Today(mediator).size(), 0u);
  EXPECT_EQ(Post(mediator, FullVisit()).status, 201) << "the table is still there";
}

TEST_F(VisitsTest, TheCounterFormLogsAVisitAndRemembersTheChoices) {
  EXPECT_EQ(Get("/accueil").status, 303);
  auto funder = As("funder");
  EXPECT_EQ(Get("/accueil", {funder.cookie, "Accept: text/html"}).status, 403);
  EXPECT_EQ(Get("/agent", {funder.cookie}).body.find("href=\"/accueil\""), std::string::npos);

  auto mediator = As("mediator");
  EXPECT_NE(Get("/agent", {mediator.cookie}).body.find("href=\"/accueil\""), std::string::npos);
  auto empty = Get("/accueil", {mediator.cookie});
  ASSERT_EQ(empty.status, 200);
  EXPECT_NE(empty.body.find("Aucun passage enregistré aujourd'hui"), std::string::npos);
  EXPECT_NE(empty.body.find("value=\"resolved\" checked"), std::string::npos)
      << "resolved by default";

  auto saved =
      PostForm(*server_, mediator, "/accueil",
               "commune=antony&partner=cpam&theme-social-sante=1&outcome=appointment&duration=15"
               "&channel=walk_in&qpv=non&first_visit=oui&time=");
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.Header("location"), "/accueil?enregistre=1");
  const std::string remembered = CookieFrom(saved, "relais_accueil");
  ASSERT_FALSE(remembered.empty());

  auto day = Today(mediator);
  ASSERT_EQ(day.size(), 1u);
  EXPECT_EQ(day[0]["commune_insee"], "92002");
  EXPECT_EQ(day[0]["partner"], "cpam");
  EXPECT_EQ(day[0]["themes"], json({"social-sante"}));
  EXPECT_EQ(day[0]["outcome"], "appointment");
  EXPECT_EQ(day[0]["duration_minutes"], 15);
  EXPECT_EQ(day[0]["qpv"], false);
  EXPECT_EQ(day[0]["first_visit"], true);

  auto next = Get("/accueil?enregistre=1", {mediator.cookie + "; " + remembered});
  ASSERT_EQ(next.status, 200);
  EXPECT_NE(next.body.find("role=\"status\""), std::string::npos);
  EXPECT_NE(next.body.find("Passage enregistré"), std::string::npos);
  EXPECT_NE(next.body.find("value=\"cpam\" selected"), std::string::npos)
      << "the partner remembered";
  EXPECT_NE(next.body.find("value=\"appointment\" checked"), std::string::npos)
      << "the outcome remembered";
  EXPECT_NE(next.body.find("<td>Antony (92)</td>"), std::string::npos) << "in the day's list";
  EXPECT_NE(next.body.find("<option value=\"Antony (92002)\">"), std::string::npos)
      << "in the datalist";
  EXPECT_NE(next.body.find("autofocus"), std::string::npos);
}

TEST_F(VisitsTest, AnAmbiguousNameOffersTheCommunesToChooseFrom) {
  auto mediator = As("mediator");
  auto ask = PostForm(*server_, mediator, "/accueil",
                      "commune=Saint-Denis&outcome=resolved&channel=walk_in");
  ASSERT_EQ(ask.status, 200);
  EXPECT_NE(ask.body.find("Plusieurs communes répondent à « Saint-Denis »"), std::string::npos);
  EXPECT_NE(ask.body.find("value=\"93066\""), std::string::npos);
  EXPECT_NE(ask.body.find("value=\"97411\""), std::string::npos);
  EXPECT_EQ(Today(mediator).size(), 0u);

  auto chosen = PostForm(
      *server_, mediator, "/accueil",
      "commune=Saint-Denis&commune_asked=Saint-Denis&commune_insee=93066&outcome=resolved");
  ASSERT_EQ(chosen.status, 303);
  // A choice made for another name does not count: the new name is resolved.
  auto changed =
      PostForm(*server_, mediator, "/accueil",
               "commune=Antony&commune_asked=Saint-Denis&commune_insee=93066&outcome=resolved");
  ASSERT_EQ(changed.status, 303);
  // Now that the desk has seen Saint-Denis (93), the name alone is enough.
  auto learned = PostForm(*server_, mediator, "/accueil", "commune=saint+denis&outcome=resolved");
  ASSERT_EQ(learned.status, 303) << learned.body;
  std::multiset<std::string> communes;  // visits of one second come in any order
  for (const json& visit : Today(mediator))
    communes.insert(visit["commune_insee"].get<std::string>());
  EXPECT_EQ(communes, (std::multiset<std::string>{"92002", "93066", "93066"}));
}

TEST_F(VisitsTest, FormErrorsAreShownInPlace) {
  auto mediator = As("mediator");
  auto unknown =
      PostForm(*server_, mediator, "/accueil", "commune=Gotham&partner=caf&outcome=resolved");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("id=\"erreur-commune\""), std::string::npos);
  EXPECT_NE(unknown.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(unknown.body.find("aria-describedby=\"aide-commune erreur-commune\""),
            std::string::npos);
  EXPECT_NE(unknown.body.find("value=\"Gotham\""), std::string::npos) << "the typed value is kept";
  EXPECT_NE(unknown.body.find("value=\"caf\" selected"), std::string::npos)
      << "so are the other fields";

  auto duration =
      PostForm(*server_, mediator, "/accueil", "commune=92002&duration=999&outcome=resolved");
  EXPECT_EQ(duration.status, 422);
  EXPECT_NE(duration.body.find("id=\"erreur-duration\""), std::string::npos);
  auto time =
      PostForm(*server_, mediator, "/accueil", "commune=92002&time=25%3A00&outcome=resolved");
  EXPECT_EQ(time.status, 422);
  EXPECT_NE(time.body.find("id=\"erreur-time\""), std::string::npos);
  auto partner =
      PostForm(*server_, mediator, "/accueil", "commune=92002&partner=inconnu&outcome=resolved");
  EXPECT_EQ(partner.status, 422);
  EXPECT_NE(partner.body.find("id=\"erreur-partner\""), std::string::npos);

  auto no_csrf = Http({"POST",
                       server_->Url("/accueil"),
                       "commune=92002&outcome=resolved",
                       {"Content-Type: application/x-www-form-urlencoded", mediator.cookie}});
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(Today(mediator).size(), 0u);
}

TEST_F(VisitsTest, AnAppointmentPrefillsTheCounterForm) {
  auto mediator = As("mediator");
  auto slots =
      Get("/api/v1/slots?type=caf-logement&from=" + DateFromToday(2) + "&to=" + DateFromToday(20),
          {mediator.cookie});
  ASSERT_EQ(slots.status, 200) << slots.body;
  const json free = json::parse(slots.body)["slots"];
  ASSERT_FALSE(free.empty());
  const json booking = {
      {"type", "caf-logement"},
      {"start", free[0]["start"]},
      {"person", {{"first_name", "Awa"}, {"last_name", "Diallo"}, {"commune_insee", "92071"}}},
      {"consent", true}};
  auto booked = Http({"POST",
                      server_->Url("/api/v1/appointments"),
                      booking.dump(),
                      {"Content-Type: application/json", mediator.cookie}});
  ASSERT_EQ(booked.status, 201) << booked.body;
  const std::string id = json::parse(booked.body)["id"];

  auto form = Get("/accueil?rendez-vous=" + id, {mediator.cookie});
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("id=\"commune\" name=\"commune\" type=\"text\" value=\"92071\""),
            std::string::npos)
      << "the person's commune";
  EXPECT_NE(form.body.find("value=\"caf\" selected"), std::string::npos) << "the type's partner";
  EXPECT_NE(form.body.find("<option value=\"appointment\" selected>"), std::string::npos)
      << "on appointment";
  EXPECT_NE(form.body.find("Passage prérempli depuis le rendez-vous"), std::string::npos);

  EXPECT_EQ(Get("/accueil?rendez-vous=inconnu", {mediator.cookie, "Accept: text/html"}).status,
            404);
  auto funder = As("funder");
  EXPECT_EQ(Get("/accueil?rendez-vous=" + id, {funder.cookie, "Accept: text/html"}).status, 403);
}

}  // namespace
}  // namespace relais::testing
