// Crash durability: the demo desk, under bookings and visits from several
// clients at once, is killed (SIGKILL) at a random moment, twenty times
// over. After each crash the file passes PRAGMA integrity_check and, once
// the server is back on it, every booking and visit answered 201 is there.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/sqlite_database.h"
#include "tests/support/dates.h"
#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

constexpr int kRounds = 20;
constexpr int kBookingClients = 3;
constexpr int kVisitClients = 3;
constexpr int kMediators = 3;  // the demo's: a start is booked until it is taken
const std::string kJson = "Content-Type: application/json";

// What the server answered 201 to, by local date (YYYY-MM-DD) and id; and
// any answer that is neither 201, 409 nor a connection cut by the kill.
struct Acknowledged {
  std::mutex mutex;
  std::map<std::string, std::set<std::string>> appointments;  // GUARDED_BY(mutex)
  std::map<std::string, std::set<std::string>> visits;        // GUARDED_BY(mutex)
  std::size_t appointment_count = 0;                          // GUARDED_BY(mutex)
  std::size_t visit_count = 0;                                // GUARDED_BY(mutex)
  std::vector<std::string> unexpected;                        // GUARDED_BY(mutex)

  void Unexpected(const std::string& what, const HttpResponse& response) {
    std::lock_guard lock(mutex);
    unexpected.push_back(what + ": " + std::to_string(response.status) + " " + response.body);
  }
};

std::string MediatorCookie(const RelaisProcess& server) {
  auto session = Http({"POST",
                       server.Url("/api/v1/session"),
                       json{{"login", "mediator"}, {"password", "demo"}}.dump(),
                       {kJson}});
  EXPECT_EQ(session.status, 200) << session.body;
  return "Cookie: " + CookieFrom(session, "relais_session");
}

json BookingBody(const std::string& start) {
  return {{"type", "orientation"},
          {"start", start},
          {"person",
           {{"first_name", "Awa"},
            {"last_name", "Diallo"},
            {"phone", "06 12 34 56 78"},
            {"email", "awa.diallo@exemple.fr"},
            {"commune_insee", "92002"}}},
          {"consent", true}};
}

const json kVisit = {{"commune_insee", "92002"}, {"qpv", true},           {"partner", "caf"},
                     {"themes", {"logement"}},   {"outcome", "resolved"}, {"duration_minutes", 10}};

// The free starts of the orientation type from tomorrow to 60 days ahead.
std::vector<std::string> FreeStarts(const RelaisProcess& server) {
  auto response = Http({"GET",
                        server.Url("/api/v1/slots?type=orientation&from=" + DateFromToday(1) +
                                   "&to=" + DateFromToday(60)),
                        "",
                        {}});
  EXPECT_EQ(response.status, 200) << response.body;
  std::vector<std::string> starts;
  const json body = json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("slots")) {
    for (const auto& slot : body["slots"]) starts.push_back(slot["start"]);
  }
  return starts;
}

// Books the shared `starts` (each until it is taken) and logs visits, from
// several clients, until `server` stops answering; kills it after `delay`.
void LoadThenKill(RelaisProcess& server, std::chrono::milliseconds delay, Acknowledged& acked) {
  const std::string cookie = MediatorCookie(server);
  const std::vector<std::string> starts = FreeStarts(server);
  const std::string book_url = server.Url("/api/v1/appointments");
  const std::string visit_url = server.Url("/api/v1/visits");
  std::atomic<std::size_t> next_start{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kBookingClients; ++i) {
    clients.emplace_back([&] {
      for (std::size_t k = next_start++; k < starts.size(); k = next_start++) {
        const std::string body = BookingBody(starts[k]).dump();
        for (int booked = 0; booked < kMediators; ++booked) {
          auto response = Http({"POST", book_url, body, {kJson}});
          if (response.status == 0) return;  // the server is gone
          if (response.status == 409) break;
          if (response.status != 201) return acked.Unexpected("booking", response);
          const json appointment = json::parse(response.body);
          const std::string start = appointment["start"];
          std::lock_guard lock(acked.mutex);
          acked.appointments[start.substr(0, 10)].insert(appointment["id"].get<std::string>());
          ++acked.appointment_count;
        }
      }
    });
  }
  for (int i = 0; i < kVisitClients; ++i) {
    clients.emplace_back([&] {
      const std::string body = kVisit.dump();
      while (true) {
        auto response = Http({"POST", visit_url, body, {kJson, cookie}});
        if (response.status == 0) return;
        if (response.status != 201) return acked.Unexpected("visit", response);
        const json visit = json::parse(response.body);
        const std::string at = visit["at"];
        std::lock_guard lock(acked.mutex);
        acked.visits[at.substr(0, 10)].insert(visit["id"].get<std::string>());
        ++acked.visit_count;
      }
    });
  }
  // Not a timing assertion: the moment of the crash, chosen at random.
  std::this_thread::sleep_for(delay);
  server.Kill();
  for (auto& client : clients) client.join();
}

