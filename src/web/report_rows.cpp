#include "web/report_rows.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <map>

#include "web/french.h"

namespace relais::web {
namespace {

ComparedCount Line(const Count& count) {
  ComparedCount line;
  line.key = count.key;
  line.label = count.label;
  line.visits = count.visits;
  line.share = count.share;
  return line;
}

// "1,5" from 1.5 with `decimals` decimals and a decimal comma.
std::string DecimalComma(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  std::string out = text;
  for (char& c : out) {
    if (c == '.') c = ',';
  }
  return out;
}

// "3 mars 2025": FrenchDate without its weekday.
std::string DayText(date::sys_days day) {
  const std::string text = FrenchDate(date::year_month_day{day});
  const auto space = text.find(' ');
  return space == std::string::npos ? text : text.substr(space + 1);
}

}  // namespace

std::vector<ComparedCount> CompareByKey(const std::vector<Count>& current,
                                        const std::vector<Count>& previous) {
  std::map<std::string, const Count*> before;
  for (const Count& count : previous) before.emplace(count.key, &count);
  std::vector<ComparedCount> lines;
  lines.reserve(current.size());
  for (const Count& count : current) {
    ComparedCount line = Line(count);
    if (auto found = before.find(count.key); found != before.end()) {
      line.previous_visits = found->second->visits;
      line.previous_share = found->second->share;
      before.erase(found);
    }
    lines.push_back(std::move(line));
  }
  for (const Count& count : previous) {
    if (!before.contains(count.key)) continue;
    ComparedCount line;
    line.key = count.key;
    line.label = count.label;
    line.previous_visits = count.visits;
    line.previous_share = count.share;
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<ComparedCount> CompareByPosition(const std::vector<Count>& current,
                                             const std::vector<Count>& previous) {
  std::vector<ComparedCount> lines;
  lines.reserve(current.size());
  for (std::size_t i = 0; i < current.size(); ++i) {
    ComparedCount line = Line(current[i]);
    if (i < previous.size()) {
      line.previous_visits = previous[i].visits;
      line.previous_share = previous[i].share;
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<ComparedCount> CompareByDay(const std::vector<Count>& current,
                                        const std::vector<Count>& previous) {
  const auto day_of_year = [](const std::string& key) {
    return key.size() == 10 ? key.substr(5) : key;
  };
  std::map<std::string, const Count*> before;
  for (const Count& count : previous) before.emplace(day_of_year(count.key), &count);
  std::vector<ComparedCount> lines;
  lines.reserve(current.size());
  for (const Count& count : current) {
    ComparedCount line = Line(count);
    if (auto found = before.find(day_of_year(count.key)); found != before.end()) {
      line.previous_visits = found->second->visits;
      line.previous_share = found->second->share;
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::optional<double> Change(std::int64_t now, std::int64_t before) {
  if (before == 0) return std::nullopt;
  return static_cast<double>(now - before) / static_cast<double>(before);
}

std::string ChangeText(std::optional<double> change) {
  if (!change) return "—";
  const double percent = *change * 100;
  const std::string digits = DecimalComma(std::fabs(percent), 1);
  if (digits == "0,0") return "0,0\u00a0%";
  return (percent < 0 ? "−" : "+") + digits + "\u00a0%";
}

std::string FrenchCount(std::int64_t count) {
  const std::string digits = std::to_string(count < 0 ? -count : count);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u202f";
    out += digits[i];
  }
  return count < 0 ? "−" + out : out;
}

std::string FrenchPercent(double share) {
  return DecimalComma(share * 100, 1) + "\u00a0%";
}

std::string PeriodLabel(date::sys_days from, date::sys_days to) {
  const date::year_month_day first{from};
  const date::year_month_day last{to};
  if (first.year() == last.year() && first.month() == date::January &&
      first.day() == date::day{1} && last.month() == date::December &&
      last.day() == date::day{31}) {
    return std::to_string(static_cast<int>(first.year()));
  }
  if (from == to) return "le " + DayText(from);
  return "du " + DayText(from) + " au " + DayText(to);
}

std::string WeekdayName(int iso) {
  if (iso < 1 || iso > 7) return "";
  return FrenchWeekday(date::weekday{static_cast<unsigned>(iso % 7)});
}

}  // namespace relais::web
