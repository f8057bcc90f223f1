#include "web/json.h"

#include <cstdint>
#include <string>

namespace relais::web {
namespace {

// Depth of [ and { outside strings, refused early so that no parser
// recursion depends on hostile input.
bool DepthWithin(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

}  // namespace

Result<nlohmann::json> ParseJsonObject(const Request& request) {
  if (request.content_type != "application/json") {
    return Fail(ErrorKind::kMalformed, "unsupported_media_type",
                "Le corps de la requête doit être du JSON (Content-Type: application/json).");
  }
  if (!DepthWithin(request.body, kMaxJsonDepth)) {
    return Fail(ErrorKind::kMalformed, "json_too_deep", "JSON trop imbriqué.");
  }
  nlohmann::json parsed = nlohmann::json::parse(request.body, nullptr, false);
  if (parsed.is_discarded()) {
    return Fail(ErrorKind::kMalformed, "malformed_json", "Le JSON de la requête est mal formé.");
  }
  if (!parsed.is_object()) {
    return Fail(ErrorKind::kMalformed, "malformed_json",
                "Le JSON de la requête doit être un objet.");
  }
  return parsed;
}

Result<std::string> RequiredString(const nlohmann::json& object, const std::string& name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) {
    return Fail(ErrorKind::kInvalid, "invalid_field",
                "Le champ « " + name + " » est obligatoire et doit être une chaîne.", name);
  }
  return it->get<std::string>();
}

Result<std::string> OptionalString(const nlohmann::json& object, const std::string& name,
                                   const std::string& field) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return Fail(ErrorKind::kInvalid, "invalid_field",
                "Le champ « " + field + " » doit être une chaîne.", field);
  }
  return it->get<std::string>();
}

Result<int> OptionalInt(const nlohmann::json& object, const std::string& name, int fallback,
                        int min, int max) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return fallback;
  // Unsigned first: a huge unsigned value must not wrap into the range.
  bool in_range = false;
  std::int64_t value = 0;
  if (it->is_number_unsigned()) {
    const std::uint64_t u = it->get<std::uint64_t>();
    in_range = u <= static_cast<std::uint64_t>(max);
    value = in_range ? static_cast<std::int64_t>(u) : 0;
  } else if (it->is_number_integer()) {
    value = it->get<std::int64_t>();
    in_range = true;
  }
  in_range = in_range && value >= min && value <= max;
  if (!in_range) {
    return Fail(ErrorKind::kInvalid, "invalid_field",
                "Le champ « " + name + " » doit être un entier de " + std::to_string(min) + " à " +
                    std::to_string(max) + ".",
                name);
  }
  return static_cast<int>(value);
}

Result<bool> OptionalBool(const nlohmann::json& object, const std::string& name, bool fallback) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) {
    return Fail(ErrorKind::kInvalid, "invalid_field",
                "Le champ « " + name + " » doit valoir true ou false.", name);
  }
  return it->get<bool>();
}

Response JsonResponse(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace relais::web
