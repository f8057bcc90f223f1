// Digital workshops over real HTTP, on the demo desk: the public list in
// the contract's shape, registration and cancellation with every refusal's
// status and code, the staff's APIs and pages; 50 residents registering at
// once for 12 seats, in several rounds; and the promotion's e-mail reaching
// a real SMTP server.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "tests/support/dates.h"
#include "tests/support/desk_database.h"
#include "tests/support/expectations.h"
#include "tests/support/relais_process.h"
#include "tests/support/smtp_server.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kJson = {"Content-Type: application/json"};

json Person(const std::string& first, const std::string& email = "") {
  json person = {{"first_name", first}, {"last_name", "Diallo"}, {"commune_insee", "92002"}};
  if (email.empty()) {
    person["phone"] = "06 12 34 56 78";
  } else {
    person["email"] = email;
  }
  return person;
}

json Registration(const std::string& first, const std::string& email = "") {
  return {{"person", Person(first, email)}, {"consent", true}};
}

HttpResponse Post(const RelaisProcess& server, const std::string& path, const json& body,
                  std::vector<std::string> headers = kJson) {
  return Http({"POST", server.Url(path), body.dump(), std::move(headers)});
}

HttpResponse Get(const RelaisProcess& server, const std::string& path,
                 std::vector<std::string> headers = {}) {
  return Http({"GET", server.Url(path), "", std::move(headers)});
}

// A staff session as headers for a JSON request.
std::vector<std::string> As(const RelaisProcess& server, const std::string& login) {
  auto session = Post(server, "/api/v1/session", json::parse(LoginJson(server, login)));
  EXPECT_EQ(session.status, 200) << session.body;
  return {"Content-Type: application/json", "Cookie: " + CookieFrom(session, "relais_session")};
}

// A new session of "premiers-pas" `days` days ahead, created by the coordinator.
std::string NewSession(const RelaisProcess& server, const std::vector<std::string>& staff,
                       int capacity, int days = 10, const std::string& hour = "10:00") {
  const std::string day = DateFromToday(days);
  // Paris is at +01:00 or +02:00; the hour matters little here.
  const json body = {
      {"workshop", "premiers-pas"},
      {"start", day + "T" + hour + ":00+02:00"},
      {"end", day + "T" + std::to_string(std::stoi(hour.substr(0, 2)) + 2) + ":00:00+02:00"},
      {"room", "Salle informatique"},
      {"capacity", capacity}};
  auto created = Post(server, "/api/v1/workshop-sessions", body, staff);
  EXPECT_EQ(created.status, 201) << created.body;
  const json parsed = json::parse(created.body, nullptr, false);
  return parsed.is_object() ? parsed.value("id", "") : std::string();
}

class WorkshopsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new RelaisProcess({"demo", "--db", dir_->File("demo.sqlite")});
    ASSERT_TRUE(server_->running()) << server_->Output();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static TempDir* dir_;
  static RelaisProcess* server_;
};

TempDir* WorkshopsApi::dir_ = nullptr;
RelaisProcess* WorkshopsApi::server_ = nullptr;

TEST_F(WorkshopsApi, TheListHasTheContractsShapeAndTheDemosComingSessions) {
  auto response = Get(*server_, "/api/v1/workshops");
  ASSERT_EQ(response.status, 200) << response.body;
  const json list = json::parse(response.body);
  ASSERT_TRUE(list.is_array());
  ASSERT_GE(list.size(), 7u);
  std::size_t sessions = 0;
  std::size_t with_seats = 0;
  for (const json& workshop : list) {
    EXPECT_TRUE(workshop["id"].is_string());
    EXPECT_TRUE(workshop["title"].is_string());
    ASSERT_TRUE(workshop["sessions"].is_array());
    for (const json& s : workshop["sessions"]) {
      ++sessions;
      EXPECT_TRUE(s["id"].is_string());
      for (const char* key : {"start", "end"}) {
        const std::string time = s[key];
        EXPECT_EQ(time.size(), 25u) << time;
        EXPECT_TRUE(time.ends_with("+01:00") || time.ends_with("+02:00")) << time;
      }
      EXPECT_TRUE(s["capacity"].is_number_integer());
      EXPECT_TRUE(s["registered"].is_number_integer());
      EXPECT_TRUE(s["waitlisted"].is_number_integer());
      EXPECT_FALSE(s.contains("mediator")) << "the public sees no names";
      if (s["registered"].get<int>() < s["capacity"].get<int>()) ++with_seats;
    }
  }
  EXPECT_GE(sessions, 6u) << "about two a week for four weeks";
  EXPECT_GE(with_seats, 4u);
}

