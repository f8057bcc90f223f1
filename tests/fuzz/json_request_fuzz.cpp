// libFuzzer target for the reading of JSON request bodies (web/json.h),
// the part every api_*.cpp runs before its own typed checks
// (tests/fuzz/run.sh builds and runs it): any body is either refused as
// kMalformed with a known code, or gives an object nested no deeper than
// kMaxJsonDepth whose members the typed readers take exactly when they
// have the right type (and range), refusing the others as kInvalid naming
// the field; the object, echoed in a response, reads back the same.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "web/http.h"
#include "web/json.h"

namespace relais::web {
namespace {

using nlohmann::json;

constexpr int kMin = -100;
constexpr int kMax = 100;
constexpr int kFallback = 7;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "json_request_fuzz: invariant broken: %s\n", what);
  std::abort();
}

void Check(bool condition, const char* what) {
  if (!condition) Fail(what);
}

// Levels of arrays and objects: a scalar is 0, [] and {} are 1.
int Depth(const json& value) {
  if (!value.is_structured()) return 0;
  int deepest = 0;
  for (const auto& item : value) {
    const int depth = Depth(item);
    if (depth > deepest) deepest = depth;
  }
  return deepest + 1;
}

bool HasFloat(const json& value) {
  if (value.is_number_float()) return true;
  if (!value.is_structured()) return false;
  for (const auto& item : value) {
    if (HasFloat(item)) return true;
  }
  return false;
}

void CheckRefusal(const Error& error, const std::string& name) {
  Check(error.kind == ErrorKind::kInvalid, "a member of the wrong type is kInvalid");
  Check(error.code == "invalid_field", "its code is invalid_field");
  Check(error.field == name, "it names the field");
  Check(IsValidUtf8(error.message), "its message is valid UTF-8");
}

// The typed readers on member `name` of `object`.
void CheckMember(const json& object, const std::string& name) {
  const json& value = object.at(name);

  auto required = RequiredString(object, name);
  Check(required.has_value() == value.is_string(), "RequiredString takes exactly strings");
  if (required) Check(*required == value.get<std::string>(), "RequiredString gives the string");
  if (!required) CheckRefusal(required.error(), name);

  auto optional = OptionalString(object, name, name);
  Check(optional.has_value() == (value.is_string() || value.is_null()),
        "OptionalString takes strings and null");
  if (optional && value.is_null()) Check(optional->empty(), "null reads as empty");
  if (!optional) CheckRefusal(optional.error(), name);

  auto number = OptionalInt(object, name, kFallback, kMin, kMax);
  bool in_range = false;
  if (value.is_number_unsigned()) {
    in_range = value.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMax);
  } else if (value.is_number_integer()) {
    const std::int64_t n = value.get<std::int64_t>();
    in_range = n >= kMin && n <= kMax;
  }
  Check(number.has_value() == (value.is_null() || in_range),
        "OptionalInt takes null and integers in range");
  if (number) {
    Check(*number >= kMin && *number <= kMax, "OptionalInt stays in range");
    if (value.is_null()) Check(*number == kFallback, "null reads as the fallback");
    if (!value.is_null())
      Check(*number == value.get<std::int64_t>(), "OptionalInt gives the number");
  } else {
    CheckRefusal(number.error(), name);
  }

  auto flag = OptionalBool(object, name, true);
  Check(flag.has_value() == (value.is_boolean() || value.is_null()),
        "OptionalBool takes booleans and null");
  if (flag && value.is_boolean()) Check(*flag == value.get<bool>(), "OptionalBool gives the value");
  if (!flag) CheckRefusal(flag.error(), name);
}

}  // namespace
}  // namespace relais::web

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace relais::web;
  Request request;
  request.method = "POST";
  request.content_type = "application/json";
  request.body.assign(reinterpret_cast<const char*>(data), size);

  auto parsed = ParseJsonObject(request);
  if (!parsed) {
    const relais::Error& error = parsed.error();
    Check(error.kind == relais::ErrorKind::kMalformed, "a refused body is kMalformed");
    Check(error.code == "malformed_json" || error.code == "json_too_deep",
          "a refused body has a known code");
    Check(!error.message.empty() && IsValidUtf8(error.message), "a French message");
    return 0;
  }
  Check(parsed->is_object(), "an accepted body is an object");
  Check(Depth(*parsed) <= kMaxJsonDepth, "an accepted body nests at most kMaxJsonDepth deep");

  for (const auto& [name, value] : parsed->items()) {
    Check(IsValidUtf8(name), "member names are valid UTF-8");
    CheckMember(*parsed, name);
  }
  // A member that is not there: required fails, optional falls back.
  const std::string absent = "\x01" "absent";
  if (!parsed->contains(absent)) {
    Check(!RequiredString(*parsed, absent), "a missing member is refused");
    Check(OptionalInt(*parsed, absent, kFallback, kMin, kMax) == kFallback, "fallback when absent");
    Check(OptionalBool(*parsed, absent, false) == false, "fallback when absent");
  }

  // Echoed in an answer, the object serialises to JSON that reads back.
  const Response response = JsonResponse(200, *parsed);
  Check(IsValidUtf8(response.body), "an answer is valid UTF-8");
  const auto back = nlohmann::json::parse(response.body, nullptr, false);
  Check(!back.is_discarded(), "an answer parses");
  if (!HasFloat(*parsed)) Check(back == *parsed, "an answer reads back the same");
  return 0;
}
