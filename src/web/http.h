// The web layer's own view of a request and a response, so that handlers
// never see RESTinio. A Request is read-only once routed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.h"

namespace relais::web {

using Fields = std::map<std::string, std::string>;

struct Request {
  std::string method;  // "GET", "POST"...
  std::string path;    // decoded path, without the query
  Fields query;        // decoded query parameters
  Fields params;       // route parameters, e.g. {"id": "..."}
  std::string body;
  std::string content_type;  // without parameters, lower case
  std::string accept;
  std::string cookie_header;
  std::string if_none_match;
  std::string remote_address;  // the client (or the proxy's client)
  bool secure = false;         // reached over TLS (through a proxy)
  bool local = false;          // the client is this machine, not one behind a proxy

  std::string Cookie(const std::string& name) const;
  std::string Query(const std::string& name) const;
  bool WantsHtml() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// Parses "a=1&b=%C3%A9" (query strings and urlencoded forms). Fails with
// kMalformed on a bad escape or invalid UTF-8. Later duplicates win.
Result<Fields> ParseUrlEncoded(std::string_view text);

// Percent-decodes `text` ('+' means a space only when `plus_is_space`).
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

bool IsValidUtf8(std::string_view text);

// True for 127.0.0.0/8, ::1 and ::ffff:127.x.y.z.
bool IsLoopback(const std::string& address);

// The value of cookie `name` in a Cookie header, or empty.
std::string CookieValue(std::string_view header, std::string_view name);

}  // namespace relais::web
