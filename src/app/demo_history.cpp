#include "app/demo_history.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>

#include "app/visits.h"

namespace relais::app {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// splitmix64: a small, well-mixed generator whose output is the same on
// every platform (the standard distributions are not).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n).
  std::uint64_t Below(std::uint64_t n) { return n == 0 ? 0 : Next() % n; }
  bool Chance(double p) { return Unit() < p; }

 private:
  std::uint64_t state_;
};

// Picks an index by weight.
template <typename T, typename Weight>
std::size_t Pick(Random& random, const std::vector<T>& items, Weight weight) {
  double total = 0;
  for (const T& item : items) total += weight(item);
  double target = random.Unit() * total;
  for (std::size_t i = 0; i < items.size(); ++i) {
    target -= weight(items[i]);
    if (target < 0) return i;
  }
  return items.size() - 1;
}

// What brings a person to the desk: the partner concerned, the themes and
// how often it comes up, in percent.
struct Need {
  std::string_view partner;  // "" when no partner of the desk is concerned
  std::vector<std::string_view> themes;
  double percent;
};
const std::vector<Need>& Needs() {
  static const std::vector<Need> kNeeds = {
      {"caf", {"logement"}, 14},
      {"caf", {"social-sante", "argent-impots"}, 13},
      {"caf", {"famille"}, 5},
      {"cpam", {"social-sante"}, 15},
      {"france-travail", {"emploi"}, 12},
      {"france-travail", {"emploi", "numerique"}, 3},
      {"", {"argent-impots"}, 8},
      {"", {"papiers-citoyennete"}, 9},
      {"", {"transports"}, 6},
      {"", {"numerique"}, 6},
      {"", {"retraite"}, 4},
      {"", {"etranger"}, 5},
  };
  return kNeeds;
}

// How busy each month is (the CAF's quarterly returns, tax season, summer).
constexpr std::array<double, 12> kMonthWeight = {1.10, 1.05, 1.10, 1.00, 1.05, 1.00,
                                                 0.80, 0.50, 1.15, 1.10, 1.05, 0.80};
// Monday (index 1) to Sunday (7): Mondays are the busiest.
constexpr std::array<double, 8> kWeekdayWeight = {0, 1.20, 1.00, 1.00, 0.95, 0.90, 0.6, 0.4};

// Within the day: the late morning and the start of the afternoon.
double HourWeight(int hour) {
  switch (hour) {
    case 9:
      return 0.8;
    case 10:
      return 1.3;
    case 11:
      return 1.2;
    case 12:
      return 0.9;
    case 13:
      return 0.6;
    case 14:
      return 1.1;
    case 15:
      return 1.0;
    case 16:
      return 0.7;
    default:
      return 0.5;
  }
}

// A stretch of open time (at most 30 minutes) and how likely a visit is in it.
struct Block {
  date::sys_seconds start;
  seconds length;
  double weight;
};

// Every open half-hour of a year's window, weighted.
std::vector<Block> OpenBlocks(const SiteHours& hours, date::year_month_day from,
                              date::year_month_day to) {
  std::vector<Block> blocks;
  const HoursWindow window = hours.Between(from, to);
  for (const Interval& open : window.intervals) {
    for (date::sys_seconds at = open.start; at < open.end; at += minutes(30)) {
      const date::sys_seconds end = std::min(open.end, at + minutes(30));
      const date::local_seconds local = hours.zone().ToLocal(at);
      const date::local_days day = date::floor<date::days>(local);
      const date::year_month_day ymd{day};
      const unsigned weekday = date::weekday{day}.iso_encoding();
      const int hour =
          static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(local - day).count());
      const seconds length = end - at;
      const double weight = kMonthWeight[static_cast<unsigned>(ymd.month()) - 1] *
                            kWeekdayWeight[weekday] * HourWeight(hour) *
                            static_cast<double>(length.count()) / 1800.0;
      blocks.push_back({at, length, weight});
    }
  }
  return blocks;
}

