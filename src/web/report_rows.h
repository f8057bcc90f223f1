// The activity report's breakdowns set beside the same period a year
// earlier, as the XLSX export and the report pages lay them out. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/report.h"

namespace relais::web {

// One line of a breakdown: this period's count and last year's.
struct ComparedCount {
  std::string key;
  std::string label;
  std::int64_t visits = 0;
  double share = 0;
  std::int64_t previous_visits = 0;
  double previous_share = 0;
};

// Lines in `current`'s order, matched to `previous` by key, then the keys
// found only in `previous` (with visits 0 now), in `previous`'s order.
std::vector<ComparedCount> CompareByKey(const std::vector<Count>& current,
                                        const std::vector<Count>& previous);

// Lines matched by position (months: January of this year beside January
// of last year); the label and key are `current`'s.
std::vector<ComparedCount> CompareByPosition(const std::vector<Count>& current,
                                             const std::vector<Count>& previous);

// Lines matched by day of the year (key "YYYY-MM-DD": 3 March beside 3
// March); the label and key are `current`'s.
std::vector<ComparedCount> CompareByDay(const std::vector<Count>& current,
                                        const std::vector<Count>& previous);

// (now - before) / before; none when `before` is 0.
std::optional<double> Change(std::int64_t now, std::int64_t before);

// "+12,5 %", "−3,0 %", "—" (no figure a year before).
std::string ChangeText(std::optional<double> change);
// 1234567 → "1 234 567" (a narrow no-break space between thousands).
std::string FrenchCount(std::int64_t count);
// 0.4567 → "45,7 %".
std::string FrenchPercent(double share);

// The period in words: "2024" for a calendar year, else "du 3 mars 2025 au
// 2 avril 2025".
std::string PeriodLabel(date::sys_days from, date::sys_days to);

// The French name of ISO weekday `iso` (1 = Monday): "lundi".
std::string WeekdayName(int iso);

}  // namespace relais::web
