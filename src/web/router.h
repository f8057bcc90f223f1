// Maps (method, path) to a route. Patterns are literal segments and
// `{name}` parameters: "/api/v1/appointments/{id}/cancel". Not thread-safe
// while routes are added; read-only afterwards.
#pragma once

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "web/access.h"
#include "web/http.h"

namespace relais::web {

using Handler = std::function<Response(const Request&)>;

// Streamed responses (Server-Sent Events): the response stays open and is
// written to over time. Write returns false once the client has gone.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  virtual bool Write(std::string chunk) = 0;
};

// A stream route's answer: `head` (status, content type, headers, and a
// body sent first) and `feed`, run on the stream's own thread until it
// returns; it must return soon once `stop` is requested (server stopping).
// Without `feed`, `head` is an ordinary whole response (a refusal).
struct StreamReply {
  Response head;
  std::function<void(StreamSink& sink, std::stop_token stop)> feed;
};
using StreamHandler = std::function<StreamReply(const Request&)>;
// Answers on the I/O thread when it can do so without blocking; nothing
// otherwise, and the route's `handler` then runs as `blocking` says.
using FastHandler = std::function<std::optional<Response>(const Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  // True when the handler may block (storage, hashing): it then runs on the
  // worker pool, never on an I/O thread.
  bool blocking = true;
  // Set instead of `handler` for a streamed response; it runs on the worker
  // pool, its feed on a thread of its own.
  StreamHandler stream = {};
  // Tried first, on the I/O thread, when set.
  FastHandler fast = {};
  // Who may call it (set by Router::Add).
  Access access = {};
};

struct RouteMatch {
  const Route* route = nullptr;      // null when nothing matched
  Fields params;                     // the `{name}` values
  std::vector<std::string> allowed;  // methods of the path when the method did not match
};

class Router {
 public:
  // Adds `route`, which `access` may call.
  void Add(Access access, Route route);
  RouteMatch Find(const std::string& method, const std::string& path) const;
  // Every route, in the order added.
  std::vector<const Route*> Routes() const;

 private:
  struct Compiled {
    Route route;
    std::vector<std::string> segments;
  };
  std::vector<Compiled> routes_;
};

}  // namespace relais::web