TEST_F(WorkshopsApi, RegisterThenCancelWithEveryRefusal) {
  const auto staff = As(*server_, "coordinator");
  const std::string session = NewSession(*server_, staff, 1);
  ASSERT_FALSE(session.empty());
  const std::string path = "/api/v1/workshop-sessions/" + session + "/registrations";

  // Refusals, each with its status and code.
  ExpectError(Post(*server_, "/api/v1/workshop-sessions/nope/registrations", Registration("Awa")),
              404, "session_not_found");
  ExpectError(Http({"POST", server_->Url(path), "{\"person\":", kJson}), 400, "malformed_json");
  ExpectError(
      Http({"POST", server_->Url(path), Registration("Awa").dump(), {"Content-Type: text/plain"}}),
      400, "unsupported_media_type");
  ExpectError(Post(*server_, path, json{{"person", Person("Awa")}, {"consent", false}}), 422,
              "consent_required", "consent");
  ExpectError(Post(*server_, path, json{{"person", Person("Awa")}}), 422, "consent_required");
  json bad_phone = Registration("Awa");
  bad_phone["person"]["phone"] = "123";
  ExpectError(Post(*server_, path, bad_phone), 422, "invalid_phone", "person.phone");
  json no_contact = Registration("Awa");
  no_contact["person"].erase("phone");
  ExpectError(Post(*server_, path, no_contact), 422, "contact_required");
  json no_name = Registration("");
  ExpectError(Post(*server_, path, no_name), 422, "name_required", "person.first_name");
  ExpectError(Post(*server_, path, json{{"person", "Awa"}, {"consent", true}}), 422,
              "invalid_field", "person");

  // The seat, then the waiting list.
  auto first = Post(*server_, path, Registration("Awa"));
  ASSERT_EQ(first.status, 201) << first.body;
  const json a = json::parse(first.body);
  EXPECT_EQ(a["status"], "registered");
  EXPECT_EQ(a["manage_token"].get<std::string>().size(), 43u);
  auto second = Post(*server_, path, Registration("Binta"));
  ASSERT_EQ(second.status, 201) << second.body;
  const json b = json::parse(second.body);
  EXPECT_EQ(b["status"], "waitlisted");
  EXPECT_EQ(b["waitlist_position"], 1);

  // The person reads it with the token, without personal data.
  auto read = Get(*server_, "/api/v1/registrations/" + b["id"].get<std::string>() +
                                "?token=" + b["manage_token"].get<std::string>());
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(json::parse(read.body)["status"], "waitlisted");
  EXPECT_FALSE(json::parse(read.body).contains("person"));
  ExpectError(Get(*server_, "/api/v1/registrations/" + b["id"].get<std::string>() + "?token=x"),
              404, "registration_not_found");

  // Cancel: a wrong token reads as unknown; the first waiting moves up.
  const std::string cancel = "/api/v1/registrations/" + a["id"].get<std::string>() + "/cancel";
  ExpectError(Post(*server_, cancel, json{{"token", b["manage_token"]}}), 404,
              "registration_not_found");
  ExpectError(Post(*server_, cancel, json::object()), 422, "invalid_field", "token");
  ExpectError(Http({"POST", server_->Url(cancel), "[]", kJson}), 400, "malformed_json");
  auto cancelled = Post(*server_, cancel, json{{"token", a["manage_token"]}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body), json({{"status", "cancelled"}}));
  ExpectError(Post(*server_, cancel, json{{"token", a["manage_token"]}}), 409, "already_cancelled");
  read = Get(*server_, "/api/v1/registrations/" + b["id"].get<std::string>() +
                           "?token=" + b["manage_token"].get<std::string>());
  EXPECT_EQ(json::parse(read.body)["status"], "registered") << "promoted";
  ExpectError(Post(*server_, "/api/v1/registrations/nope/cancel", json{{"token", "abc"}}), 404,
              "registration_not_found");
}

