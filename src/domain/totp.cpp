#include "domain/totp.h"

#include <liboath/oath.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace relais::totp {
namespace {

void InitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
}

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string UriEscape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Equal strings, compared in a time that does not depend on where they differ.
bool SameCode(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  InitOnce();
  char* raw = nullptr;
  std::size_t length = 0;
  if (oath_base32_encode(bytes.data(), bytes.size(), &raw, &length) != OATH_OK) return {};
  std::unique_ptr<char, FreeDeleter> out(raw);
  return std::string(raw, length);
}

std::optional<std::string> Base32Decode(std::string_view text) {
  InitOnce();
  std::string clean;
  for (char c : text) {
    if (c == ' ' || c == '=') continue;
    clean += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  while (clean.size() % 8 != 0) clean += '=';
  char* raw = nullptr;
  std::size_t length = 0;
  if (clean.empty() || oath_base32_decode(clean.data(), clean.size(), &raw, &length) != OATH_OK) {
    return std::nullopt;
  }
  std::unique_ptr<char, FreeDeleter> out(raw);
  return std::string(raw, length);
}

std::int64_t StepAt(Instant at) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch());
  return seconds.count() / kStep.count();
}

Result<std::string> CodeAt(std::string_view secret, std::int64_t step, int digits) {
  InitOnce();
  if (digits < 6 || digits > 8) {
    return Fail(ErrorKind::kInvalid, "totp_digits", "Un code compte de 6 à 8 chiffres.");
  }
  char code[16] = {};
  // TOTP is HOTP with the step number as its counter (RFC 6238 §4.2).
  if (step < 0 || oath_hotp_generate(secret.data(), secret.size(), static_cast<std::uint64_t>(step),
                                     static_cast<unsigned>(digits), false,
                                     OATH_HOTP_DYNAMIC_TRUNCATION, code) != OATH_OK) {
    return Fail(ErrorKind::kInvalid, "totp_failed", "Calcul du code impossible.");
  }
  return std::string(code);
}

std::optional<std::int64_t> MatchingStep(std::string_view secret, std::string_view code,
                                         Instant now) {
  if (code.size() != static_cast<std::size_t>(kDigits)) return std::nullopt;
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const std::int64_t current = StepAt(now);
  std::optional<std::int64_t> found;
  for (std::int64_t step = current - kTolerance; step <= current + kTolerance; ++step) {
    auto expected = CodeAt(secret, step);
    // Every step is computed, whatever matches, so timing tells nothing.
    if (expected && SameCode(*expected, code) && !found) found = step;
  }
  return found;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret_base32) {
  std::string secret;
  for (char c : secret_base32) {
    if (c != '=') secret += c;
  }
  return "otpauth://totp/" + UriEscape(issuer) + ":" + UriEscape(account) + "?secret=" + secret +
         "&issuer=" + UriEscape(issuer) + "&algorithm=SHA1&digits=" + std::to_string(kDigits) +
         "&period=" + std::to_string(kStep.count());
}

}  // namespace relais::totp
