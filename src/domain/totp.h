// Time-based one-time passwords (RFC 6238 over liboath): HMAC-SHA-1, steps
// of 30 s from the Unix epoch, 6 digits. Pure: the caller passes the time.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace relais::totp {

inline constexpr std::chrono::seconds kStep{30};
inline constexpr int kDigits = 6;
// Codes of this many steps before and after the current one are accepted.
inline constexpr int kTolerance = 1;

using Instant = std::chrono::system_clock::time_point;

// RFC 4648 base32 of `bytes` (upper case; padded only when the length is
// not a multiple of 5 bytes).
std::string Base32Encode(std::string_view bytes);
// The bytes of a base32 text (case, spaces and padding ignored), or nothing
// when the text is not base32.
std::optional<std::string> Base32Decode(std::string_view text);

// The number of the step holding `at`.
std::int64_t StepAt(Instant at);

// The code of `secret` (raw bytes) at step `step`, `digits` long (6 to 8).
// kInvalid for digits out of range.
Result<std::string> CodeAt(std::string_view secret, std::int64_t step, int digits = kDigits);

// The step, within kTolerance of the step of `now`, whose code is `code`;
// nothing when `code` is not kDigits digits or matches no such step.
std::optional<std::int64_t> MatchingStep(std::string_view secret, std::string_view code,
                                         Instant now);

// The otpauth:// URI that authenticator apps read from a QR code (Key Uri
// Format): label "issuer:account", the base32 secret, SHA1, 6 digits, 30 s.
std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret_base32);

}  // namespace relais::totp