TEST_F(WorkshopsApi, APastSessionTakesNoRegistration) {
  const auto staff = As(*server_, "mediator");
  auto past = Get(
      *server_, "/api/v1/workshop-sessions?from=" + DateFromToday(-30) + "&to=" + DateFromToday(-1),
      staff);
  ASSERT_EQ(past.status, 200) << past.body;
  const json sessions = json::parse(past.body)["sessions"];
  ASSERT_FALSE(sessions.empty()) << "the demo's year of sessions";
  const json& held = sessions.front();
  EXPECT_GT(held["present"].get<int>() + held["absent"].get<int>(), 0) << "attendance was taken";
  ExpectError(Post(*server_,
                   "/api/v1/workshop-sessions/" + held["id"].get<std::string>() + "/registrations",
                   Registration("Awa")),
              409, "session_past");
}

TEST_F(WorkshopsApi, StaffApisAndWhoMayUseThem) {
  const auto coordinator = As(*server_, "coordinator");
  const auto reception = As(*server_, "reception");
  const auto funder = As(*server_, "funder");
  const std::string session = NewSession(*server_, coordinator, 2);
  const std::string base = "/api/v1/workshop-sessions/" + session;

  ExpectError(Get(*server_, base + "/registrations"), 401, "unauthenticated");
  ExpectError(Get(*server_, base + "/registrations", funder), 403, "forbidden");
  ExpectError(Post(*server_, "/api/v1/workshop-sessions",
                   json{{"workshop", "premiers-pas"}, {"start", "x"}, {"end", "y"}, {"room", "R"}},
                   reception),
              403, "forbidden");
  ExpectError(Post(*server_, "/api/v1/workshop-sessions",
                   json{{"workshop", "premiers-pas"},
                        {"start", DateFromToday(5) + "T14:00:00+02:00"},
                        {"end", DateFromToday(5) + "T13:00:00+02:00"},
                        {"room", "R"}},
                   coordinator),
              422, "invalid_session_time", "end");
  ExpectError(Post(*server_, "/api/v1/workshop-sessions",
                   json{{"workshop", "cuisine"},
                        {"start", DateFromToday(5) + "T14:00:00+02:00"},
                        {"end", DateFromToday(5) + "T16:00:00+02:00"},
                        {"room", "R"}},
                   coordinator),
              422, "unknown_workshop", "workshop");
  ExpectError(Post(*server_, "/api/v1/workshop-sessions",
                   json{{"workshop", "premiers-pas"},
                        {"start", DateFromToday(5) + "T14:00:00+02:00"},
                        {"end", DateFromToday(5) + "T16:00:00+02:00"},
                        {"room", "R"},
                        {"capacity", 0}},
                   coordinator),
              422, "invalid_capacity", "capacity");

  // At the desk: a name is enough; the waiting list in order.
  for (const char* name : {"Awa", "Binta", "Chloé"}) {
    json body = {{"person", {{"first_name", name}, {"last_name", "Diallo"}}}, {"consent", true}};
    auto registered = Post(*server_, base + "/registrations", body, reception);
    ASSERT_EQ(registered.status, 201) << registered.body;
  }
  auto listed = Get(*server_, base + "/registrations", reception);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json registrations = json::parse(listed.body)["registrations"];
  ASSERT_EQ(registrations.size(), 3u);
  EXPECT_EQ(registrations[2]["status"], "waitlisted");
  EXPECT_EQ(registrations[2]["waitlist_position"], 1);
  EXPECT_EQ(registrations[0]["person"]["first_name"], "Awa");
  EXPECT_EQ(registrations[0]["booked_online"], false);

  // Attendance and head-count wait for the session; bad values are refused.
  const std::string first = registrations[0]["id"];
  ExpectError(Post(*server_, "/api/v1/registrations/" + first + "/attendance",
                   json{{"attendance", "present"}}, reception),
              422, "not_started");
  ExpectError(Post(*server_, "/api/v1/registrations/" + first + "/attendance",
                   json{{"attendance", "maybe"}}, reception),
              422, "invalid_attendance");
  ExpectError(Post(*server_, base + "/head-count", json{{"count", -3}}, reception), 422,
              "invalid_head_count");
  ExpectError(Post(*server_, base + "/head-count", json{{"count", 2}}, reception), 422,
              "not_started");

  // More seats move the waiting up; fewer than those registered are refused.
  json update = {{"workshop", "premiers-pas"},
                 {"start", DateFromToday(10) + "T10:00:00+02:00"},
                 {"end", DateFromToday(10) + "T12:00:00+02:00"},
                 {"room", "Salle 2"},
                 {"capacity", 3}};
  auto updated = Post(*server_, base, update, coordinator);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(json::parse(updated.body)["registered"], 3);
  EXPECT_EQ(json::parse(updated.body)["waitlisted"], 0);
  update["capacity"] = 2;
  ExpectError(Post(*server_, base, update, coordinator), 409, "capacity_below_registered");

  // Self-assessment: one score 1..4 per statement.
  const std::string assessment = "/api/v1/registrations/" + first + "/assessment";
  auto empty = Get(*server_, assessment, reception);
  ASSERT_EQ(empty.status, 200) << empty.body;
  const std::size_t n = json::parse(empty.body)["statements"].size();
  ASSERT_GE(n, 3u);
  ExpectError(Post(*server_, assessment,
                   json{{"phase", "before"}, {"scores", std::vector<int>(n, 5)}}, reception),
              422, "invalid_score");
  ExpectError(Post(*server_, assessment,
                   json{{"phase", "before"}, {"scores", std::vector<int>(n - 1, 2)}}, reception),
              422, "invalid_assessment");
  ExpectError(Post(*server_, assessment,
                   json{{"phase", "soon"}, {"scores", std::vector<int>(n, 2)}}, reception),
              422, "invalid_phase");
  auto saved = Post(*server_, assessment,
                    json{{"phase", "before"}, {"scores", std::vector<int>(n, 2)}}, reception);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json::parse(saved.body)["before"], json(std::vector<int>(n, 2)));
  EXPECT_TRUE(json::parse(saved.body)["after"].is_null());

  // The figures for the reports: aggregates, funders too, reception not.
  const std::string period =
      "/api/v1/workshop-activity?from=" + DateFromToday(-90) + "&to=" + DateFromToday(-1);
  auto activity = Get(*server_, period, funder);
  ASSERT_EQ(activity.status, 200) << activity.body;
  const json figures = json::parse(activity.body);
  EXPECT_GT(figures["sessions"].get<int>(), 15);
  EXPECT_GT(figures["present"].get<int>(), 0);
  EXPECT_GT(figures["fill_rate"].get<double>(), 0.5);
  EXPECT_LE(figures["fill_rate"].get<double>(), 1.0);
  EXPECT_GT(figures["attendance_rate"].get<double>(), 0.5);
  ExpectError(Get(*server_, period, reception), 403, "forbidden");
  ExpectError(Get(*server_, "/api/v1/workshop-activity?from=2025-02-30&to=2025-03-01", funder), 400,
              "invalid_date");
}

