// Maps (method, path) to a route. Patterns are literal segments and
// `{name}` parameters: "/api/v1/appointments/{id}/cancel". Not thread-safe
// while routes are added; read-only afterwards.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "web/http.h"

namespace relais::web {

using Handler = std::function<Response(const Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  // True when the handler may block (storage, hashing): it then runs on the
  // worker pool, never on an I/O thread.
  bool blocking = true;
};

struct RouteMatch {
  const Route* route = nullptr;       // null when nothing matched
  Fields params;                      // the `{name}` values
  std::vector<std::string> allowed;   // methods of the path when the method did not match
};

class Router {
 public:
  void Add(Route route);
  RouteMatch Find(const std::string& method, const std::string& path) const;

 private:
  struct Compiled {
    Route route;
    std::vector<std::string> segments;
  };
  std::vector<Compiled> routes_;
};

}  // namespace relais::web
