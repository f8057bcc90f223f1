// The walk-in queue over real HTTP, on the demo desk: tickets given and
// called, every refusal, two mediators pressing "call next" together round
// after round, the display's Server-Sent Events, the pages, and a graceful
// stop with a display connected. The desk is opened around the clock
// (24/7) through the admin's hours page, so the tests pass at any hour.
#include <gtest/gtest.h>

#include <curl/curl.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

#include "tests/support/desk_database.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// A Server-Sent Events client on its own thread: keeps what it reads,
// until Close() or a minute has passed.
class EventReader {
 public:
  explicit EventReader(std::string url) : url_(std::move(url)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~EventReader() { Close(); }

  // Asks the reader to hang up, without waiting.
  void Hangup() { stop_ = true; }
  void Close() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  // Waits up to `timeout` for `text` to have been read.
  bool WaitFor(const std::string& text, std::chrono::milliseconds timeout) {
    const auto end = SteadyClock::now() + timeout;
    while (SteadyClock::now() < end) {
      if (Read().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

  std::string Read() {
    std::lock_guard lock(mutex_);
    return text_;
  }
  long status() const { return status_; }
  bool ended() const { return ended_; }

 private:
  static size_t Collect(char* data, size_t size, size_t count, void* self) {
    auto* reader = static_cast<EventReader*>(self);
    std::lock_guard lock(reader->mutex_);
    reader->text_.append(data, size * count);
    return size * count;
  }
  static int Progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<EventReader*>(self)->stop_ ? 1 : 0;
  }

  void Run() {
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, Progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, this);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status_);
    curl_easy_cleanup(curl);
    ended_ = true;
  }

  std::string url_;
  std::thread thread_;
  std::mutex mutex_;
  std::string text_;  // GUARDED_BY(mutex_)
  std::atomic<bool> stop_{false};
  std::atomic<long> status_{0};
  std::atomic<bool> ended_{false};
};

class QueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<RelaisProcess>(
        std::vector<std::string>{"demo", "--db", dir_.File("demo.sqlite")});
    ASSERT_TRUE(server_->running()) << server_->Output();
    admin_ = SignIn(*server_, "admin", "demo");
    ASSERT_TRUE(admin_.ok);
    SetHours("24%2F7");
    reception_ = SignIn(*server_, "reception", "demo");
    mediator_ = SignIn(*server_, "mediator", "demo");
    ASSERT_TRUE(reception_.ok && mediator_.ok);
  }

  void SetHours(const std::string& encoded) {
    auto saved = PostForm(*server_, admin_, "/admin/horaires",
                          "opening_hours=" + encoded + "&timezone=Europe%2FParis&action=save");
    ASSERT_EQ(saved.status, 303) << saved.body;
  }

  // POSTs through `via`, this test's server by default.
  HttpResponse Post(const StaffSession* session, const std::string& path,
                    const std::string& body = "", const std::string& type = "application/json",
                    const RelaisProcess* via = nullptr) {
    std::vector<std::string> headers = {"Content-Type: " + type};
    if (session) headers.push_back(session->cookie);
    return Http({"POST", (via != nullptr ? via : server_.get())->Url(path), body, headers});
  }
  HttpResponse Get(const StaffSession* session, const std::string& path) {
    std::vector<std::string> headers;
    if (session) headers.push_back(session->cookie);
    return Http({"GET", server_->Url(path), "", headers});
  }

  json Issue(const std::string& body = "") {
    auto response = Post(&reception_, "/api/v1/queue/tickets", body);
    EXPECT_EQ(response.status, 201) << response.body;
    return response.status == 201 ? json::parse(response.body) : json::object();
  }

  TempDir dir_;
  std::unique_ptr<RelaisProcess> server_;
  StaffSession admin_;
  StaffSession reception_;
  StaffSession mediator_;
};

