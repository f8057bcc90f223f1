#include "web/errors.h"

#include <nlohmann/json.hpp>

#include "web/templates.h"

namespace relais::web {

int HttpStatus(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kMalformed: return 400;
    case ErrorKind::kUnauthenticated: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kMethodNotAllowed: return 405;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kTooLarge: return 413;
    case ErrorKind::kInvalid: return 422;
    case ErrorKind::kRateLimited: return 429;
    case ErrorKind::kUnavailable: return 503;
  }
  return 500;
}

Response ErrorResponse(const Error& error) {
  nlohmann::json body = {{"error", {{"code", error.code}, {"message", error.message}}}};
  if (!error.field.empty()) body["error"]["field"] = error.field;
  Response response;
  response.status = HttpStatus(error.kind);
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response ErrorResponseFor(const Request& request, const Error& error) {
  if (!request.WantsHtml()) return ErrorResponse(error);
  PageData data;
  data.set("message", error.message);
  Response response = RenderPage("error", "Erreur", std::move(data));
  response.status = HttpStatus(error.kind);
  return response;
}

}  // namespace relais::web