TEST_F(WorkshopsApi, ThePagesWithoutJavaScript) {
  auto list = Get(*server_, "/ateliers");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Ateliers numériques"), std::string::npos);
  const auto at = list.body.find("href=\"/ateliers/seance/");
  ASSERT_NE(at, std::string::npos) << list.body;
  const std::string href = list.body.substr(at + 6, list.body.find('"', at + 6) - at - 6);
  auto page = Get(*server_, href);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("name=\"csrf\""), std::string::npos);
  const std::string csrf_cookie = CookieFrom(page, "relais_csrf");
  const std::string csrf = csrf_cookie.substr(csrf_cookie.find('=') + 1);

  const std::string form =
      "prenom=Awa&nom=Diallo&telephone=0612345678&commune=Antony&consentement=oui";
  auto refused =
      Http({"POST",
            server_->Url(href),
            form + "&csrf=wrong",
            {"Content-Type: application/x-www-form-urlencoded", "Cookie: " + csrf_cookie}});
  EXPECT_EQ(refused.status, 403);
  auto no_consent =
      Http({"POST",
            server_->Url(href),
            "prenom=Awa&nom=Diallo&telephone=0612345678&csrf=" + csrf,
            {"Content-Type: application/x-www-form-urlencoded", "Cookie: " + csrf_cookie}});
  EXPECT_EQ(no_consent.status, 422);
  EXPECT_NE(no_consent.body.find("erreur-consentement"), std::string::npos);
  auto registered =
      Http({"POST",
            server_->Url(href),
            form + "&csrf=" + csrf,
            {"Content-Type: application/x-www-form-urlencoded", "Cookie: " + csrf_cookie}});
  ASSERT_EQ(registered.status, 303) << registered.body;
  const std::string location = registered.Header("location");
  EXPECT_EQ(location.rfind("/ateliers/confirmation/", 0), 0u) << location;
  auto confirmation = Get(*server_, location);
  ASSERT_EQ(confirmation.status, 200);
  EXPECT_NE(confirmation.body.find("/ateliers/inscription/"), std::string::npos);
  EXPECT_EQ(Get(*server_, "/ateliers/seance/nope").status, 404);
  EXPECT_EQ(Get(*server_, "/ateliers/inscription/x?jeton=y").status, 404);

  // Staff pages: the login first; then the list, a sheet, a desk registration.
  EXPECT_EQ(Get(*server_, "/ateliers/gestion").status, 303);
  const StaffSession staff = SignIn(*server_, "mediator", "demo");
  ASSERT_TRUE(staff.ok);
  auto home = Get(*server_, "/ateliers/gestion", {staff.cookie});
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("Programmer une séance"), std::string::npos);
  auto created = PostForm(*server_, staff, "/ateliers/gestion/seances",
                          "atelier=smartphone&date=" + DateFromToday(12) +
                              "&debut=14:00&fin=16:00&salle=Salle+2&places=1");
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string sheet =
      created.Header("location").substr(0, created.Header("location").find('?'));
  auto desk =
      PostForm(*server_, staff, sheet + "/inscription", "prenom=Jean&nom=Martin&consentement=oui");
  ASSERT_EQ(desk.status, 303) << desk.body;
  auto shown = Get(*server_, sheet, {staff.cookie});
  ASSERT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("Jean Martin"), std::string::npos);
  EXPECT_NE(shown.body.find("Inscrits : 1 sur 1"), std::string::npos) << shown.body;
  const StaffSession funder = SignIn(*server_, "funder", "demo");
  EXPECT_EQ(Get(*server_, "/ateliers/gestion", {funder.cookie}).status, 403);
}

