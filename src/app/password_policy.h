// The rules of a staff password: at least kMinPasswordLength characters,
// not containing the login, not common or simplistic (cracklib's dictionary
// and checks, Debian's cracklib-runtime). Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace relais::app {

inline constexpr std::size_t kMinPasswordLength = 12;

// Success, or kInvalid naming the first rule broken, with a French message;
// `field` is the form's name of the password ("password", "new_password").
// Codes: password_too_short, password_contains_login, password_common.
Status CheckNewPassword(std::string_view login, std::string_view password,
                        const std::string& field);

}  // namespace relais::app