TEST_F(QueueTest, ReceptionIssuesAndAMediatorCallsAndServes) {
  json first = Issue(R"({"reason":"caf"})");
  ASSERT_TRUE(first.contains("id"));
  EXPECT_EQ(first["number"], 1);
  EXPECT_EQ(first["position"], 1);
  EXPECT_EQ(first["estimated_wait_minutes"], 5);
  EXPECT_EQ(first["status"], "waiting");
  json second = Issue();
  EXPECT_EQ(second["number"], 2);
  EXPECT_EQ(second["position"], 2);

  auto called = Post(&mediator_, "/api/v1/queue/next", R"({"counter":"2"})");
  ASSERT_EQ(called.status, 200) << called.body;
  json ticket = json::parse(called.body);
  EXPECT_EQ(ticket["id"], first["id"]);
  EXPECT_EQ(ticket["status"], "called");
  EXPECT_EQ(ticket["counter"], "2");

  auto list = Get(&reception_, "/api/v1/queue");
  ASSERT_EQ(list.status, 200);
  json queue = json::parse(list.body);
  EXPECT_EQ(queue["waiting"], 1);
  EXPECT_EQ(queue["called"][0]["number"], 1);
  ASSERT_EQ(queue["tickets"].size(), 2u);
  EXPECT_EQ(queue["tickets"][1]["position"], 1);

  const std::string id = first["id"];
  auto again = Post(&mediator_, "/api/v1/queue/tickets/" + id + "/call");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(json::parse(again.body)["error"]["code"], "ticket_already_called");
  auto served = Post(&mediator_, "/api/v1/queue/tickets/" + id + "/served");
  ASSERT_EQ(served.status, 200) << served.body;
  EXPECT_EQ(json::parse(served.body)["status"], "served");
  const std::string other = second["id"];
  EXPECT_EQ(Post(&reception_, "/api/v1/queue/tickets/" + other + "/cancel").status, 200);
  auto empty = Post(&mediator_, "/api/v1/queue/next");
  EXPECT_EQ(empty.status, 409);
  EXPECT_EQ(json::parse(empty.body)["error"]["code"], "queue_empty");
}

TEST_F(QueueTest, RefusalsHaveTheirStatuses) {
  EXPECT_EQ(Post(nullptr, "/api/v1/queue/tickets").status, 401);
  EXPECT_EQ(Post(nullptr, "/api/v1/queue/next").status, 401);
  EXPECT_EQ(Get(nullptr, "/api/v1/queue").status, 401);
  auto funder = SignIn(*server_, "funder", "demo");
  EXPECT_EQ(Post(&funder, "/api/v1/queue/tickets").status, 403);
  EXPECT_EQ(Post(&funder, "/api/v1/queue/next").status, 403);
  EXPECT_EQ(Get(&funder, "/api/v1/queue").status, 403);
  EXPECT_EQ(Post(&reception_, "/api/v1/queue/next").status, 403) << "reception does not call";

  auto malformed = Post(&reception_, "/api/v1/queue/tickets", "{");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(json::parse(malformed.body)["error"]["code"], "malformed_json");
  EXPECT_EQ(
      Post(&reception_, "/api/v1/queue/tickets", "reason=caf", "application/x-www-form-urlencoded")
          .status,
      400);
  auto named = Post(&reception_, "/api/v1/queue/tickets", R"({"name":"Dupont"})");
  EXPECT_EQ(named.status, 422);
  EXPECT_EQ(json::parse(named.body)["error"]["field"], "name");
  auto reason = Post(&reception_, "/api/v1/queue/tickets", R"({"reason":"Mme Dupont"})");
  EXPECT_EQ(reason.status, 422);
  EXPECT_EQ(json::parse(reason.body)["error"]["code"], "invalid_reason");
  EXPECT_EQ(Post(&mediator_, "/api/v1/queue/next", R"({"counter":7})").status, 422);
  EXPECT_EQ(Post(&mediator_, "/api/v1/queue/tickets/inconnu/call").status, 404);
  EXPECT_EQ(Post(&mediator_, "/api/v1/queue/tickets/inconnu/served").status, 404);

  SetHours("off");
  auto closed = Post(&reception_, "/api/v1/queue/tickets");
  EXPECT_EQ(closed.status, 422) << closed.body;
  EXPECT_EQ(json::parse(closed.body)["error"]["code"], "queue_closed");
  EXPECT_NE(json::parse(closed.body)["error"]["message"].get<std::string>().find("fermé"),
            std::string::npos);
}

