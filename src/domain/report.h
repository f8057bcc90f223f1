// The activity report's figures, computed from daily roll-ups (how many
// visits per local day, dimension and key) rather than from the visits
// themselves: a year costs days × categories. Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

namespace relais {

// What a roll-up row counts visits by, and its keys.
enum class Dimension {
  kTotal,        // key "": every visit
  kPeople,       // key "first" (first visit of the year), "returning", "unknown"
  kCommune,      // key: INSEE code, "" when unknown
  kQpv,          // key "yes", "no", "unknown"
  kPartner,      // key: partner code, "" when none
  kTheme,        // key: theme code (a visit counts once per theme)
  kOutcome,      // key: "resolved", "appointment", "referred", "pending"
  kChannel,      // key: "walk_in", "appointment", "phone", "email"
  kWeekdayHour,  // key "D-HH": ISO weekday 1 (Monday) to 7, local hour 00 to 23
};
inline constexpr Dimension kDimensions[] = {
    Dimension::kTotal,   Dimension::kPeople,  Dimension::kCommune,
    Dimension::kQpv,     Dimension::kPartner, Dimension::kTheme,
    Dimension::kOutcome, Dimension::kChannel, Dimension::kWeekdayHour};
std::string_view DimensionName(Dimension dimension);  // "total", "people", "commune", ...
std::optional<Dimension> ParseDimension(std::string_view name);

// One roll-up row: `visits` visits on local day `day` with `key` in `dimension`.
struct Rollup {
  date::sys_days day;  // the local calendar day (no time zone: a date)
  Dimension dimension = Dimension::kTotal;
  std::string key;
  std::int64_t visits = 0;

  friend bool operator==(const Rollup&, const Rollup&) = default;
};

// The roll-up rows one visit adds (visits = 1 each): total, people, commune,
// qpv, partner, each theme, outcome, channel, weekday-hour. `local_time` is
// the visit's wall-clock time at the site; `first_visit` is "first visit of
// the year" (none: unknown).
struct VisitFacts {
  date::local_seconds local_time;
  std::optional<std::string> commune_insee;
  std::optional<bool> qpv;
  std::optional<std::string> partner;
  std::vector<std::string> themes;
  std::string outcome;  // OutcomeName
  std::string channel;  // ChannelName
  std::optional<bool> first_visit;
};
std::vector<Rollup> RollupsOf(const VisitFacts& visit);

// `rows` with the rows of one (day, dimension, key) summed into one, sorted
// by day, dimension and key: what a bulk insert writes.
std::vector<Rollup> SumRollups(std::vector<Rollup> rows);

// The fixed keys of the outcome and channel dimensions, in report order.
inline constexpr std::string_view kOutcomeKeys[] = {"resolved", "appointment", "referred",
                                                    "pending"};
inline constexpr std::string_view kChannelKeys[] = {"walk_in", "appointment", "phone", "email"};

// A count with its share of the period's visits (0 when there are none).
struct Count {
  std::string key;    // code: INSEE, department, partner, theme, outcome…
  std::string label;  // French, for people
  std::int64_t visits = 0;
  double share = 0;  // visits / the report's visits, in [0, 1]

  friend bool operator==(const Count&, const Count&) = default;
};

// What the report needs to know of a commune.
struct CommuneFacts {
  std::string name;
  std::string department;       // "91"
  std::string department_name;  // "Essonne"
};
using CommuneLookup = std::function<std::optional<CommuneFacts>(std::string_view insee)>;
// French labels of partner, theme, outcome and channel keys (the key "" of
// partners is asked too: "no partner").
using LabelLookup = std::function<std::string(Dimension, std::string_view key)>;

// The activity report of a period (local days `from` to `to`, both included).
//
// People (distinct persons): visits are anonymous, so a person is counted on
// their first visit of the year (the counter's "première venue cette année").
// people = first + unknown × first / (first + returning), rounded to the
// nearest; with no visit whose answer is known, people = visits.
struct ActivityReport {
  date::sys_days from;
  date::sys_days to;
  std::int64_t visits = 0;
  std::int64_t people = 0;
  std::vector<Count> by_month;         // key "YYYY-MM", every month of the period, in order
  std::vector<Count> by_day;           // key "YYYY-MM-DD", every day of the period, in order
  std::vector<Count> by_weekday;       // key "1".."7", every day of the week
  std::vector<Count> by_weekday_hour;  // key "D-HH", only those with visits, in order
  std::vector<Count> by_commune;       // most first; key "" for unknown, last
  std::vector<Count> by_department;    // most first; key "" for unknown, last
  std::vector<Count> by_partner;       // most first; key "" for none, last
  std::vector<Count> by_theme;         // most first (shares of visits: may sum over 1)
  std::vector<Count> by_outcome;       // every outcome, in its fixed order
  std::vector<Count> by_channel;       // every channel, in its fixed order
  std::vector<Count> by_site;          // a network's report only: its sites, in its order
  double qpv_share = 0;                // visits from a QPV / visits whose answer is known
  std::int64_t qpv_known = 0;          // visits whose QPV answer is known
  double resolved_share = 0;           // resolved on the spot / visits
};

// Sums `rows` (any order; rows outside the period are ignored). Only the
// kTotal rows need their exact day (by_day); the rows of other dimensions
// may be summed per month and dated any day of that month in the period.
// Labels: months "janvier 2024", days "lundi 1er janvier 2024", weekdays
// "lundi", weekday-hours "lundi 9 h", communes their name ("Commune
// inconnue" for "", the code for a code the lookup does not know),
// départements their name ("Département inconnu" for "", which also holds
// the communes the lookup does not know), the rest from `labels`.
ActivityReport BuildActivityReport(date::sys_days from, date::sys_days to,
                                   const std::vector<Rollup>& rows, const CommuneLookup& communes,
                                   const LabelLookup& labels);

}  // namespace relais
