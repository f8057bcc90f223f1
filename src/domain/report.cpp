#include "domain/report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace relais {
namespace {

constexpr std::array<std::string_view, 9> kDimensionNames = {
    "total", "people", "commune", "qpv", "partner", "theme", "outcome", "channel", "weekday_hour"};

constexpr std::array<std::string_view, 12> kMonthNames = {
    "janvier", "février", "mars",      "avril",   "mai",      "juin",
    "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
// By ISO weekday, 1 (Monday) to 7.
constexpr std::array<std::string_view, 8> kWeekdayNames = {
    "", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};

std::string TwoDigits(unsigned value) {
  std::string out(2, '0');
  out[0] = static_cast<char>('0' + value / 10 % 10);
  out[1] = static_cast<char>('0' + value % 10);
  return out;
}

std::string MonthKey(date::year_month month) {
  return std::to_string(static_cast<int>(month.year())) + "-" +
         TwoDigits(static_cast<unsigned>(month.month()));
}

std::string MonthLabel(date::year_month month) {
  return std::string(kMonthNames[static_cast<unsigned>(month.month()) - 1]) + " " +
         std::to_string(static_cast<int>(month.year()));
}

std::string DayKey(date::sys_days day) {
  const date::year_month_day ymd{day};
  return MonthKey(ymd.year() / ymd.month()) + "-" + TwoDigits(static_cast<unsigned>(ymd.day()));
}

std::string DayLabel(date::sys_days day) {
  const date::year_month_day ymd{day};
  const unsigned d = static_cast<unsigned>(ymd.day());
  return std::string(kWeekdayNames[date::weekday{day}.iso_encoding()]) + " " +
         (d == 1 ? std::string("1er") : std::to_string(d)) + " " +
         std::string(kMonthNames[static_cast<unsigned>(ymd.month()) - 1]) + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

// "D-HH" → (D, HH), or nothing when malformed.
std::optional<std::pair<unsigned, unsigned>> ParseWeekdayHour(std::string_view key) {
  if (key.size() != 4 || key[1] != '-') return std::nullopt;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!digit(key[0]) || !digit(key[2]) || !digit(key[3])) return std::nullopt;
  const unsigned weekday = static_cast<unsigned>(key[0] - '0');
  const unsigned hour = static_cast<unsigned>((key[2] - '0') * 10 + (key[3] - '0'));
  if (weekday < 1 || weekday > 7 || hour > 23) return std::nullopt;
  return std::make_pair(weekday, hour);
}

double ShareOf(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

// Counts of `sums`, most first (then by key), the key "" last.
std::vector<Count> MostFirst(const std::map<std::string, std::int64_t>& sums) {
  std::vector<Count> counts;
  counts.reserve(sums.size());
  for (const auto& [key, visits] : sums) counts.push_back({key, "", visits, 0});
  std::stable_sort(counts.begin(), counts.end(), [](const Count& a, const Count& b) {
    const bool a_unknown = a.key.empty();
    const bool b_unknown = b.key.empty();
    if (a_unknown != b_unknown) return b_unknown;
    return a.visits > b.visits;
  });
  return counts;
}

// Counts of the fixed `keys` in their order (zero when absent), then any
// other key of `sums` in key order.
template <std::size_t N>
std::vector<Count> InFixedOrder(const std::map<std::string, std::int64_t>& sums,
                                const std::string_view (&keys)[N]) {
  std::vector<Count> counts;
  for (std::string_view key : keys) {
    auto it = sums.find(std::string(key));
    counts.push_back({std::string(key), "", it == sums.end() ? 0 : it->second, 0});
  }
  for (const auto& [key, visits] : sums) {
    if (std::find(std::begin(keys), std::end(keys), key) == std::end(keys)) {
      counts.push_back({key, "", visits, 0});
    }
  }
  return counts;
}

void SetShares(std::vector<Count>& counts, std::int64_t total) {
  for (Count& count : counts) count.share = ShareOf(count.visits, total);
}

}  // namespace

std::string_view DimensionName(Dimension dimension) {
  return kDimensionNames[static_cast<std::size_t>(dimension)];
}

std::optional<Dimension> ParseDimension(std::string_view name) {
  for (Dimension dimension : kDimensions) {
    if (DimensionName(dimension) == name) return dimension;
  }
  return std::nullopt;
}

std::vector<Rollup> RollupsOf(const VisitFacts& visit) {
  const date::local_days local_day = date::floor<date::days>(visit.local_time);
  const date::sys_days day{local_day.time_since_epoch()};
  const auto hour = date::floor<std::chrono::hours>(visit.local_time - local_day).count();
  const unsigned weekday = date::weekday{local_day}.iso_encoding();

  std::vector<Rollup> rows;
  rows.reserve(9 + visit.themes.size());
  const auto add = [&](Dimension dimension, std::string key) {
    rows.push_back({day, dimension, std::move(key), 1});
  };
  add(Dimension::kTotal, "");
  add(Dimension::kPeople, !visit.first_visit   ? "unknown"
                          : *visit.first_visit ? "first"
                                               : "returning");
  add(Dimension::kCommune, visit.commune_insee.value_or(""));
  add(Dimension::kQpv, !visit.qpv ? "unknown" : *visit.qpv ? "yes" : "no");
  add(Dimension::kPartner, visit.partner.value_or(""));
  for (std::size_t i = 0; i < visit.themes.size(); ++i) {
    const std::string& theme = visit.themes[i];
    if (std::find(visit.themes.begin(), visit.themes.begin() + static_cast<std::ptrdiff_t>(i),
                  theme) == visit.themes.begin() + static_cast<std::ptrdiff_t>(i)) {
      add(Dimension::kTheme, theme);
    }
  }
  add(Dimension::kOutcome, visit.outcome);
  add(Dimension::kChannel, visit.channel);
  add(Dimension::kWeekdayHour,
      std::to_string(weekday) + "-" + TwoDigits(static_cast<unsigned>(hour)));
  return rows;
}

std::vector<Rollup> SumRollups(std::vector<Rollup> rows) {
  const auto order = [](const Rollup& a, const Rollup& b) {
    return std::tie(a.day, a.dimension, a.key) < std::tie(b.day, b.dimension, b.key);
  };
  std::sort(rows.begin(), rows.end(), order);
  std::vector<Rollup> summed;
  summed.reserve(rows.size());
  for (Rollup& row : rows) {
    if (!summed.empty() && summed.back().day == row.day &&
        summed.back().dimension == row.dimension && summed.back().key == row.key) {
      summed.back().visits += row.visits;
    } else {
      summed.push_back(std::move(row));
    }
  }
  return summed;
}

ActivityReport BuildActivityReport(date::sys_days from, date::sys_days to,
                                   const std::vector<Rollup>& rows, const CommuneLookup& communes,
                                   const LabelLookup& labels) {
  ActivityReport report;
  report.from = from;
  report.to = to;
  if (to < from) return report;

  const auto day_count = static_cast<std::size_t>((to - from).count() + 1);
  std::vector<std::int64_t> per_day(day_count, 0);
  std::array<std::map<std::string, std::int64_t>, std::size(kDimensions)> sums;
  for (const Rollup& row : rows) {
    if (row.day < from || row.day > to) continue;
    if (row.dimension == Dimension::kTotal) {
      per_day[static_cast<std::size_t>((row.day - from).count())] += row.visits;
      report.visits += row.visits;
    } else {
      sums[static_cast<std::size_t>(row.dimension)][row.key] += row.visits;
    }
  }
  const auto sum_of = [&](Dimension dimension) -> const std::map<std::string, std::int64_t>& {
    return sums[static_cast<std::size_t>(dimension)];
  };
  const auto value = [&](Dimension dimension, const std::string& key) -> std::int64_t {
    const auto& map = sum_of(dimension);
    auto it = map.find(key);
    return it == map.end() ? 0 : it->second;
  };

  // Days and months, every one of the period.
  report.by_day.reserve(day_count);
  for (std::size_t i = 0; i < day_count; ++i) {
    const date::sys_days day = from + date::days{static_cast<int>(i)};
    report.by_day.push_back({DayKey(day), DayLabel(day), per_day[i], 0});
    const date::year_month_day ymd{day};
    const date::year_month month = ymd.year() / ymd.month();
    const std::string key = MonthKey(month);
    if (report.by_month.empty() || report.by_month.back().key != key) {
      report.by_month.push_back({key, MonthLabel(month), 0, 0});
    }
    report.by_month.back().visits += per_day[i];
  }

  // People: see the header's rule.
  const std::int64_t first = value(Dimension::kPeople, "first");
  const std::int64_t returning = value(Dimension::kPeople, "returning");
  const std::int64_t unknown = value(Dimension::kPeople, "unknown");
  if (first + returning == 0) {
    report.people = report.visits;
  } else {
    report.people = first + std::llround(static_cast<double>(unknown) * static_cast<double>(first) /
                                         static_cast<double>(first + returning));
  }

  // Weekdays and hours.
  std::array<std::int64_t, 8> per_weekday{};
  for (const auto& [key, visits] : sum_of(Dimension::kWeekdayHour)) {
    auto parsed = ParseWeekdayHour(key);
    if (!parsed || visits == 0) continue;
    per_weekday[parsed->first] += visits;
    report.by_weekday_hour.push_back(
        {key,
         std::string(kWeekdayNames[parsed->first]) + " " + std::to_string(parsed->second) + " h",
         visits, 0});
  }
  for (unsigned weekday = 1; weekday <= 7; ++weekday) {
    report.by_weekday.push_back(
        {std::to_string(weekday), std::string(kWeekdayNames[weekday]), per_weekday[weekday], 0});
  }

  // Communes and their départements.
  std::map<std::string, std::int64_t> per_department;
  std::unordered_map<std::string, std::string> department_names;
  std::unordered_map<std::string, std::string> commune_names;
  for (const auto& [insee, visits] : sum_of(Dimension::kCommune)) {
    std::optional<CommuneFacts> facts;
    if (!insee.empty() && communes) facts = communes(insee);
    const std::string department = facts ? facts->department : "";
    per_department[department] += visits;
    if (facts) {
      department_names.emplace(department, facts->department_name);
      commune_names.emplace(insee, facts->name);
    }
  }
  report.by_commune = MostFirst(sum_of(Dimension::kCommune));
  for (Count& count : report.by_commune) {
    auto it = commune_names.find(count.key);
    count.label = count.key.empty()           ? "Commune inconnue"
                  : it != commune_names.end() ? it->second
                                              : count.key;
  }
  report.by_department = MostFirst(per_department);
  for (Count& count : report.by_department) {
    auto it = department_names.find(count.key);
    count.label =
        it == department_names.end() || it->second.empty() ? "Département inconnu" : it->second;
  }

  const auto label = [&](Dimension dimension, std::vector<Count>& counts) {
    for (Count& count : counts) count.label = labels ? labels(dimension, count.key) : count.key;
  };
  report.by_partner = MostFirst(sum_of(Dimension::kPartner));
  label(Dimension::kPartner, report.by_partner);
  report.by_theme = MostFirst(sum_of(Dimension::kTheme));
  label(Dimension::kTheme, report.by_theme);
  report.by_outcome = InFixedOrder(sum_of(Dimension::kOutcome), kOutcomeKeys);
  label(Dimension::kOutcome, report.by_outcome);
  report.by_channel = InFixedOrder(sum_of(Dimension::kChannel), kChannelKeys);
  label(Dimension::kChannel, report.by_channel);

  for (auto* counts :
       {&report.by_month, &report.by_day, &report.by_weekday, &report.by_weekday_hour,
        &report.by_commune, &report.by_department, &report.by_partner, &report.by_theme,
        &report.by_outcome, &report.by_channel}) {
    SetShares(*counts, report.visits);
  }

  const std::int64_t qpv_yes = value(Dimension::kQpv, "yes");
  report.qpv_known = qpv_yes + value(Dimension::kQpv, "no");
  report.qpv_share = ShareOf(qpv_yes, report.qpv_known);
  report.resolved_share = ShareOf(value(Dimension::kOutcome, "resolved"), report.visits);
  return report;
}

}  // namespace relais
