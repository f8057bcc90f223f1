// Hostile input over real HTTP, on the demo desk: SQL injection strings and
// script payloads in every text field, then rendered on the pages that show
// them; path traversal on static paths; malformed, oversized, invalid UTF-8
// and deeply nested bodies; oversized headers; a body trickled byte by byte.
// Never a 5xx and never a crash; payloads are stored verbatim and rendered
// escaped. At least 300 requests in all (the last test checks).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/dates.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kPayloads = {
    "' OR '1'='1",
    "'; DROP TABLE people; --",
    "Robert'); DROP TABLE visits;--",
    "\" OR 1=1 --",
    "1; SELECT * FROM agents",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "<svg/onload=alert('x')>",
    "javascript:alert(1)",
    "</textarea><script>alert(1)</script>",
    "{{csrf}} {{{content}}}",
    "${7*7} %s %n %x",
    "../../../../etc/passwd",
    "Zoé \u202e\u2028 🙂 \\ % _",
    "&amp; &lt;b&gt; &#39;",
    std::string(600, '<'),
};

// The escaping of the templates: & < > " ' (kainjow mustache).
std::string Escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string UrlEncoded(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The requests each test sends at the least: together over 300, whichever
// shard runs which test (checked in TearDown and by the last test).
const std::map<std::string, int> kMinimumRequests = {
    {"PersonFilesKeepPayloadsVerbatimAndPagesEscapeThem", 150},
    {"VisitFieldsRefuseWhatIsNotAKnownCode", 80},
    {"PublicBookingsAndSurveyCommentsAreEscapedOnStaffPages", 70},
    {"StaticPathsNeverLeaveTheirDirectory", 20},
    {"MalformedBodiesGetA4xxNamingTheProblem", 120},
    {"MemberNamesAreEscapedOnTheFundingPages", 30},
    {"OversizedHeadersAndATrickledBodyLeaveTheServerServing", 10},
};

class HostileInput : public ::testing::Test {
 protected:
  void SetUp() override { first_request_ = requests_; }
  void TearDown() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    const auto minimum = kMinimumRequests.find(name);
    if (minimum == kMinimumRequests.end()) return;
    EXPECT_GE(requests_ - first_request_, minimum->second) << name;
    std::printf("%s: %d hostile requests\n", name.c_str(), requests_ - first_request_);
  }

  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new RelaisProcess({"demo", "--db", dir_->File("demo.sqlite")});
    ASSERT_TRUE(server_->running()) << server_->Output();
    mediator_ = SignIn(*server_, "mediator", "demo");
    coordinator_ = SignIn(*server_, "coordinator", "demo");
    ASSERT_TRUE(mediator_.ok && coordinator_.ok);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  // Every request of the suite goes through here: never a 5xx, always an answer.
  static HttpResponse Send(const std::string& method, const std::string& path,
                           const std::string& body = "", std::vector<std::string> headers = {}) {
    ++requests_;
    auto response = Http({method, server_->Url(path), body, std::move(headers)});
    EXPECT_GT(response.status, 0) << method << " " << path << ": no answer";
    EXPECT_LT(response.status, 500) << method << " " << path << ": " << response.body;
    return response;
  }
  static HttpResponse Json(const std::string& method, const std::string& path, const json& body,
                           const StaffSession* as = nullptr) {
    std::vector<std::string> headers = {"Content-Type: application/json"};
    if (as != nullptr) headers.push_back(as->cookie);
    return Send(method, path, body.dump(), std::move(headers));
  }
  static HttpResponse Page(const std::string& path, const StaffSession* as = nullptr) {
    std::vector<std::string> headers = {"Accept: text/html"};
    if (as != nullptr) headers.push_back(as->cookie);
    return Send("GET", path, "", std::move(headers));
  }
  // The page shows `payload` escaped, never raw.
  static void ExpectEscaped(const HttpResponse& page, const std::string& payload,
                            const std::string& where) {
    EXPECT_EQ(page.status, 200) << where;
    const bool special = payload.find_first_of("&<>\"'") != std::string::npos;
    if (special) {
      EXPECT_EQ(page.body.find(payload), std::string::npos) << where << " shows raw: " << payload;
    }
    EXPECT_NE(page.body.find(Escaped(payload)), std::string::npos)
        << where << " lacks the escaped text of: " << payload;
  }

  static TempDir* dir_;
  static RelaisProcess* server_;
  static StaffSession mediator_;
  static StaffSession coordinator_;
  static int requests_;
  int first_request_ = 0;
};

