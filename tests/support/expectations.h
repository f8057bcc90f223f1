// Assertions shared by the integration tests on relais's answers.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/relais_process.h"

namespace relais::testing {

// `response` is `status` with the JSON error model: {"error": {"code":
// `code`, "message": a string, "field": `field` when one is given}}.
inline void ExpectError(const HttpResponse& response, long status, const std::string& code,
                        const std::string& field = "") {
  EXPECT_EQ(response.status, status) << response.body;
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << response.body;
  EXPECT_EQ(body["error"]["code"], code) << response.body;
  EXPECT_TRUE(body["error"]["message"].is_string()) << response.body;
  if (!field.empty()) {
    EXPECT_EQ(body["error"]["field"], field) << response.body;
  }
}

}  // namespace relais::testing
