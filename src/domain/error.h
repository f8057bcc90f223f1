// Errors as values: every fallible operation returns Result<T>, an expected
// value or an Error naming what went wrong, why (in French) and which field.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace relais {

// What kind of failure; the web layer maps each kind to one HTTP status.
enum class ErrorKind {
  kMalformed,        // the request cannot be read (bad JSON, bad encoding)
  kUnauthenticated,  // no valid session or wrong credentials
  kForbidden,        // authenticated but not allowed
  kNotFound,         // unknown id or route
  kMethodNotAllowed, // the route exists, not with this method
  kConflict,         // the state changed under the request (slot taken)
  kTooLarge,         // body or header over the limit
  kInvalid,          // well-formed but breaks a rule
  kRateLimited,      // too many attempts
  kUnavailable,      // storage or a dependency failed; not the caller's fault
};

struct Error {
  ErrorKind kind = ErrorKind::kInvalid;
  std::string code;     // stable machine-readable slug, e.g. "slot_taken"
  std::string message;  // French, for a person
  std::string field;    // the input at fault, or empty
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorKind kind, std::string code, std::string message,
                                  std::string field = {}) {
  return tl::unexpected<Error>(
      Error{kind, std::move(code), std::move(message), std::move(field)});
}

}  // namespace relais