// --- 50 residents at once for 12 seats ------------------------------------------

size_t Collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

struct Answer {
  long status = 0;
  json body;
};

TEST(WorkshopsConcurrency, FiftyRegistrationsOnTwelveSeats) {
  TempDir dir;
  const std::vector<std::string> args = {"demo", "--db", dir.File("race.sqlite")};
  RelaisProcess server(args);
  ASSERT_TRUE(server.running()) << server.Output();
  // On PostgreSQL, half the residents register through a second process.
  const auto twin = Twin(args);
  ASSERT_TRUE(!twin || twin->running()) << twin->Output();
  const auto staff = As(server, "coordinator");
  constexpr int kRounds = 3;
  constexpr int kPeople = 50;
  constexpr int kSeats = 12;
  for (int round = 0; round < kRounds; ++round) {
    const std::string session = NewSession(server, staff, kSeats, 10 + round);
    ASSERT_FALSE(session.empty());
    const std::string path = "/api/v1/workshop-sessions/" + session + "/registrations";
    std::vector<Answer> answers(kPeople);
    std::atomic<int> ready{0};
    std::vector<std::thread> residents;
    for (int i = 0; i < kPeople; ++i) {
      residents.emplace_back([&, i] {
        CURL* curl = curl_easy_init();
        curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
        headers = curl_slist_append(headers, "Expect:");
        const std::string body = Registration("P" + std::to_string(i)).dump();
        const std::string url = (twin && i % 2 == 1 ? *twin : server).Url(path);
        std::string out;
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
        ++ready;
        while (ready.load() < kPeople) std::this_thread::yield();
        if (curl_easy_perform(curl) == CURLE_OK) {
          curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answers[i].status);
        }
        answers[i].body = json::parse(out, nullptr, false);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
      });
    }
    for (auto& r : residents) r.join();

    int registered = 0;
    std::set<int> positions;
    std::map<std::string, json> by_id;
    for (const Answer& a : answers) {
      ASSERT_EQ(a.status, 201) << a.body.dump();
      by_id[a.body["id"]] = a.body;
      if (a.body["status"] == "registered") {
        ++registered;
        EXPECT_TRUE(a.body["waitlist_position"].is_null());
      } else {
        EXPECT_EQ(a.body["status"], "waitlisted");
        positions.insert(a.body["waitlist_position"].get<int>());
      }
    }
    EXPECT_EQ(registered, kSeats) << "round " << round;
    ASSERT_EQ(positions.size(), static_cast<std::size_t>(kPeople - kSeats)) << "no position twice";
    EXPECT_EQ(*positions.begin(), 1);
    EXPECT_EQ(*positions.rbegin(), kPeople - kSeats) << "positions 1..38 without gaps";

    // What is stored agrees: seats to the first twelve arrivals, then the
    // waiting list in order of arrival.
    auto listed = Get(server, "/api/v1/workshop-sessions/" + session + "/registrations", staff);
    ASSERT_EQ(listed.status, 200) << listed.body;
    const json list = json::parse(listed.body)["registrations"];
    ASSERT_EQ(list.size(), static_cast<std::size_t>(kPeople));
    std::set<int> seats;
    int expected_position = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i]["arrival"], static_cast<int>(i) + 1);
      if (i < kSeats) {
        EXPECT_EQ(list[i]["status"], "registered");
        seats.insert(list[i]["seat"].get<int>());
      } else {
        EXPECT_EQ(list[i]["status"], "waitlisted");
        EXPECT_EQ(list[i]["waitlist_position"], ++expected_position);
        EXPECT_EQ(by_id[list[i]["id"]]["waitlist_position"], expected_position)
            << "the position given is the order of arrival";
      }
    }
    EXPECT_EQ(seats.size(), static_cast<std::size_t>(kSeats));

    // A registered person cancels: position 1 moves up, the others follow.
    const json& leaving = by_id[list[round]["id"]];
    const json& first_waiting = by_id[list[kSeats]["id"]];
    auto cancelled =
        Post(server, "/api/v1/registrations/" + leaving["id"].get<std::string>() + "/cancel",
             json{{"token", leaving["manage_token"]}});
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    auto promoted = Get(server, "/api/v1/registrations/" + first_waiting["id"].get<std::string>() +
                                    "?token=" + first_waiting["manage_token"].get<std::string>());
    ASSERT_EQ(promoted.status, 200);
    EXPECT_EQ(json::parse(promoted.body)["status"], "registered");
    const json& second_waiting = by_id[list[kSeats + 1]["id"]];
    auto next = Get(server, "/api/v1/registrations/" + second_waiting["id"].get<std::string>() +
                                "?token=" + second_waiting["manage_token"].get<std::string>());
    EXPECT_EQ(json::parse(next.body)["waitlist_position"], 1);
    auto session_now = Get(server, "/api/v1/workshop-sessions/" + session, staff);
    EXPECT_EQ(json::parse(session_now.body)["registered"], kSeats);
    EXPECT_EQ(json::parse(session_now.body)["waitlisted"], kPeople - kSeats - 1);
  }
}