// Two mediators press "call next" at the same moment, round after round,
// each from their own session: never the same ticket.
TEST_F(QueueTest, TwoMediatorsCallingTogetherNeverGetTheSameTicket) {
  auto added = RunRelais({"user", "add", "--db", dir_.File("demo.sqlite"), "--login", "m2",
                          "--role", "mediator", "--site", "antony"},
                         "password-long\n");
  ASSERT_EQ(added.exit_code, 0) << added.out;
  auto m2 = SignIn(*server_, "m2", "password-long");
  ASSERT_TRUE(m2.ok);
  const StaffSession* mediators[] = {&mediator_, &m2};
  // On PostgreSQL, the second mediator calls through a second process.
  const auto twin = Twin({"demo", "--db", dir_.File("demo.sqlite")});
  ASSERT_TRUE(!twin || twin->running()) << twin->Output();
  const RelaisProcess* via[] = {server_.get(), twin ? twin.get() : server_.get()};
  constexpr int kRounds = 40;
  std::set<std::string> issued;
  std::set<std::string> called;
  for (int round = 0; round < kRounds; ++round) {
    const int tickets = 1 + round % 2;  // one ticket for two callers, then two
    for (int i = 0; i < tickets; ++i) issued.insert(Issue()["id"].get<std::string>());
    std::latch start(2);
    HttpResponse answers[2];
    std::thread callers[2];
    for (int m = 0; m < 2; ++m) {
      callers[m] = std::thread([&, m] {
        start.arrive_and_wait();
        answers[m] =
            Post(mediators[m], "/api/v1/queue/next",
                 json{{"counter", std::to_string(m + 1)}}.dump(), "application/json", via[m]);
      });
    }
    for (auto& t : callers) t.join();
    int successes = 0;
    for (const HttpResponse& answer : answers) {
      if (answer.status == 200) {
        ++successes;
        EXPECT_TRUE(called.insert(json::parse(answer.body)["id"].get<std::string>()).second)
            << "round " << round << ": a ticket called twice";
      } else {
        EXPECT_EQ(answer.status, 409) << answer.body;
      }
    }
    EXPECT_EQ(successes, tickets) << "round " << round;
  }
  EXPECT_EQ(called, issued);
}

TEST_F(QueueTest, TicketsIssuedAtOnceGetEachItsOwnNumber) {
  // On PostgreSQL, every other ticket is issued through a second process.
  const auto twin = Twin({"demo", "--db", dir_.File("demo.sqlite")});
  ASSERT_TRUE(!twin || twin->running()) << twin->Output();
  const int first = Issue()["number"].get<int>();
  constexpr int kDesks = 8;
  constexpr int kEach = 5;
  std::latch start(kDesks);
  std::mutex mutex;
  std::vector<int> numbers;
  std::vector<std::thread> desks;
  for (int d = 0; d < kDesks; ++d) {
    desks.emplace_back([&, d] {
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        auto issued = Post(&reception_, "/api/v1/queue/tickets", "", "application/json",
                           twin && d % 2 == 1 ? twin.get() : server_.get());
        EXPECT_EQ(issued.status, 201) << issued.body;
        if (issued.status != 201) continue;
        std::lock_guard lock(mutex);
        numbers.push_back(json::parse(issued.body)["number"].get<int>());
      }
    });
  }
  for (auto& desk : desks) desk.join();
  std::sort(numbers.begin(), numbers.end());
  std::vector<int> expected(kDesks * kEach);
  std::iota(expected.begin(), expected.end(), first + 1);
  EXPECT_EQ(numbers, expected) << "the numbers after the first, each once, without gaps";
}