// Samples blocks by weight through the running sums.
class BlockSampler {
 public:
  explicit BlockSampler(std::vector<Block> blocks) : blocks_(std::move(blocks)) {
    double sum = 0;
    for (const Block& block : blocks_) sums_.push_back(sum += block.weight);
  }
  bool empty() const { return blocks_.empty() || sums_.back() <= 0; }
  date::sys_seconds Instant(Random& random) const {
    const double target = random.Unit() * sums_.back();
    const auto i = static_cast<std::size_t>(std::upper_bound(sums_.begin(), sums_.end(), target) -
                                            sums_.begin());
    const Block& block = blocks_[std::min(i, blocks_.size() - 1)];
    // On the minute: a counter logs minutes.
    const auto minutes_in = static_cast<std::int64_t>(random.Below(
        static_cast<std::uint64_t>(std::max<std::int64_t>(1, block.length.count() / 60))));
    return block.start + minutes(minutes_in);
  }

 private:
  std::vector<Block> blocks_;
  std::vector<double> sums_;
};

Outcome PickOutcome(Random& random) {
  const double u = random.Unit();
  if (u < 0.60) return Outcome::kResolved;
  if (u < 0.72) return Outcome::kAppointment;
  if (u < 0.87) return Outcome::kReferred;
  return Outcome::kPending;
}

Channel PickChannel(Random& random) {
  const double u = random.Unit();
  if (u < 0.70) return Channel::kWalkIn;
  if (u < 0.88) return Channel::kAppointment;
  if (u < 0.98) return Channel::kPhone;
  return Channel::kEmail;
}

// How many times a person comes in a year: 1.7 on average.
int PickVisitCount(Random& random) {
  const double u = random.Unit();
  if (u < 0.58) return 1;
  if (u < 0.82) return 2;
  if (u < 0.92) return 3;
  if (u < 0.97) return 4;
  return 5;
}

}  // namespace

const std::vector<HistoryCommune>& HistoryCommunes() {
  // Essonne: half of the people, Massy first (the seed article).
  static const std::vector<HistoryCommune> kCommunes = {
      {"91377", 19.0, 0.25},  // Massy
      {"91477", 5.0, 0.05},   // Palaiseau
      {"91161", 5.0, 0.10},   // Chilly-Mazarin
      {"91689", 3.5, 0.02},   // Wissous
      {"91345", 3.0, 0.10},   // Longjumeau
      {"91645", 3.0, 0.02},   // Verrières-le-Buisson
      {"91589", 2.5, 0.10},   // Savigny-sur-Orge
      {"91136", 2.0, 0.02},   // Champlan
      {"91432", 2.0, 0.05},   // Morangis
      {"91312", 1.5, 0.02},   // Igny
      {"91027", 1.0, 0.20},   // Athis-Mons
      {"91216", 1.0, 0.05},   // Épinay-sur-Orge
      {"91326", 0.5, 0.20},   // Juvisy-sur-Orge
      {"91692", 0.5, 0.50},   // Les Ulis
      {"91661", 0.5, 0.02},   // Villebon-sur-Yvette
      // Hauts-de-Seine: Antony and the Noyer-Doré neighbourhood.
      {"92002", 34.0, 0.65},  // Antony
      {"92019", 4.0, 0.25},   // Châtenay-Malabry
      {"92014", 1.5, 0.02},   // Bourg-la-Reine
      {"92071", 1.0, 0.02},   // Sceaux
      {"92032", 0.5, 0.05},   // Fontenay-aux-Roses
      // Val-de-Marne and Yvelines.
      {"94034", 2.5, 0.20},  // Fresnes
      {"94038", 2.0, 0.20},  // L'Haÿ-les-Roses
      {"94021", 1.0, 0.10},  // Chevilly-Larue
      {"94065", 0.5, 0.02},  // Rungis
      {"78640", 0.5, 0.02},  // Vélizy-Villacoublay
  };
  return kCommunes;
}