// --- The promotion by e-mail, through a real SMTP server ---------------------------

TEST(WorkshopsNotifications, TheWaitingListAndThePromotionReachTheirPeople) {
  TempDir dir;
  SmtpServer smtp(dir.File("maildir"));
  ASSERT_TRUE(smtp.ready()) << "the SMTP server (Debian's python3-aiosmtpd) did not start";
  {
    std::ofstream config(dir.File("relais.toml"));
    config << "public_url = \"https://rdv.exemple.fr\"\n"
           << "[smtp]\nurl = \"" << smtp.Url() << "\"\nfrom = \"accueil@pimms.example\"\n";
  }
  RelaisProcess server(
      {"--config", dir.File("relais.toml"), "demo", "--db", dir.File("demo.sqlite")});
  ASSERT_TRUE(server.running()) << server.Output();
  const auto staff = As(server, "coordinator");
  const std::string session = NewSession(server, staff, 1);
  const std::string path = "/api/v1/workshop-sessions/" + session + "/registrations";
  auto first = Post(server, path, Registration("Awa", "awa@exemple.fr"));
  ASSERT_EQ(first.status, 201) << first.body;
  auto second = Post(server, path, Registration("Binta", "binta@exemple.fr"));
  ASSERT_EQ(second.status, 201) << second.body;
  const json a = json::parse(first.body);
  const json b = json::parse(second.body);
  auto cancelled = Post(server, "/api/v1/registrations/" + a["id"].get<std::string>() + "/cancel",
                        json{{"token", a["manage_token"]}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;

  // Awa's confirmation and cancellation; Binta's waiting list and promotion.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto messages = smtp.Messages();
  while (messages.size() < 4 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    messages = smtp.Messages();
  }
  ASSERT_EQ(messages.size(), 4u) << server.Output();
  std::string text;  // the promotion's plain text, quoted-printable undone
  for (const std::string& m : messages) {
    if (m.find("To: binta@exemple.fr") == std::string::npos) continue;
    std::string decoded;
    for (std::size_t i = 0; i < m.size(); ++i) {
      if (m[i] == '=' && m.compare(i + 1, 2, "\r\n") == 0) {
        i += 2;
      } else if (m[i] == '=' && m.compare(i + 1, 1, "\n") == 0) {
        i += 1;
      } else if (m.compare(i, 3, "=3D") == 0) {
        decoded += '=';
        i += 2;
      } else {
        decoded += m[i];
      }
    }
    if (decoded.find("Bonne nouvelle") != std::string::npos) text = decoded;
  }
  ASSERT_FALSE(text.empty()) << messages[0] << messages[1] << messages[2] << messages[3];
  EXPECT_NE(text.find("https://rdv.exemple.fr/ateliers/inscription/" + b["id"].get<std::string>() +
                      "?jeton=" + b["manage_token"].get<std::string>()),
            std::string::npos)
      << "the manage link, as given at registration\n"
      << text;
  const std::string output = server.Output();
  EXPECT_EQ(output.find("binta"), std::string::npos) << "no personal data in logs\n" << output;
}

}  // namespace
}  // namespace relais::testing
