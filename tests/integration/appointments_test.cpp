// Appointments over real HTTP, on the demo desk: the booking cycle, every
// refusal with its status and code, and 64 clients racing for the same slots.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/support/dates.h"
#include "tests/support/desk_database.h"
#include "tests/support/expectations.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kJson = {"Content-Type: application/json"};

// "2025-07-07T09:30:00+02:00" with another wall-clock time, same date and offset.
std::string WithTime(const std::string& rfc3339, const std::string& hh_mm) {
  return rfc3339.substr(0, 11) + hh_mm + rfc3339.substr(16);
}

std::string PlusMinutes(const std::string& rfc3339, int minutes) {
  const int total =
      std::stoi(rfc3339.substr(11, 2)) * 60 + std::stoi(rfc3339.substr(14, 2)) + minutes;
  char hh_mm[32];
  std::snprintf(hh_mm, sizeof hh_mm, "%02d:%02d", total / 60, total % 60);
  return WithTime(rfc3339, hh_mm);
}

std::string NextYear(const std::string& rfc3339) {
  return std::to_string(std::stoi(rfc3339.substr(0, 4)) + 1) + rfc3339.substr(4);
}

json Person() {
  return {{"first_name", "Awa"},
          {"last_name", "Diallo"},
          {"phone", "06 12 34 56 78"},
          {"email", "awa.diallo@exemple.fr"},
          {"commune_insee", "92002"}};
}

json BookingBody(const std::string& type, const std::string& start) {
  return {{"type", type}, {"start", start}, {"person", Person()}, {"consent", true}};
}

class AppointmentsApi : public ::testing::Test {
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

  static HttpResponse Get(const std::string& path, std::vector<std::string> headers = {}) {
    return Http({"GET", server_->Url(path), "", std::move(headers)});
  }
  static HttpResponse Post(const std::string& path, const std::string& body,
                           std::vector<std::string> headers = kJson) {
    return Http({"POST", server_->Url(path), body, std::move(headers)});
  }
  static HttpResponse Post(const std::string& path, const json& body,
                           std::vector<std::string> headers = kJson) {
    return Post(path, body.dump(), std::move(headers));
  }
  // A staff session as headers for a JSON request.
  static std::vector<std::string> As(const std::string& login) {
    auto session = Post("/api/v1/session", LoginJson(*server_, login));
    EXPECT_EQ(session.status, 200) << session.body;
    return {"Content-Type: application/json", "Cookie: " + CookieFrom(session, "relais_session")};
  }
  // The slots' starts of `type` from today + `from` days to today + `to` days.
  static std::vector<std::string> Starts(const std::string& type, int from = 0, int to = 20,
                                         std::vector<std::string> headers = {}) {
    auto response = Get(
        "/api/v1/slots?type=" + type + "&from=" + DateFromToday(from) + "&to=" + DateFromToday(to),
        std::move(headers));
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> starts;
    const json body = json::parse(response.body);  // kept alive for the loop
    for (const auto& slot : body["slots"]) starts.push_back(slot["start"]);
    return starts;
  }
  static bool Shown(const std::string& type, const std::string& start) {
    const auto starts = Starts(type);
    return std::find(starts.begin(), starts.end(), start) != starts.end();
  }
  // A start two days ahead at least, so that no minimum notice is in the way.
  static std::string LaterStart(const std::string& type) {
    const auto starts = Starts(type, 2, 20);
    EXPECT_FALSE(starts.empty());
    return starts.empty() ? std::string() : starts.front();
  }

  static TempDir* dir_;
  static RelaisProcess* server_;
};

TempDir* AppointmentsApi::dir_ = nullptr;
RelaisProcess* AppointmentsApi::server_ = nullptr;

