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

Response JsonResponse(int status, const nlohmann::json& body);

}  // namespace relais::web
