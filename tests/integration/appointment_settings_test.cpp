// The appointments' settings over real HTTP, on the demo desk: an admin adds
// a type and a mediator (an account created with `relais user add`), the
// slots follow; an absence removes them; every refusal has its status.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "tests/support/dates.h"
#include "tests/support/expectations.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

class AppointmentSettingsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new RelaisProcess({"demo", "--db", dir_->File("demo.sqlite")});
    ASSERT_TRUE(server_->running()) << server_->Output();
    const auto added = RunRelais({"user", "add", "--db", dir_->File("demo.sqlite"), "--login",
                                  "lea", "--role", "mediator", "--site", "antony"},
                                 "un mot de passe solide\n");
    ASSERT_EQ(added.exit_code, 0) << added.out;
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static HttpResponse Send(const std::string& method, const std::string& path, const json& body,
                           const std::string& login) {
    std::vector<std::string> headers = {"Content-Type: application/json"};
    if (!login.empty()) headers.push_back(Cookie(login));
    return Http({method, server_->Url(path), body.is_null() ? "" : body.dump(), headers});
  }
  // One session per login, kept: a TOTP code serves once, so admin and
  // coordinator could not sign in at every request.
  static std::string Cookie(const std::string& login) {
    static std::map<std::string, std::string> cookies;
    if (auto known = cookies.find(login); known != cookies.end()) return known->second;
    auto session = Http({"POST",
                         server_->Url("/api/v1/session"),
                         LoginJson(*server_, login),
                         {"Content-Type: application/json"}});
    EXPECT_EQ(session.status, 200) << session.body;
    return cookies[login] = "Cookie: " + CookieFrom(session, "relais_session");
  }
  // The local "HH:MM" of each slot of `type` over the next `days` days.
  static std::vector<std::string> SlotStarts(const std::string& type, int from, int to) {
    auto response = Http({"GET",
                          server_->Url("/api/v1/slots?type=" + type +
                                       "&from=" + DateFromToday(from) + "&to=" + DateFromToday(to)),
                          "",
                          {}});
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> starts;
    const json body = json::parse(response.body);
    for (const auto& slot : body["slots"]) starts.push_back(slot["start"]);
    return starts;
  }

  static TempDir* dir_;
  static RelaisProcess* server_;
};

TempDir* AppointmentSettingsApi::dir_ = nullptr;
RelaisProcess* AppointmentSettingsApi::server_ = nullptr;

const json kType = {{"name", "Carte grise et permis (ANTS)"},
                    {"duration_minutes", 30},
                    {"partner", "ants"},
                    {"documents", "Pièce d'identité, justificatif de domicile"},
                    {"online", true},
                    {"horizon_days", 30}};

TEST_F(AppointmentSettingsApi, ANewTypeAndMediatorMakeSlotsAndAnAbsenceTakesThemBack) {
  auto saved = Send("PUT", "/api/v1/appointment-types/ants-carte-grise", kType, "admin");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json::parse(saved.body)["min_notice_minutes"], 0) << "defaults fill what is left out";
  EXPECT_TRUE(SlotStarts("ants-carte-grise", 1, 14).empty()) << "no mediator takes it yet";

  auto mediator =
      Send("PUT", "/api/v1/mediators/lea",
           json{{"weekly_hours", "Mo,We 10:00-11:00"}, {"types", {"ants-carte-grise"}}}, "admin");
  ASSERT_EQ(mediator.status, 200) << mediator.body;
  EXPECT_EQ(json::parse(mediator.body)["login"], "lea");

  const auto starts = SlotStarts("ants-carte-grise", 1, 14);
  ASSERT_FALSE(starts.empty());
  for (const std::string& start : starts) {
    const std::string clock = start.substr(11, 5);
    EXPECT_TRUE(clock == "10:00" || clock == "10:15" || clock == "10:30") << start;
  }
  auto listed = Send("GET", "/api/v1/mediators", nullptr, "coordinator");
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool found = false;
  for (const auto& m : json::parse(listed.body)) {
    if (m["login"] == "lea") {
      found = true;
      EXPECT_EQ(m["weekly_hours"], "Mo,We 10:00-11:00");
      EXPECT_EQ(m["types"], json({"ants-carte-grise"}));
    }
  }
  EXPECT_TRUE(found) << listed.body;

  // Away for the whole fortnight: the type has no slot left.
  auto absence = Send("POST", "/api/v1/absences",
                      json{{"mediator", "lea"},
                           {"start", DateFromToday(0) + "T00:00:00Z"},
                           {"end", DateFromToday(16) + "T00:00:00Z"},
                           {"reason", "Formation"}},
                      "admin");
  ASSERT_EQ(absence.status, 201) << absence.body;
  EXPECT_TRUE(SlotStarts("ants-carte-grise", 1, 14).empty());
  auto absences = Send("GET", "/api/v1/absences", nullptr, "mediator");
  ASSERT_EQ(absences.status, 200) << absences.body;
  ASSERT_EQ(json::parse(absences.body).size(), 1u) << absences.body;
  EXPECT_EQ(json::parse(absences.body)[0]["mediator"], "lea");
  EXPECT_EQ(json::parse(absences.body)[0]["reason"], "Formation");
}