TempDir* HostileInput::dir_ = nullptr;
RelaisProcess* HostileInput::server_ = nullptr;
StaffSession HostileInput::mediator_;
StaffSession HostileInput::coordinator_;
int HostileInput::requests_ = 0;

TEST_F(HostileInput, PersonFilesKeepPayloadsVerbatimAndPagesEscapeThem) {
  std::size_t stored_files = 0;
  for (const std::string& payload : kPayloads) {
    auto created =
        Json("POST", "/api/v1/people",
             {{"consent", true}, {"first_name", payload}, {"last_name", payload}}, &mediator_);
    if (created.status == 422) continue;  // a field too long, refused by name
    ASSERT_EQ(created.status, 201) << payload << ": " << created.body;
    const std::string id = json::parse(created.body)["id"];
    ++stored_files;
    EXPECT_EQ(
        Json("POST", "/api/v1/people/" + id + "/notes", {{"text", payload}}, &mediator_).status,
        201)
        << payload;
    EXPECT_EQ(Json("POST", "/api/v1/people/" + id + "/procedures",
                   {{"kind", "autre"}, {"next_action", payload}}, &mediator_)
                  .status,
              201)
        << payload;
    EXPECT_EQ(Json("POST", "/api/v1/referrals",
                   {{"person_id", id}, {"service", payload}, {"reason", payload}}, &mediator_)
                  .status,
              201)
        << payload;
    auto file = Send("GET", "/api/v1/people/" + id, "", {mediator_.cookie});
    ASSERT_EQ(file.status, 200);
    const json stored = json::parse(file.body);
    EXPECT_EQ(stored["first_name"], payload);
    EXPECT_EQ(stored["last_name"], payload);
    EXPECT_EQ(stored["notes"][0]["text"], payload);
    EXPECT_EQ(stored["procedures"][0]["next_action"], payload);
    EXPECT_EQ(stored["referrals"][0]["service"], payload);
    EXPECT_EQ(stored["referrals"][0]["reason"], payload);
    ExpectEscaped(Page("/personnes/" + id, &mediator_), payload, "/personnes/{id}");
    auto search = Send("GET", "/api/v1/people?q=" + UrlEncoded(payload.substr(0, 100)), "",
                       {mediator_.cookie});
    EXPECT_EQ(search.status, 200) << payload;
    auto listed = Page("/personnes?q=" + UrlEncoded(payload.substr(0, 100)), &mediator_);
    EXPECT_EQ(listed.status, 200) << payload;
    // The payload as an id, in a path and in a query.
    EXPECT_EQ(Send("GET", "/api/v1/people/" + UrlEncoded(payload), "", {mediator_.cookie}).status,
              404)
        << payload;
    EXPECT_EQ(Page("/personnes/" + UrlEncoded(payload), &mediator_).status, 404) << payload;
    EXPECT_EQ(
        Send("GET", "/api/v1/visits?date=" + UrlEncoded(payload), "", {mediator_.cookie}).status,
        400)
        << payload;
  }
  EXPECT_EQ(stored_files, kPayloads.size() - 1) << "all but the 600-character name";
}

TEST_F(HostileInput, VisitFieldsRefuseWhatIsNotAKnownCode) {
  for (const std::string& payload : kPayloads) {
    for (const char* field : {"commune_insee", "partner", "outcome", "channel", "at"}) {
      json visit = {{"outcome", "resolved"}, {"channel", "walk_in"}};
      visit[field] = payload;
      auto refused = Json("POST", "/api/v1/visits", visit, &mediator_);
      EXPECT_EQ(refused.status, 422) << field << " " << payload << ": " << refused.body;
    }
  }
}