TEST_F(AppointmentsApi, TypesAreTheDemoDesksOnlineOnesForThePublic) {
  auto response = Get("/api/v1/appointment-types");
  ASSERT_EQ(response.status, 200);
  const auto types = json::parse(response.body);
  ASSERT_TRUE(types.is_array());
  std::map<std::string, json> by_id;
  for (const auto& type : types) {
    EXPECT_TRUE(type["name"].is_string());
    EXPECT_TRUE(type["duration_minutes"].is_number_integer());
    EXPECT_TRUE(type.contains("partner"));
    by_id[type["id"]] = type;
  }
  EXPECT_EQ(by_id.size(), 6u);
  EXPECT_EQ(by_id["caf-logement"]["name"], "Aide pour l'allocation logement (CAF)");
  EXPECT_EQ(by_id["caf-logement"]["duration_minutes"], 45);
  EXPECT_EQ(by_id["caf-logement"]["partner"], "caf");
  EXPECT_EQ(by_id["cpam-compte-ameli"]["partner"], "cpam");
  EXPECT_EQ(by_id["france-travail-inscription"]["partner"], "france-travail");
  EXPECT_TRUE(by_id["orientation"]["partner"].is_null());
  EXPECT_EQ(by_id.count("suivi-demarche"), 0u) << "booked by staff only";

  auto staff = Get("/api/v1/appointment-types", As("reception"));
  ASSERT_EQ(staff.status, 200);
  EXPECT_EQ(json::parse(staff.body).size(), 7u);
}

TEST_F(AppointmentsApi, BookThenCancelGivesTheSlotBack) {
  const auto starts = Starts("orientation", 1, 20);
  ASSERT_FALSE(starts.empty());
  const std::string start = starts.front();
  EXPECT_EQ(start.size(), 25u) << "RFC 3339 with the Paris offset: " << start;
  EXPECT_TRUE(start.ends_with("+01:00") || start.ends_with("+02:00")) << start;
  // Asked twice before booking: the public's answer is then kept, and must
  // not outlive the booking or the cancellation below.
  ASSERT_TRUE(Shown("orientation", start));
  ASSERT_TRUE(Shown("orientation", start));

  // Book until every mediator free at that time is taken.
  std::vector<json> booked;
  for (int i = 0; i < 5; ++i) {
    auto response = Post("/api/v1/appointments", BookingBody("orientation", start));
    if (response.status == 409) {
      ExpectError(response, 409, "slot_taken", "start");
      break;
    }
    ASSERT_EQ(response.status, 201) << response.body;
    booked.push_back(json::parse(response.body));
  }
  ASSERT_GE(booked.size(), 1u);
  ASSERT_LE(booked.size(), 3u) << "three mediators in the demo";
  const json& first = booked.front();
  EXPECT_EQ(first["start"], start);
  EXPECT_EQ(first["end"], PlusMinutes(start, 15));
  EXPECT_EQ(first["status"], "booked");
  EXPECT_EQ(first["manage_token"].get<std::string>().size(), 43u);
  EXPECT_FALSE(Shown("orientation", start)) << "the slot is gone";

  // The person reads it with the token.
  const std::string id = first["id"];
  const std::string token = first["manage_token"];
  auto read = Get("/api/v1/appointments/" + id + "?token=" + token);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(json::parse(read.body)["type_name"], "Orientation générale");
  EXPECT_FALSE(json::parse(read.body).contains("person")) << "a link shows no personal data";
  ExpectError(Get("/api/v1/appointments/" + id + "?token=wrong"), 404, "appointment_not_found");

  auto cancelled = Post("/api/v1/appointments/" + id + "/cancel", json{{"token", token}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body), json({{"status", "cancelled"}}));
  EXPECT_TRUE(Shown("orientation", start)) << "the slot is back";
  ExpectError(Post("/api/v1/appointments/" + id + "/cancel", json{{"token", token}}), 409,
              "already_cancelled");

  // The day's list, as staff: every booking, with its person.
  auto day = Get("/api/v1/appointments?date=" + start.substr(0, 10), As("mediator"));
  ASSERT_EQ(day.status, 200) << day.body;
  std::map<std::string, json> listed;
  const json day_body = json::parse(day.body);
  for (const auto& a : day_body["appointments"]) listed[a["id"]] = a;
  for (const auto& b : booked) ASSERT_EQ(listed.count(b["id"]), 1u);
  EXPECT_EQ(listed[id]["status"], "cancelled");
  EXPECT_EQ(listed[booked.back()["id"]]["status"], "booked");
  EXPECT_EQ(listed[id]["person"]["phone"], "0612345678");
  EXPECT_EQ(listed[id]["person"]["last_name"], "Diallo");
  EXPECT_EQ(listed[id]["type_name"], "Orientation générale");
  EXPECT_TRUE(listed[id]["mediator"]["login"].is_string());
}