TEST_F(AppointmentSettingsApi, OnlyAdminsChangeAndFundersSeeNothing) {
  ExpectError(Send("PUT", "/api/v1/appointment-types/x", kType, ""), 401, "unauthenticated");
  ExpectError(Send("PUT", "/api/v1/appointment-types/x", kType, "mediator"), 403, "forbidden");
  ExpectError(
      Send("PUT", "/api/v1/mediators/lea", json{{"weekly_hours", "Mo 10:00-11:00"}}, "coordinator"),
      403, "forbidden");
  ExpectError(Send("GET", "/api/v1/mediators", nullptr, "funder"), 403, "forbidden");
  ExpectError(Send("GET", "/api/v1/absences", nullptr, "funder"), 403, "forbidden");
}

TEST_F(AppointmentSettingsApi, BadInputIsRefusedNamingTheField) {
  auto type = [](const std::string& key, const json& value) {
    json body = kType;
    body[key] = value;
    return Send("PUT", "/api/v1/appointment-types/essai", body, "admin");
  };
  ExpectError(type("duration_minutes", "30"), 422, "invalid_field", "duration_minutes");
  ExpectError(type("duration_minutes", 7), 422, "invalid_appointment_type", "duration_minutes");
  ExpectError(type("duration_minutes", 1e20), 422, "invalid_field", "duration_minutes");
  ExpectError(type("horizon_days", 18446744073709551615ull), 422, "invalid_field", "horizon_days");
  ExpectError(type("online", "oui"), 422, "invalid_field", "online");
  ExpectError(type("name", 3), 422, "invalid_field", "name");
  ExpectError(Send("PUT", "/api/v1/appointment-types/Pas%20un%20slug", kType, "admin"), 422,
              "invalid_appointment_type", "id");
  ExpectError(Send("PUT", "/api/v1/appointment-types/gerer", kType, "admin"), 422,
              "invalid_appointment_type", "id");
  auto malformed = Http({"PUT",
                         server_->Url("/api/v1/appointment-types/essai"),
                         "{\"name\":",
                         {"Content-Type: application/json", Cookie("admin")}});
  ExpectError(malformed, 400, "malformed_json");

  const json week = {{"weekly_hours", "Mo 10:00-11:00"}};
  ExpectError(Send("PUT", "/api/v1/mediators/personne", week, "admin"), 422, "unknown_mediator",
              "login");
  ExpectError(Send("PUT", "/api/v1/mediators/lea", json{{"weekly_hours", "Lu 10h-11h"}}, "admin"),
              422, "invalid_opening_hours", "weekly_hours");
  ExpectError(Send("PUT", "/api/v1/mediators/lea",
                   json{{"weekly_hours", "Mo 10:00-11:00"}, {"types", {"inconnu"}}}, "admin"),
              422, "unknown_appointment_type", "types");
  ExpectError(Send("PUT", "/api/v1/mediators/lea",
                   json{{"weekly_hours", "Mo 10:00-11:00"}, {"types", "caf-logement"}}, "admin"),
              422, "invalid_field", "types");

  const json away = {{"mediator", "reception"},
                     {"start", "2030-01-07T09:00:00+01:00"},
                     {"end", "2030-01-07T12:00:00+01:00"}};
  ExpectError(Send("POST", "/api/v1/absences", away, "admin"), 422, "unknown_mediator", "login");
  json backwards = away;
  backwards["mediator"] = "mediator";
  backwards["end"] = "2030-01-07T08:00:00+01:00";
  ExpectError(Send("POST", "/api/v1/absences", backwards, "admin"), 422, "invalid_absence", "end");
  json garbled = away;
  garbled["start"] = "lundi matin";
  ExpectError(Send("POST", "/api/v1/absences", garbled, "admin"), 422, "invalid_time", "start");
}

}  // namespace
}  // namespace relais::testing
