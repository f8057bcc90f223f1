#include "web/templates.h"

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace relais::web {
namespace embedded {
std::optional<std::string_view> EmbeddedFile(std::string_view name);  // generated
}  // namespace embedded

namespace {

using kainjow::mustache::mustache;

// Templates are parsed once per thread: kainjow's render() mutates the
// template object, so one object never serves two threads.
mustache& Compiled(const std::string& name) {
  thread_local std::map<std::string, std::unique_ptr<mustache>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return *it->second;
  auto text = embedded::EmbeddedFile("templates/" + name + ".mustache");
  if (!text) throw std::logic_error("missing template " + name);
  auto compiled = std::make_unique<mustache>(std::string(*text));
  if (!compiled->is_valid()) throw std::logic_error("invalid template " + name + ": " + compiled->error_message());
  return *cache.emplace(name, std::move(compiled)).first->second;
}

}  // namespace

std::string RenderTemplate(const std::string& name, const PageData& data) {
  return Compiled(name).render(data);
}

Response RenderPage(const std::string& name, const std::string& title, PageData data) {
  data.set("title", title);
  data.set("content", RenderTemplate(name, data));
  Response response;
  response.content_type = "text/html; charset=utf-8";
  response.body = RenderTemplate("layout", data);
  return response;
}

}  // namespace relais::web
