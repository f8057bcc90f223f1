// Static assets embedded in the binary (web/static and npm's CSS), served
// with their content type, a validator and a day of caching.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>

#include "web/routes.h"

namespace relais::web {
namespace embedded {
std::optional<std::string_view> EmbeddedFile(std::string_view name);  // generated
}  // namespace embedded

namespace {

std::string ContentType(std::string_view name) {
  const auto ends = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

// FNV-1a of the bytes: a strong enough validator for assets built into the binary.
std::string Etag(std::string_view bytes) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char text[24];
  std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(hash));
  return text;
}

Response ServeAsset(const Request& request) {
  const std::string& name = request.params.at("name");
  auto bytes = embedded::EmbeddedFile("static/" + name);
  if (name.find("..") != std::string::npos || !bytes) {
    Response missing;
    missing.status = 404;
    missing.content_type = "text/plain; charset=utf-8";
    missing.body = "Fichier introuvable.";
    return missing;
  }
  Response response;
  const std::string etag = Etag(*bytes);
  response.Header("Cache-Control", "public, max-age=86400");
  response.Header("ETag", etag);
  response.content_type = ContentType(name);
  if (request.if_none_match == etag) {
    response.status = 304;
    return response;
  }
  response.body = std::string(*bytes);
  return response;
}

}  // namespace

void AddAssetRoutes(Router& router) {
  router.Add(Access::Public(), {"GET", "/static/{name}", ServeAsset, false});
}

}  // namespace relais::web