TEST_F(HostileInput, PublicBookingsAndSurveyCommentsAreEscapedOnStaffPages) {
  auto slots = Send("GET", "/api/v1/slots?type=orientation&from=" + DateFromToday(2) +
                               "&to=" + DateFromToday(40));
  ASSERT_EQ(slots.status, 200);
  std::vector<std::string> starts;
  const json listed = json::parse(slots.body);  // kept alive for the loop
  for (const auto& slot : listed["slots"]) starts.push_back(slot["start"]);
  ASSERT_GE(starts.size(), kPayloads.size());
  std::size_t booked_count = 0;
  for (std::size_t i = 0; i < kPayloads.size(); ++i) {
    const std::string& payload = kPayloads[i];
    auto booked = Json(
        "POST", "/api/v1/appointments",
        {{"type", "orientation"},
         {"start", starts[i]},
         {"person", {{"first_name", payload}, {"last_name", payload}, {"phone", "0612345678"}}},
         {"consent", true}});
    if (booked.status == 422) continue;
    ASSERT_EQ(booked.status, 201) << payload << ": " << booked.body;
    ++booked_count;
    const json answer = json::parse(booked.body);
    const std::string id = answer["id"];
    const std::string token = answer["manage_token"];
    auto manage = Page("/rendez-vous/gerer/" + id + "?jeton=" + UrlEncoded(token));
    ExpectEscaped(manage, payload, "/rendez-vous/gerer/{id}");
    ExpectEscaped(Page("/agenda?jour=" + starts[i].substr(0, 10), &coordinator_), payload,
                  "/agenda");
  }
  EXPECT_GE(booked_count, kPayloads.size() - 1);
  for (const std::string& payload : kPayloads) {
    auto issued = Json("POST", "/api/v1/survey-invitations", {{"kind", "visit"}}, &mediator_);
    ASSERT_EQ(issued.status, 201) << issued.body;
    const std::string token = json::parse(issued.body)["token"];
    auto answered = Json("POST", "/api/v1/surveys/" + token,
                         {{"professionalism", 5},
                          {"efficiency", 4},
                          {"listening", 5},
                          {"recommend", true},
                          {"comment", payload}});
    EXPECT_EQ(answered.status, 201) << payload << ": " << answered.body;
  }
  auto results = Page("/satisfaction", &coordinator_);
  for (const std::string& payload : kPayloads) ExpectEscaped(results, payload, "/satisfaction");
}

TEST_F(HostileInput, StaticPathsNeverLeaveTheirDirectory) {
  const char* paths[] = {"/static/../../../../etc/passwd",
                         "/static/..%2f..%2f..%2fetc%2fpasswd",
                         "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                         "/static/%252e%252e/etc/passwd",
                         "/static/....//....//etc/passwd",
                         "/static/..\\..\\..\\etc\\passwd",
                         "/static/relais.css/../../../etc/passwd",
                         "/static/%00relais.css",
                         "/static/relais.css%00.png",
                         "/static/",
                         "/static//etc/passwd",
                         "/static/%2fetc%2fpasswd",
                         "/static/.%2e/.%2e/etc/passwd",
                         "/static/%c0%ae%c0%ae/etc/passwd",
                         "/static/..;/etc/passwd",
                         "/../../etc/passwd",
                         "/%2e%2e/%2e%2e/etc/passwd",
                         "/static/.htaccess",
                         "/static/../CMakeLists.txt",
                         "/static/../../src/main.cpp"};
  for (const char* path : paths) {
    auto response = Send("GET", path);
    EXPECT_TRUE(response.status == 404 || response.status == 400) << path << " " << response.status;
    EXPECT_EQ(response.body.find("root:"), std::string::npos) << path;
    EXPECT_EQ(response.body.find("cmake_minimum_required"), std::string::npos) << path;
  }
  EXPECT_EQ(Send("GET", "/static/relais.css").status, 200) << "the real asset is served";
}