TEST_F(AppointmentsApi, SlotQueriesAreChecked) {
  const std::string today = DateFromToday(0);
  ExpectError(Get("/api/v1/slots?type=nope&from=" + today + "&to=" + today), 404,
              "unknown_appointment_type", "type");
  ExpectError(Get("/api/v1/slots?type=suivi-demarche&from=" + today + "&to=" + today), 404,
              "unknown_appointment_type");
  ExpectError(Get("/api/v1/slots?type=orientation&from=demain&to=" + today), 400, "invalid_date",
              "from");
  ExpectError(Get("/api/v1/slots?type=orientation&from=" + today + "&to=2025-02-30"), 400,
              "invalid_date", "to");
  ExpectError(Get("/api/v1/slots?type=orientation&from=" + today), 400, "invalid_date", "to");
  ExpectError(Get("/api/v1/slots?type=orientation&from=" + DateFromToday(1) + "&to=" + today), 422,
              "invalid_window", "to");
  ExpectError(Get("/api/v1/slots?type=orientation&from=" + today + "&to=" + DateFromToday(93)), 422,
              "window_too_long", "to");
  EXPECT_EQ(Get("/api/v1/slots?type=orientation&from=" + today + "&to=" + DateFromToday(92)).status,
            200);
  // Staff see the staff-only types' slots, and how many mediators are free.
  auto staff =
      Get("/api/v1/slots?type=suivi-demarche&from=" + DateFromToday(1) + "&to=" + DateFromToday(14),
          As("coordinator"));
  ASSERT_EQ(staff.status, 200) << staff.body;
  const auto slots = json::parse(staff.body)["slots"];
  ASSERT_FALSE(slots.empty());
  EXPECT_GE(slots[0]["free_mediators"], 1);
}

TEST_F(AppointmentsApi, EveryRefusalHasItsStatusCodeAndField) {
  const std::string start = LaterStart("caf-prime-activite");
  ASSERT_FALSE(start.empty());
  const auto book = [](json body) { return Post("/api/v1/appointments", body); };
  const auto with_person = [](const std::string& key, json value) {
    json body = BookingBody("caf-prime-activite", "");
    body["person"][key] = std::move(value);
    return body;
  };

  ExpectError(Post("/api/v1/appointments", std::string("{\"type\":")), 400, "malformed_json");
  ExpectError(Post("/api/v1/appointments", std::string("[]")), 400, "malformed_json");
  ExpectError(book(json{{"start", start}}), 422, "invalid_field", "type");
  ExpectError(book(BookingBody("nope", start)), 404, "unknown_appointment_type", "type");
  ExpectError(book(BookingBody("suivi-demarche", start)), 404, "unknown_appointment_type", "type");
  ExpectError(book(BookingBody("caf-prime-activite", "demain matin")), 422, "invalid_time",
              "start");
  ExpectError(book(BookingBody("caf-prime-activite", "2020-01-06T10:00:00+01:00")), 422,
              "in_the_past", "start");
  ExpectError(book(BookingBody("caf-prime-activite", NextYear(start))), 422, "beyond_horizon",
              "start");
  ExpectError(book(BookingBody("caf-prime-activite", WithTime(start, "07:00"))), 422,
              "outside_opening_hours", "start");
  ExpectError(book(BookingBody("caf-prime-activite", PlusMinutes(start, 5))), 422, "not_on_grid",
              "start");

  json no_consent = BookingBody("caf-prime-activite", start);
  no_consent.erase("consent");
  ExpectError(book(no_consent), 422, "consent_required", "consent");
  no_consent["consent"] = false;
  ExpectError(book(no_consent), 422, "consent_required", "consent");
  no_consent["consent"] = "oui";
  ExpectError(book(no_consent), 422, "consent_required", "consent");

  const auto refused = [&](const std::string& key, json value, const std::string& code) {
    json body = with_person(key, std::move(value));
    body["start"] = start;
    ExpectError(book(body), 422, code, "person." + key);
  };
  refused("phone", "12345", "invalid_phone");
  refused("phone", "+44 20 7946 0958", "invalid_phone");
  refused("phone", 612345678, "invalid_field");
  refused("email", "pas-un-email", "invalid_email");
  refused("first_name", "", "name_required");
  refused("last_name", std::string(101, 'x'), "name_too_long");
  refused("commune_insee", "9200", "invalid_commune");
  refused("commune_insee", "2C001", "invalid_commune");
  json no_contact = BookingBody("caf-prime-activite", start);
  no_contact["person"].erase("phone");
  no_contact["person"].erase("email");
  ExpectError(book(no_contact), 422, "contact_required", "person.phone");
  json no_person = BookingBody("caf-prime-activite", start);
  no_person.erase("person");
  ExpectError(book(no_person), 422, "name_required", "person.first_name");

  // None of them booked anything.
  EXPECT_TRUE(Shown("caf-prime-activite", start));
  // A Corsican commune and a +33 number are fine.
  json good = BookingBody("caf-prime-activite", start);
  good["person"]["commune_insee"] = "2A004";
  good["person"]["phone"] = "+33 1 46 11 22 33";
  auto created = book(good);
  EXPECT_EQ(created.status, 201) << created.body;
}