// The ids the served desk lists on each date of `by_date` (`path` ends in
// "date="; `list` finds the array in the answer), missing from it.
std::vector<std::string> Missing(const RelaisProcess& server, const std::string& cookie,
                                 const std::string& path,
                                 const std::map<std::string, std::set<std::string>>& by_date,
                                 const std::function<json(const json&)>& list) {
  std::vector<std::string> missing;
  for (const auto& [date, ids] : by_date) {
    auto response = Http({"GET", server.Url(path + date), "", {cookie}});
    const json body = json::parse(response.body, nullptr, false);
    if (response.status != 200 || body.is_discarded()) {
      missing.push_back(date + ": " + std::to_string(response.status) + " " + response.body);
      continue;
    }
    std::set<std::string> stored;
    for (const auto& item : list(body)) stored.insert(item.value("id", ""));
    for (const std::string& id : ids) {
      if (stored.count(id) == 0) missing.push_back(date + " " + id);
    }
  }
  return missing;
}

TEST(Durability, EveryAnswered201SurvivesAKillAtARandomMoment) {
  TempDir dir;
  const std::string path = dir.File("demo.sqlite");
  RelaisProcess server({"demo", "--db", path});
  ASSERT_TRUE(server.running()) << server.Output();
  // Restarts serve the demo's site as it is (`relais demo` would first
  // check its accounts, hashing five passwords each time).
  const std::string config = dir.File("relais.toml");
  std::ofstream(config) << "[site]\nid = \"antony\"\n";
  const std::vector<std::string> serve = {"--config", config, "serve", "--db", path};
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(10, 300);
  Acknowledged acked;

  for (int round = 1; round <= kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    LoadThenKill(server, std::chrono::milliseconds(delay_ms(random)), acked);
    ASSERT_FALSE(server.running());

    if (!OnPostgres()) {  // PostgreSQL was not killed: only relais was
      auto check = storage::CheckSqliteFile(path);
      ASSERT_TRUE(check) << check.error().message;
      EXPECT_EQ(check->problems, std::vector<std::string>{}) << "PRAGMA integrity_check";
    }

    server.Restart(serve);
    ASSERT_TRUE(server.running()) << server.Output();
    const std::string cookie = MediatorCookie(server);
    std::lock_guard lock(acked.mutex);
    EXPECT_EQ(Missing(server, cookie, "/api/v1/visits?date=", acked.visits,
                      [](const json& body) { return body; }),
              std::vector<std::string>{})
        << "visits answered 201, lost";
    EXPECT_EQ(Missing(server, cookie, "/api/v1/appointments?date=", acked.appointments,
                      [](const json& body) { return body.value("appointments", json::array()); }),
              std::vector<std::string>{})
        << "bookings answered 201, lost";
    ASSERT_EQ(acked.unexpected, std::vector<std::string>{});
    if (HasFailure()) return;
  }
  std::lock_guard lock(acked.mutex);
  EXPECT_GT(acked.appointment_count, 0u);
  EXPECT_GT(acked.visit_count, 0u);
  std::printf("durability: %zu bookings and %zu visits answered 201 over %d crashes\n",
              acked.appointment_count, acked.visit_count, kRounds);
}

}  // namespace
}  // namespace relais::testing