TEST_F(HostileInput, MalformedBodiesGetA4xxNamingTheProblem) {
  std::string deep_array(200000, '[');
  std::string deep_object;
  for (int i = 0; i < 50000; ++i) deep_object += "{\"a\":";
  const std::vector<std::string> bodies = {
      "",
      "{",
      "}",
      "null",
      "[]",
      "42",
      "\"text\"",
      "{\"consent\": true,}",
      "{\"consent\": tru}",
      "{'consent': true}",
      "{\"first_name\": \"\xff\xfe\"}",
      "{\"first_name\": \"\xc3\x28\"}",
      "{\"first_name\": \"\xed\xa0\x80\"}",
      "{\"first_name\": \"\\ud800\"}",
      "{\"first_name\": \"a\\u0000b\", \"consent\": true, \"last_name\": \"x\"}",
      std::string("{\"first_name\": \"a\0b\"}", 22),
      "{\"birth_year\": 1e400, \"consent\": true, \"first_name\": \"a\", \"last_name\": \"b\"}",
      "{\"birth_year\": 99999999999999999999999, \"consent\": true}",
      "{\"household_size\": -1, \"consent\": true, \"first_name\": \"a\", \"last_name\": \"b\"}",
      "{\"consent\": \"yes\", \"first_name\": [], \"last_name\": {}}",
      deep_array,
      deep_object,
      "{\"a\":" + std::string(1000, ' ') + "1",
  };
  struct Target {
    const char* method;
    const char* path;
    const StaffSession* as;
    bool body_optional;  // no body at all is a valid request (a ticket without reason)
  };
  const Target targets[] = {
      {"POST", "/api/v1/people", &mediator_, false},
      {"POST", "/api/v1/visits", &mediator_, false},
      {"POST", "/api/v1/appointments", nullptr, false},
      {"PUT", "/api/v1/members/hostile", &coordinator_, false},
      {"POST", "/api/v1/queue/tickets", &mediator_, true},
  };
  for (const auto& [method, path, as, body_optional] : targets) {
    for (const std::string& body : bodies) {
      // While the desk is open an empty body issues a ticket; closed, it is
      // refused as "queue_closed". Neither is about a malformed body.
      if (body_optional && body.empty()) continue;
      std::vector<std::string> headers = {"Content-Type: application/json"};
      if (as != nullptr) headers.push_back(as->cookie);
      auto response = Send(method, path, body, headers);
      EXPECT_GE(response.status, 400) << path << " " << body.substr(0, 60);
      EXPECT_LT(response.status, 500) << path << " " << body.substr(0, 60);
      const json error = json::parse(response.body, nullptr, false);
      EXPECT_TRUE(!error.is_discarded() && error.contains("error"))
          << path << " " << body.substr(0, 60) << " -> " << response.body.substr(0, 200);
    }
  }
  // Wrong content type, and a body beyond the limit.
  EXPECT_EQ(
      Send("POST", "/api/v1/people", "consent=true", {"Content-Type: text/plain", mediator_.cookie})
          .status,
      400);
  auto huge = Send("POST", "/api/v1/people", std::string(3 << 20, 'a'),
                   {"Content-Type: application/json", mediator_.cookie});
  EXPECT_EQ(huge.status, 413);
  // Forms with broken encodings.
  for (const char* form : {"%", "%zz", "a=%", "csrf=%ff%fe", "a=1&&&=&b", "\xff\xfe=\xff"}) {
    auto response = Send(
        "POST", "/accueil", form,
        {"Content-Type: application/x-www-form-urlencoded", "Accept: text/html", mediator_.cookie});
    EXPECT_GE(response.status, 400) << form;
  }
}