TEST_F(AppointmentsApi, CancellingNeedsTheRightTokenAndTheSameAnswerOtherwise) {
  const std::string start = LaterStart("cpam-compte-ameli");
  auto created = Post("/api/v1/appointments", BookingBody("cpam-compte-ameli", start));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = json::parse(created.body)["id"];
  auto wrong = Post("/api/v1/appointments/" + id + "/cancel", json{{"token", "x"}});
  auto unknown = Post("/api/v1/appointments/nope/cancel",
                      json{{"token", json::parse(created.body)["manage_token"]}});
  ExpectError(wrong, 404, "appointment_not_found");
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(unknown.status, 404);
  ExpectError(Post("/api/v1/appointments/" + id + "/cancel", json::object()), 422, "invalid_field",
              "token");
  ExpectError(Post("/api/v1/appointments/" + id + "/cancel", std::string("nope")), 400,
              "malformed_json");
}

TEST_F(AppointmentsApi, StaffActionsNeedASessionAndNoFunder) {
  const std::string today = DateFromToday(1);
  ExpectError(Get("/api/v1/appointments?date=" + today), 401, "unauthenticated");
  ExpectError(Get("/api/v1/appointments?date=" + today, As("funder")), 403, "forbidden");
  EXPECT_EQ(Get("/api/v1/appointments?date=" + today, As("reception")).status, 200);
  ExpectError(Get("/api/v1/appointments?date=hier", As("reception")), 400, "invalid_date", "date");
  ExpectError(Post("/api/v1/appointments/x/status", json{{"status", "seen"}}), 401,
              "unauthenticated");
  const auto starts = Starts("suivi-demarche", 2, 20, As("reception"));
  ASSERT_FALSE(starts.empty());
  const std::string start = starts.front();
  ExpectError(Post("/api/v1/appointments", BookingBody("suivi-demarche", start), As("funder")), 403,
              "forbidden");
  ExpectError(Post("/api/v1/appointments", BookingBody("suivi-demarche", start),
                   {"Content-Type: application/json", "Cookie: relais_session=expired"}),
              401, "unauthenticated");
}

