// JSON bodies in and out of the API (nlohmann-json stays in the web layer).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "domain/error.h"
#include "web/http.h"

namespace relais::web {

inline constexpr int kMaxJsonDepth = 32;

// The request's body as a JSON object. kMalformed when the content type is
// not JSON, the text does not parse, it nests deeper than kMaxJsonDepth or
// it is not an object.
Result<nlohmann::json> ParseJsonObject(const Request& request);

// The string member `name` of `object`: kInvalid naming the field when it
// is missing or not a string.
Result<std::string> RequiredString(const nlohmann::json& object, const std::string& name);

// The member `name` of `object`, or `fallback` when it is absent or null;
// kInvalid naming `field` when it has another type (or an integer out of
// [min, max]).
Result<std::string> OptionalString(const nlohmann::json& object, const std::string& name,
                                   const std::string& field);
Result<int> OptionalInt(const nlohmann::json& object, const std::string& name, int fallback,
                        int min, int max);
Result<bool> OptionalBool(const nlohmann::json& object, const std::string& name, bool fallback);

Response JsonResponse(int status, const nlohmann::json& body);

}  // namespace relais::web
