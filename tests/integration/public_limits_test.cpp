// The public's writes limited per address, over real HTTP, behind a
// declared reverse proxy (X-Forwarded-For): bookings beyond the hourly
// quota get 429 with a French message, other addresses and signed-in staff
// are not held back, and nothing is booked by a refused request.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/dates.h"
#include "tests/support/relais_process.h"
#include "tests/support/temp_dir.h"

namespace relais::testing {
namespace {

using nlohmann::json;

constexpr int kQuota = 3;

class PublicLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The child process inherits these; unset again once it runs.
    ::setenv("RELAIS_TRUST_PROXY", "true", 1);
    ::setenv("RELAIS_PUBLIC_LIMIT", std::to_string(kQuota).c_str(), 1);
    server_ = std::make_unique<RelaisProcess>(
        std::vector<std::string>{"demo", "--db", dir_.File("demo.sqlite")});
    ::unsetenv("RELAIS_TRUST_PROXY");
    ::unsetenv("RELAIS_PUBLIC_LIMIT");
    ASSERT_TRUE(server_->running()) << server_->Output();
  }

  // The free starts of the public type "orientation" in the coming weeks.
  std::vector<std::string> Starts() {
    auto response = Http({"GET",
                          server_->Url("/api/v1/slots?type=orientation&from=" + DateFromToday(2) +
                                       "&to=" + DateFromToday(30)),
                          "",
                          {}});
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> starts;
    const json body = json::parse(response.body);
    for (const auto& slot : body["slots"]) starts.push_back(slot["start"]);
    return starts;
  }

  HttpResponse Book(const std::string& start, const std::string& address,
                    std::vector<std::string> headers = {}) {
    headers.push_back("Content-Type: application/json");
    headers.push_back("X-Forwarded-For: " + address);
    const json body = {
        {"type", "orientation"},
        {"start", start},
        {"person", {{"first_name", "Lina"}, {"last_name", "Benali"}, {"phone", "0612345678"}}},
        {"consent", true}};
    return Http({"POST", server_->Url("/api/v1/appointments"), body.dump(), std::move(headers)});
  }

  TempDir dir_;
  std::unique_ptr<RelaisProcess> server_;
};

TEST_F(PublicLimitsTest, AnAddressBeyondItsQuotaGets429AndNothingIsBooked) {
  const auto starts = Starts();
  ASSERT_GE(starts.size(), static_cast<std::size_t>(kQuota + 4));
  for (int i = 0; i < kQuota; ++i) {
    auto booked = Book(starts[i], "203.0.113.7");
    ASSERT_EQ(booked.status, 201) << booked.body;
  }
  const std::string refused_start = starts[kQuota];
  auto refused = Book(refused_start, "203.0.113.7");
  ASSERT_EQ(refused.status, 429) << refused.body;
  const json error = json::parse(refused.body);
  EXPECT_EQ(error["error"]["code"], "too_many_requests");
  EXPECT_NE(error["error"]["message"].get<std::string>().find("réessayez"), std::string::npos);
  const auto after = Starts();
  EXPECT_NE(std::find(after.begin(), after.end(), refused_start), after.end())
      << "the refused request booked nothing";

  // Another address is not held back, nor is the desk's staff at the same one.
  auto other = Book(refused_start, "198.51.100.20");
  EXPECT_EQ(other.status, 201) << other.body;
  auto session = Http({"POST",
                       server_->Url("/api/v1/session"),
                       json{{"login", "reception"}, {"password", "demo"}}.dump(),
                       {"Content-Type: application/json", "X-Forwarded-Proto: https",
                        "X-Forwarded-For: 203.0.113.7"}});
  ASSERT_EQ(session.status, 200) << session.body;
  auto staff =
      Book(starts[kQuota + 1], "203.0.113.7", {"Cookie: " + CookieFrom(session, "relais_session")});
  EXPECT_EQ(staff.status, 201) << staff.body;

  // A request without its fields still gets its own error, not the limit's.
  auto incomplete = Http({"POST",
                          server_->Url("/api/v1/appointments"),
                          "{}",
                          {"Content-Type: application/json", "X-Forwarded-For: 203.0.113.7"}});
  EXPECT_EQ(incomplete.status, 422) << incomplete.body;
}

}  // namespace
}  // namespace relais::testing