TEST_F(HostileInput, MemberNamesAreEscapedOnTheFundingPages) {
  std::size_t saved_count = 0;
  for (std::size_t i = 0; i < kPayloads.size(); ++i) {
    const std::string id = "membre-" + std::to_string(i);
    auto saved =
        Json("PUT", "/api/v1/members/" + id,
             {{"name", kPayloads[i]}, {"kind", "state"}, {"key", "fixed"}, {"fixed_amount", 1}},
             &coordinator_);
    if (saved.status == 422) continue;
    ASSERT_TRUE(saved.status == 200 || saved.status == 201) << kPayloads[i] << saved.body;
    ++saved_count;
    ExpectEscaped(Page("/financement/" + id + "?annee=2024&budget=10000000", &coordinator_),
                  kPayloads[i], "/financement/{id}");
  }
  EXPECT_GE(saved_count, kPayloads.size() - 1);
  auto page = Page("/financement?annee=2024&budget=10000000", &coordinator_);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>alert(1)</script>"), std::string::npos);
}

// A raw socket to the server, for what an HTTP client library will not send.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    timeval timeout{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~RawConnection() { ::close(fd_); }
  bool connected() const { return connected_; }
  bool Send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // What the server answers until it closes or goes quiet.
  std::string Receive() {
    std::string answer;
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(n));
      if (answer.find("\r\n\r\n") != std::string::npos && answer.size() > 12) break;
    }
    return answer;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

TEST_F(HostileInput, OversizedHeadersAndATrickledBodyLeaveTheServerServing) {
  for (std::size_t size : {std::size_t{16} << 10, std::size_t{256} << 10, std::size_t{2} << 20}) {
    ++requests_;
    RawConnection connection(server_->port());
    ASSERT_TRUE(connection.connected());
    connection.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(size, 'a') +
                    "\r\n\r\n");
    const std::string answer = connection.Receive();
    if (!answer.empty()) {
      EXPECT_EQ(answer.find("HTTP/1.1 5"), std::string::npos) << answer.substr(0, 100);
    }
  }
  for (int count : {100, 1000, 10000}) {
    ++requests_;
    RawConnection connection(server_->port());
    std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < count; ++i) request += "X-H" + std::to_string(i) + ": v\r\n";
    connection.Send(request + "\r\n");
    const std::string answer = connection.Receive();
    EXPECT_EQ(answer.find("HTTP/1.1 5"), std::string::npos) << answer.substr(0, 100);
  }
  // A body trickled byte by byte while others are served.
  ++requests_;
  RawConnection slow(server_->port());
  ASSERT_TRUE(slow.connected());
  const std::string body = R"({"outcome":"resolved","channel":"walk_in"})";
  ASSERT_TRUE(
      slow.Send("POST /api/v1/visits HTTP/1.1\r\nHost: x\r\nContent-Type: "
                "application/json\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n" + mediator_.cookie + "\r\n\r\n"));
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (!slow.Send(body.substr(i, 1))) break;
    if (i % 10 == 0) {
      EXPECT_EQ(Send("GET", "/healthz").status, 200) << "others are served";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  const std::string answer = slow.Receive();
  EXPECT_EQ(answer.find("HTTP/1.1 5"), std::string::npos) << answer.substr(0, 200);
  EXPECT_NE(answer.find("HTTP/1.1 201"), std::string::npos)
      << "the trickled visit is taken: " << answer.substr(0, 200);
  // Bytes that are not HTTP at all.
  for (const std::string& junk :
       {std::string("\x16\x03\x01\x02\x00", 5), std::string("GET\r\n\r\n"),
        std::string("GET / HTTP/9.9\r\n\r\n"), std::string(10000, '\0')}) {
    ++requests_;
    RawConnection connection(server_->port());
    connection.Send(junk);
    const std::string reply = connection.Receive();
    EXPECT_EQ(reply.find("HTTP/1.1 5"), std::string::npos) << reply.substr(0, 100);
  }
  EXPECT_EQ(Send("GET", "/healthz").status, 200) << "still serving";
}

TEST_F(HostileInput, TheSuiteSendsAtLeast300HostileRequests) {
  int total = 0;
  for (const auto& [name, minimum] : kMinimumRequests) total += minimum;
  EXPECT_GE(total, 300);
  EXPECT_EQ(kMinimumRequests.size(), 7u) << "every test of the suite has its minimum";
  EXPECT_EQ(Send("GET", "/healthz").status, 200) << "still serving";
}

}  // namespace
}  // namespace relais::testing