TEST_F(QueueTest, TheDisplayStreamGetsACallWithinASecond) {
  EventReader reader(server_->Url("/api/v1/queue/events"));
  ASSERT_TRUE(reader.WaitFor("event: queue", std::chrono::seconds(5))) << reader.Read();
  EXPECT_NE(reader.Read().find("retry: "), std::string::npos);
  Issue();
  ASSERT_TRUE(reader.WaitFor("\"waiting\":1", std::chrono::seconds(1))) << reader.Read();
  const auto pressed = SteadyClock::now();
  ASSERT_EQ(Post(&mediator_, "/api/v1/queue/next", R"({"counter":"3"})").status, 200);
  EXPECT_TRUE(reader.WaitFor("\"counter\":\"3\"", std::chrono::milliseconds(1000)))
      << reader.Read();
  EXPECT_LT(SteadyClock::now() - pressed, std::chrono::seconds(1));
  const std::string events = reader.Read();
  EXPECT_EQ(events.find("reception"), std::string::npos) << "no staff name on the display";

  auto head = Http({"HEAD", server_->Url("/api/v1/queue/events"), "", {}});
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-type"), "text/event-stream; charset=utf-8");
}

TEST_F(QueueTest, TheDisplayFollowsCallsMadeThroughAnotherProcess) {
  const auto twin = Twin({"demo", "--db", dir_.File("demo.sqlite")});
  if (!twin) GTEST_SKIP() << "one process owns an SQLite file";
  ASSERT_TRUE(twin->running()) << twin->Output();
  EventReader reader(server_->Url("/api/v1/queue/events"));
  ASSERT_TRUE(reader.WaitFor("event: queue", std::chrono::seconds(5))) << reader.Read();
  ASSERT_EQ(Post(&reception_, "/api/v1/queue/tickets", "", "application/json", twin.get()).status,
            201);
  ASSERT_EQ(
      Post(&mediator_, "/api/v1/queue/next", R"({"counter":"7"})", "application/json", twin.get())
          .status,
      200);
  // The display reads the store again at least every kRefreshInterval (2 s).
  EXPECT_TRUE(reader.WaitFor("\"counter\":\"7\"", std::chrono::seconds(5))) << reader.Read();
}