TEST_F(AppointmentsApi, StaffBookMoveAndMark) {
  const auto staff = As("mediator");
  // The staff-only type, for a person at the desk (no contact needed), with a chosen mediator.
  auto mediators = Get("/api/v1/session", staff);
  ASSERT_EQ(mediators.status, 200);
  const std::string me = json::parse(mediators.body)["id"];
  // Far enough for no other test's booking to be in the way.
  const auto starts = Starts("suivi-demarche", 10, 20, staff);
  ASSERT_GE(starts.size(), 3u);
  json body = BookingBody("suivi-demarche", starts[0]);
  body["person"].erase("phone");
  body["person"].erase("email");
  body["agent_id"] = me;
  auto created = Post("/api/v1/appointments", body, staff);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = json::parse(created.body)["id"];
  body["agent_id"] = "personne";
  ExpectError(Post("/api/v1/appointments", body, staff), 422, "unknown_mediator", "agent_id");

  // Move it two hours later (or to the next slot shown).
  const std::string later = starts[2];
  auto moved = Post("/api/v1/appointments/" + id + "/move", json{{"start", later}}, staff);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(json::parse(moved.body)["start"], later);
  EXPECT_EQ(json::parse(moved.body)["mediator"]["id"], me) << "kept when free";
  ExpectError(Post("/api/v1/appointments/" + id + "/move",
                   json{{"start", WithTime(later, "07:00")}}, staff),
              422, "outside_opening_hours", "start");

  // Statuses.
  ExpectError(Post("/api/v1/appointments/" + id + "/status", json{{"status", "venu"}}, staff), 422,
              "invalid_status", "status");
  ExpectError(Post("/api/v1/appointments/" + id + "/status", json{{"status", "seen"}}, staff), 422,
              "not_started", "status");
  ExpectError(Post("/api/v1/appointments/nope/status", json{{"status", "excused"}}, staff), 404,
              "appointment_not_found");
  auto excused = Post("/api/v1/appointments/" + id + "/status", json{{"status", "excused"}}, staff);
  ASSERT_EQ(excused.status, 200) << excused.body;
  EXPECT_EQ(json::parse(excused.body)["status"], "excused");
  ExpectError(Post("/api/v1/appointments/" + id + "/cancel", json::object(), staff), 409,
              "not_booked");

  // A person moves their own booking with the link's token.
  const std::string start = LaterStart("billet-train");
  auto own = Post("/api/v1/appointments", BookingBody("billet-train", start));
  ASSERT_EQ(own.status, 201) << own.body;
  const json booking = json::parse(own.body);
  const std::string target = PlusMinutes(start, 60);
  auto by_link = Post("/api/v1/appointments/" + booking["id"].get<std::string>() + "/move",
                      json{{"start", target}, {"token", booking["manage_token"]}});
  if (by_link.status == 200) {
    EXPECT_EQ(json::parse(by_link.body)["start"], target);
    EXPECT_FALSE(json::parse(by_link.body).contains("person"));
  } else {
    // The hour after may be closed (the desk closes at 13:00 on some days).
    ExpectError(by_link, 422, "outside_opening_hours");
  }
  ExpectError(Post("/api/v1/appointments/" + booking["id"].get<std::string>() + "/move",
                   json{{"start", target}, {"token", "wrong"}}),
              404, "appointment_not_found");
}

// --- 64 clients racing for the same slots ------------------------------------

size_t Collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

struct Attempt {
  long status = 0;
  std::string code;  // the error code, or the id on 201
};

