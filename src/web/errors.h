// The one place that maps error kinds to HTTP statuses and renders the
// JSON error model {"error":{"code","message","field"}}.
#pragma once

#include "domain/error.h"
#include "web/http.h"

namespace relais::web {

int HttpStatus(ErrorKind kind);

// A JSON error response for `error`.
Response ErrorResponse(const Error& error);

// A JSON or HTML error response, as the request prefers.
Response ErrorResponseFor(const Request& request, const Error& error);

}  // namespace relais::web
