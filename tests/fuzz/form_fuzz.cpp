// libFuzzer target for the decoding of forms, query strings and cookies
// (web/http.h; tests/fuzz/run.sh builds and runs it). IsValidUtf8 and
// PercentDecode agree with the simple reference decoders below;
// ParseUrlEncoded either refuses as kMalformed exactly when a pair does not
// decode, or gives valid UTF-8 names and values that, encoded again,
// decode to the same fields; CookieValue only returns a part of the header.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "web/http.h"

namespace relais::web {
namespace {

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "form_fuzz: invariant broken: %s\n", what);
  std::abort();
}

void Check(bool condition, const char* what) {
  if (!condition) Fail(what);
}

// UTF-8 as RFC 3629 defines it: shortest forms, no surrogates, at most
// U+10FFFF.
bool ReferenceUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    std::uint32_t min_code_point = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code_point = lead & 0x1F;
      min_code_point = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code_point = lead & 0x0F;
      min_code_point = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code_point = lead & 0x07;
      min_code_point = 0x10000;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (byte(i + k) & 0x3F);
    }
    if (code_point < min_code_point || code_point > 0x10FFFF) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
    i += length;
  }
  return true;
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The bytes of `text` with its %XX escapes (and '+' when asked) decoded;
// nullopt on a '%' that two hex digits do not follow.
std::optional<std::string> ReferenceDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      if (Hex(text[i + 1]) < 0 || Hex(text[i + 2]) < 0) return std::nullopt;
      out.push_back(static_cast<char>(Hex(text[i + 1]) * 16 + Hex(text[i + 2])));
      i += 2;
    } else {
      out.push_back(plus_is_space && text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

std::string Encode(std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
        (byte >= '0' && byte <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(c);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kDigits[byte >> 4]);
      out.push_back(kDigits[byte & 0x0F]);
    }
  }
  return out;
}

// Whether every non-empty &-separated pair of `text` decodes to UTF-8.
bool EveryPairDecodes(std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    for (const std::string_view part :
         {pair.substr(0, eq),
          eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1)}) {
      const auto decoded = ReferenceDecode(part, true);
      if (!pair.empty() && (!decoded || !ReferenceUtf8(*decoded))) return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace
}  // namespace relais::web

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace relais::web;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  Check(IsValidUtf8(text) == ReferenceUtf8(text), "IsValidUtf8 agrees with RFC 3629");

  for (const bool plus_is_space : {false, true}) {
    const auto decoded = PercentDecode(text, plus_is_space);
    const auto expected = ReferenceDecode(text, plus_is_space);
    const bool decodes = expected.has_value() && ReferenceUtf8(*expected);
    Check(decoded.has_value() == decodes,
          "PercentDecode refuses exactly bad escapes and bad UTF-8");
    if (decoded) Check(*decoded == *expected, "PercentDecode decodes as the reference");
  }

  const auto fields = ParseUrlEncoded(text);
  Check(fields.has_value() == EveryPairDecodes(text), "ParseUrlEncoded refuses exactly bad pairs");
  if (!fields) {
    Check(fields.error().kind == relais::ErrorKind::kMalformed, "a refusal is kMalformed");
    Check(fields.error().code == "malformed_encoding", "a refusal says malformed_encoding");
    Check(IsValidUtf8(fields.error().message), "a French message");
  } else {
    std::string encoded;
    for (const auto& [name, value] : *fields) {
      Check(IsValidUtf8(name) && IsValidUtf8(value), "decoded fields are valid UTF-8");
      if (!encoded.empty()) encoded += '&';
      encoded += Encode(name) + "=" + Encode(value);
    }
    const auto again = ParseUrlEncoded(encoded);
    Check(again.has_value(), "encoded fields decode");
    // An empty name with an empty value encodes to "=", which decodes back.
    Check(*again == *fields, "encoded fields decode to the same fields");
  }

  for (const char* name : {"relais_session", "relais_csrf", ""}) {
    const std::string value = CookieValue(text, name);
    Check(value.find(';') == std::string::npos, "a cookie value holds no ';'");
    Check(value.empty() || text.find(value) != std::string_view::npos,
          "a cookie value is a part of the header");
  }
  return 0;
}