std::vector<Visit> GenerateHistory(const SiteHours& hours, date::year_month_day from,
                                   date::year_month_day to, const HistoryOptions& options) {
  std::vector<Visit> visits;
  if (date::sys_days{to} < date::sys_days{from}) return visits;
  const std::vector<HistoryCommune>& communes = HistoryCommunes();
  double known_percent = 0;
  for (const HistoryCommune& commune : communes) known_percent += commune.percent;

  for (date::year year = from.year(); year <= to.year(); ++year) {
    const date::year_month_day first = std::max(date::sys_days{from}, date::sys_days{year / 1 / 1});
    const date::year_month_day last = std::min(date::sys_days{to}, date::sys_days{year / 12 / 31});
    // The whole year's blocks weigh the people; the window keeps its part.
    const std::vector<Block> year_blocks = OpenBlocks(hours, year / 1 / 1, year / 12 / 31);
    double year_weight = 0;
    for (const Block& block : year_blocks) year_weight += block.weight;
    std::vector<Block> window_blocks;
    double window_weight = 0;
    const date::sys_seconds window_start = hours.zone().ToInstant(date::local_days{first});
    const date::sys_seconds window_end =
        hours.zone().ToInstant(date::local_days{last} + date::days{1});
    for (const Block& block : year_blocks) {
      if (block.start < window_start || block.start >= window_end) continue;
      window_blocks.push_back(block);
      window_weight += block.weight;
    }
    const BlockSampler sampler(std::move(window_blocks));
    if (sampler.empty() || year_weight <= 0) continue;
    const int people =
        static_cast<int>(std::lround(options.people_per_year * window_weight / year_weight));

    Random random(options.seed * 1000003ULL + static_cast<std::uint64_t>(int{year}));
    std::size_t first_of_year = visits.size();
    int number = 0;
    for (int person = 0; person < people; ++person) {
      // Who: where they live, whether in a QPV, what brings them.
      std::optional<std::string> insee;
      std::optional<bool> qpv;
      if (random.Unit() * 100.0 < known_percent) {
        const HistoryCommune& commune =
            communes[Pick(random, communes, [](const HistoryCommune& c) { return c.percent; })];
        insee = std::string(commune.insee);
        if (!random.Chance(0.08)) qpv = random.Chance(commune.qpv_chance);
      }
      const Need& need = Needs()[Pick(random, Needs(), [](const Need& n) { return n.percent; })];
      const bool asked_first = !random.Chance(0.03);  // the counter answered "first visit?"

      std::vector<date::sys_seconds> times;
      const int count = PickVisitCount(random);
      for (int i = 0; i < count; ++i) times.push_back(sampler.Instant(random));
      std::sort(times.begin(), times.end());
      for (std::size_t i = 0; i < times.size(); ++i) {
        Visit visit;
        visit.id =
            options.id_prefix + "-" + std::to_string(int{year}) + "-" + std::to_string(++number);
        visit.at = times[i];
        visit.commune_insee = insee;
        visit.qpv = qpv;
        if (!need.partner.empty()) visit.partner = std::string(need.partner);
        for (std::string_view theme : need.themes) visit.themes.emplace_back(theme);
        visit.outcome = PickOutcome(random);
        visit.channel = PickChannel(random);
        visit.duration_minutes = 10 + static_cast<int>(random.Below(36));
        if (asked_first) visit.first_visit = i == 0;
        visit.logged_by = options.logged_by;
        visit.created_at = visit.at + minutes(visit.duration_minutes.value_or(0));
        visits.push_back(std::move(visit));
      }
    }
    std::sort(visits.begin() + static_cast<std::ptrdiff_t>(first_of_year), visits.end(),
              [](const Visit& a, const Visit& b) {
                return a.at < b.at || (a.at == b.at && a.id < b.id);
              });
  }
  return visits;
}

Status BuildDemoHistory(VisitStore& store, const std::string& site_id, const SiteHours& hours,
                        const std::string& logged_by, date::year_month_day today) {
  auto check = store.CheckRollups(site_id);
  if (!check) return tl::unexpected(check.error());
  if (check->visits > 0) return {};
  HistoryOptions options;
  options.logged_by = logged_by;
  const std::vector<Visit> visits = GenerateHistory(
      hours, date::year{2024} / 1 / 1, date::sys_days{today} - date::days{1}, options);
  return ImportVisits(store, site_id, hours.zone(), visits);
}

}  // namespace relais::app