TEST(AppointmentsConcurrency, EachSlotIsBookedOncePerFreeMediator) {
  TempDir dir;
  const std::vector<std::string> args = {"demo", "--db", dir.File("race.sqlite")};
  RelaisProcess server(args);
  ASSERT_TRUE(server.running()) << server.Output();
  // On PostgreSQL, half the clients book through a second process.
  const auto twin = Twin(args);
  ASSERT_TRUE(!twin || twin->running()) << twin->Output();
  auto login =
      Http({"POST", server.Url("/api/v1/session"), LoginJson(server, "coordinator"), kJson});
  ASSERT_EQ(login.status, 200);
  const std::string cookie = "Cookie: " + CookieFrom(login, "relais_session");

  // Slots of "Orientation générale" (15 minutes, no buffer) at least an hour
  // apart, from the day after tomorrow, with their number of free mediators.
  auto listed = Http({"GET",
                      server.Url("/api/v1/slots?type=orientation&from=" + DateFromToday(2) +
                                 "&to=" + DateFromToday(50)),
                      "",
                      {cookie}});
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::vector<std::pair<std::string, int>> chosen;  // start, free mediators
  std::string last_day;
  int last_minute = -1000;
  const json listed_body = json::parse(listed.body);
  for (const auto& slot : listed_body["slots"]) {
    const std::string start = slot["start"];
    const int minute = std::stoi(start.substr(11, 2)) * 60 + std::stoi(start.substr(14, 2));
    if (start.substr(0, 10) == last_day && minute - last_minute < 60) continue;
    chosen.emplace_back(start, slot["free_mediators"].get<int>());
    last_day = start.substr(0, 10);
    last_minute = minute;
  }
  constexpr int kRounds = 3;
  constexpr int kSlots = 20;
  constexpr int kClients = 64;
  ASSERT_GE(chosen.size(), static_cast<std::size_t>(kRounds * kSlots));
  std::set<int> capacities;
  for (const auto& [start, free] : chosen) capacities.insert(free);
  EXPECT_GT(capacities.size(), 1u) << "slots with different numbers of free mediators";

  std::map<std::string, std::vector<std::string>> ids_by_day;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<std::pair<std::string, int>> slots(chosen.begin() + round * kSlots,
                                                   chosen.begin() + (round + 1) * kSlots);
    std::vector<std::vector<Attempt>> attempts(kSlots);
    std::mutex attempts_mutex;
    std::atomic<int> ready{0};
    std::vector<std::thread> clients;
    for (int client = 0; client < kClients; ++client) {
      clients.emplace_back([&, client] {
        CURL* curl = curl_easy_init();  // one easy handle per client, reused
        curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
        headers = curl_slist_append(headers, "Expect:");
        const std::string url =
            (twin && client % 2 == 1 ? *twin : server).Url("/api/v1/appointments");
        ++ready;
        while (ready.load() < kClients) std::this_thread::yield();
        for (int k = 0; k < kSlots; ++k) {
          const int index = (client + k) % kSlots;  // each client its own order
          const std::string body = BookingBody("orientation", slots[index].first).dump();
          std::string answer;
          curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
          curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
          curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
          curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
          curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
          curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
          curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
          Attempt attempt;
          if (curl_easy_perform(curl) == CURLE_OK) {
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &attempt.status);
          }
          auto parsed = json::parse(answer, nullptr, false);
          if (attempt.status == 201 && parsed.is_object()) {
            attempt.code = parsed["id"];
          } else if (parsed.is_object() && parsed.contains("error")) {
            attempt.code = parsed["error"]["code"];
          }
          std::lock_guard lock(attempts_mutex);
          attempts[index].push_back(std::move(attempt));
        }
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
      });
    }
    for (auto& client : clients) client.join();

    for (int i = 0; i < kSlots; ++i) {
      int created = 0;
      ASSERT_EQ(attempts[i].size(), static_cast<std::size_t>(kClients));
      for (const Attempt& attempt : attempts[i]) {
        if (attempt.status == 201) {
          ++created;
          ids_by_day[slots[i].first.substr(0, 10)].push_back(attempt.code);
        } else {
          EXPECT_EQ(attempt.status, 409) << slots[i].first << " " << attempt.code;
          EXPECT_EQ(attempt.code, "slot_taken");
        }
      }
      EXPECT_EQ(created, slots[i].second)
          << "round " << round << ", " << slots[i].first << ": one booking per free mediator";
    }
  }

  // Every 201 is in the database, booked; and the slots are gone.
  std::size_t found = 0;
  for (const auto& [day, ids] : ids_by_day) {
    auto list = Http({"GET", server.Url("/api/v1/appointments?date=" + day), "", {cookie}});
    ASSERT_EQ(list.status, 200) << list.body;
    std::map<std::string, std::string> status_by_id;
    const json list_body = json::parse(list.body);
    for (const auto& a : list_body["appointments"]) status_by_id[a["id"]] = a["status"];
    for (const std::string& id : ids) {
      ASSERT_EQ(status_by_id.count(id), 1u) << id;
      EXPECT_EQ(status_by_id[id], "booked");
      ++found;
    }
  }
  std::size_t expected = 0;
  for (int i = 0; i < kRounds * kSlots; ++i) expected += static_cast<std::size_t>(chosen[i].second);
  EXPECT_EQ(found, expected);
  auto after = Http({"GET",
                     server.Url("/api/v1/slots?type=orientation&from=" + DateFromToday(2) +
                                "&to=" + DateFromToday(50)),
                     "",
                     {}});
  std::set<std::string> still;
  const json after_body = json::parse(after.body);
  for (const auto& slot : after_body["slots"]) still.insert(slot["start"]);
  for (int i = 0; i < kRounds * kSlots; ++i) EXPECT_EQ(still.count(chosen[i].first), 0u);
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace relais::testing
