// Test support: dates relative to today, as the API takes them.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace relais::testing {

// Today (UTC) plus `days`, as YYYY-MM-DD.
inline std::string DateFromToday(int days) {
  const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
                   std::chrono::days{days};
  const std::chrono::year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

}  // namespace relais::testing
