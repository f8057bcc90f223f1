// Server-rendered pages: mustache templates embedded in the binary
// (web/templates/*.mustache), escaped by default, inside one layout.
#pragma once

#include <string>

#include <kainjow/mustache.hpp>

#include "web/http.h"

namespace relais::web {

using PageData = kainjow::mustache::data;

// Renders template `name` with `data`, inside the layout titled `title`.
// `data` may hold "agent" (an object) to show the staff navigation, and
// "csrf" for forms.
Response RenderPage(const std::string& name, const std::string& title, PageData data);

// Renders a template alone (no layout).
std::string RenderTemplate(const std::string& name, const PageData& data);

}  // namespace relais::web
