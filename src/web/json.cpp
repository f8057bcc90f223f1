#include "web/json.h"

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
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
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
    return Fail(ErrorKind::kMalformed, "malformed_json", "Le JSON de la requête doit être un objet.");
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

Response JsonResponse(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace relais::web