TEST_F(QueueTest, StreamsAreBounded) {
  std::vector<std::unique_ptr<EventReader>> displays;
  for (int i = 0; i < 64; ++i) {
    displays.push_back(std::make_unique<EventReader>(server_->Url("/api/v1/queue/events")));
  }
  for (auto& display : displays) {
    ASSERT_TRUE(display->WaitFor("event: queue", std::chrono::seconds(10)));
  }
  auto refused = Get(nullptr, "/api/v1/queue/events");
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(json::parse(refused.body)["error"]["code"], "too_many_streams");
  displays.back()->Close();  // a display leaves: its place frees up
  displays.pop_back();
  // RESTinio does not read while a response is open, so the second write to
  // the closed stream is the one that fails (a heartbeat every 15 s does it
  // when the queue is quiet). A display refused meanwhile tries again; each
  // try follows a change, since changes close together reach a display as one.
  bool admitted = false;
  const auto deadline = SteadyClock::now() + std::chrono::seconds(20);
  while (!admitted && SteadyClock::now() < deadline) {
    Issue();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EventReader again(server_->Url("/api/v1/queue/events"));
    admitted = again.WaitFor("event: queue", std::chrono::seconds(2));
    if (!admitted) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(admitted) << "the place of the display that left is free again";
  for (auto& display : displays) display->Hangup();
}

TEST_F(QueueTest, TheServerStopsGracefullyWithDisplaysConnected) {
  EventReader first(server_->Url("/api/v1/queue/events"));
  EventReader second(server_->Url("/api/v1/queue/events"));
  ASSERT_TRUE(first.WaitFor("event: queue", std::chrono::seconds(5)));
  ASSERT_TRUE(second.WaitFor("event: queue", std::chrono::seconds(5)));
  const auto asked = SteadyClock::now();
  EXPECT_EQ(server_->Stop(), 0) << server_->Output();
  EXPECT_LT(SteadyClock::now() - asked, std::chrono::seconds(5));
  const auto end = SteadyClock::now() + std::chrono::seconds(5);
  while ((!first.ended() || !second.ended()) && SteadyClock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(first.ended() && second.ended()) << "the streams are closed";
}

TEST_F(QueueTest, ThePagesWorkWithoutJavaScript) {
  EXPECT_EQ(Get(nullptr, "/file-attente").status, 303);
  auto funder = SignIn(*server_, "funder", "demo");
  EXPECT_EQ(
      Http({"GET", server_->Url("/file-attente"), "", {funder.cookie, "Accept: text/html"}}).status,
      403);
  auto page = Get(&reception_, "/file-attente");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Remettre un ticket"), std::string::npos);
  EXPECT_EQ(page.body.find("Appeler le suivant"), std::string::npos) << "reception does not call";

  auto issued = PostForm(*server_, reception_, "/file-attente/tickets", "reason=caf");
  ASSERT_EQ(issued.status, 303) << issued.body;
  EXPECT_NE(issued.Header("location").find("remis=1"), std::string::npos);
  EXPECT_EQ(PostForm(*server_, reception_, "/file-attente/suivant", "counter=1").status, 403);
  auto refused = Http({"POST",
                       server_->Url("/file-attente/tickets"),
                       "reason=caf&csrf=faux",
                       {"Content-Type: application/x-www-form-urlencoded", reception_.cookie}});
  EXPECT_EQ(refused.status, 403);

  auto call = PostForm(*server_, mediator_, "/file-attente/suivant", "counter=4");
  ASSERT_EQ(call.status, 303) << call.body;
  const std::string remembered = CookieFrom(call, "relais_guichet");
  ASSERT_FALSE(remembered.empty());
  auto shown = Http(
      {"GET", server_->Url("/file-attente?appele=1"), "", {mediator_.cookie + "; " + remembered}});
  EXPECT_NE(shown.body.find("Ticket 1 appelé."), std::string::npos);
  EXPECT_NE(shown.body.find("value=\"4\""), std::string::npos) << "the counter is remembered";
  auto again = PostForm(*server_, mediator_, "/file-attente/suivant", "counter=4");
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("Personne n"), std::string::npos);

  auto display = Get(nullptr, "/affichage");
  ASSERT_EQ(display.status, 200);
  EXPECT_NE(display.body.find("aria-live=\"polite\""), std::string::npos);
  EXPECT_NE(display.body.find("guichet 4"), std::string::npos);
  EXPECT_NE(display.body.find("http-equiv=\"refresh\""), std::string::npos);
  EXPECT_EQ(Get(nullptr, "/static/affichage.js").status, 200);
}

TEST_F(QueueTest, TheCounterGivesATicketToo) {
  auto counter = Get(&reception_, "/accueil");
  ASSERT_EQ(counter.status, 200);
  EXPECT_NE(counter.body.find("action=\"/accueil/ticket\""), std::string::npos);
  auto issued = PostForm(*server_, reception_, "/accueil/ticket", "reason=cpam");
  ASSERT_EQ(issued.status, 303) << issued.body;
  const std::string location = issued.Header("location");
  EXPECT_EQ(location.rfind("/accueil?ticket=1&position=1&attente=", 0), 0u) << location;
  auto shown = Get(&reception_, location);
  EXPECT_NE(shown.body.find("Ticket 1 remis : position 1"), std::string::npos) << shown.body;
  auto queue = Get(&mediator_, "/api/v1/queue");
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_NE(queue.body.find("\"cpam\""), std::string::npos) << queue.body;

  auto forged = Http({"POST",
                      server_->Url("/accueil/ticket"),
                      "reason=cpam&csrf=faux",
                      {"Content-Type: application/x-www-form-urlencoded", reception_.cookie}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(PostForm(*server_, reception_, "/accueil/ticket", "reason=%3Cscript%3E").status, 422);
  SetHours("off");
  auto closed = PostForm(*server_, reception_, "/accueil/ticket", "");
  EXPECT_EQ(closed.status, 422);
  EXPECT_NE(closed.body.find("role=\"alert\""), std::string::npos);
}

}  // namespace
}  // namespace relais::testing
