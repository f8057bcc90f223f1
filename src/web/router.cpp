#include "web/router.h"

#include <algorithm>
#include <string_view>

namespace relais::web {
namespace {

// The segments of "/a/b/c" (views into `path`, which must outlive them).
template <typename Segment>
std::vector<Segment> Split(std::string_view path) {
  std::vector<Segment> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool IsParameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::Add(Access access, Route route) {
  route.access = access;
  auto segments = Split<std::string>(route.pattern);
  routes_.push_back({std::move(route), std::move(segments)});
}

RouteMatch Router::Find(const std::string& method, const std::string& path) const {
  RouteMatch match;
  if (path.empty() || path.front() != '/') return match;
  const auto segments = Split<std::string_view>(path);
  for (const Compiled& compiled : routes_) {
    if (compiled.segments.size() != segments.size()) continue;
    Fields params;
    bool same = true;
    for (std::size_t i = 0; i < segments.size() && same; ++i) {
      if (IsParameter(compiled.segments[i])) {
        if (segments[i].empty())
          same = false;
        else
          params[compiled.segments[i].substr(1, compiled.segments[i].size() - 2)] =
              std::string(segments[i]);
      } else {
        same = compiled.segments[i] == segments[i];
      }
    }
    if (!same) continue;
    if (compiled.route.method == method || (method == "HEAD" && compiled.route.method == "GET")) {
      match.route = &compiled.route;
      match.params = std::move(params);
      match.allowed.clear();
      return match;
    }
    if (std::find(match.allowed.begin(), match.allowed.end(), compiled.route.method) ==
        match.allowed.end()) {
      match.allowed.push_back(compiled.route.method);
    }
  }
  return match;
}

std::vector<const Route*> Router::Routes() const {
  std::vector<const Route*> routes;
  routes.reserve(routes_.size());
  for (const Compiled& compiled : routes_) routes.push_back(&compiled.route);
  return routes;
}

}  // namespace relais::web
