#include "web/money.h"

namespace relais::web {

Result<std::int64_t> ParseEuros(std::string_view text, const std::string& field) {
  const auto malformed = [&] {
    return Fail(ErrorKind::kMalformed, "invalid_amount",
                "Montant attendu en euros, par exemple 1500 ou 1500,50.", field);
  };
  std::string digits;  // without spaces
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ') continue;
    if (text.compare(i, 2, "\xC2\xA0") == 0) {  // no-break space
      ++i;
      continue;
    }
    if (text.compare(i, 3, "\xE2\x80\xAF") == 0) {  // narrow no-break space
      i += 2;
      continue;
    }
    digits += text[i];
  }
  bool negative = false;
  std::string_view rest = digits;
  if (!rest.empty() && rest[0] == '-') {
    negative = true;
    rest.remove_prefix(1);
  }
  const std::size_t separator = rest.find_first_of(".,");
  const std::string_view whole = rest.substr(0, separator);
  const std::string_view fraction =
      separator == std::string_view::npos ? std::string_view() : rest.substr(separator + 1);
  const auto all_digits = [](std::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (whole.empty() || !all_digits(whole) || !all_digits(fraction) || fraction.size() > 2 ||
      (separator != std::string_view::npos && fraction.empty())) {
    return malformed();
  }
  if (negative) {
    return Fail(ErrorKind::kInvalid, "invalid_amount", "Un montant ne peut pas être négatif.",
                field);
  }
  std::size_t first = 0;
  while (first + 1 < whole.size() && whole[first] == '0') ++first;
  if (whole.size() - first > 12) {
    return Fail(ErrorKind::kInvalid, "invalid_amount", "Ce montant est bien trop grand.", field);
  }
  std::int64_t cents = 0;
  for (char c : whole.substr(first)) cents = cents * 10 + (c - '0');
  cents *= 100;
  if (fraction.size() >= 1) cents += (fraction[0] - '0') * 10;
  if (fraction.size() == 2) cents += fraction[1] - '0';
  return cents;
}

}  // namespace relais::web
