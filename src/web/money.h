// Amounts of money as people type them: euros with up to two decimals, a
// point or a comma ("1500", "1 500,50", "1500.5"). Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace relais::web {

// The amount in cents. Spaces (also no-break ones) between digits are
// ignored. kMalformed "invalid_amount" naming `field` when it is not such
// a number; kInvalid "invalid_amount" when negative ("-12") or over 10^12
// euros (too many digits).
Result<std::int64_t> ParseEuros(std::string_view text, const std::string& field);

}  // namespace relais::web
