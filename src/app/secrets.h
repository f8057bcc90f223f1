// Passwords (argon2id, libsodium) and random tokens. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace relais::app {

// An argon2id hash in libsodium's self-describing string format.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& hash);

// 32 random bytes, URL-safe base64 without padding (43 characters).
std::string RandomToken();
// `count` random bytes (a TOTP secret's 20).
std::string RandomBytes(std::size_t count);
// A 16-character random id for new records.
std::string RandomId();
// A one-way digest (hex BLAKE2b) of a token, for storage.
std::string TokenDigest(std::string_view token);
// The lockout key of a login (app/login_lockout_store.h): hex SHA-256 of
// the login with ASCII letters lowercased, so that a password typed in the
// login field is never stored, and "Marie" and "marie" share one count.
std::string LockoutKey(std::string_view login);
// A token signed for `id` with `key` (keyed BLAKE2b, URL-safe base64, 43
// characters): whoever holds the key can give it again, no one else can
// forge it. REQUIRES: key is 16 to 64 bytes long.
std::string LinkToken(std::string_view key, std::string_view id);

// Digests compared in constant time; false when either is empty.
bool SameDigest(const std::string& a, const std::string& b);
// Whether `token` may be a manage token at all (not empty, 128 bytes at
// most): anything else reads as an unknown record, without a lookup.
bool PlausibleToken(const std::string& token);

}  // namespace relais::app
