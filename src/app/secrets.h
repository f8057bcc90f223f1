// Passwords (argon2id, libsodium) and random tokens. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "domain/error.h"

namespace relais::app {

// An argon2id hash in libsodium's self-describing string format.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& hash);

// 32 random bytes, URL-safe base64 without padding (43 characters).
std::string RandomToken();
// A 16-character random id for new records.
std::string RandomId();
// A one-way digest (hex BLAKE2b) of a token, for storage.
std::string TokenDigest(std::string_view token);

}  // namespace relais::app
