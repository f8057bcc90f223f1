// A realistic history of visits for the demo desk and the benchmarks,
// deterministic from a seed: the seed article's 2024 (about 8,000 people,
// half of them from Essonne with Massy first, many from the Noyer-Doré
// priority neighbourhood), with seasons and a weekday × hour pattern that
// follows the desk's opening hours. Pure: no storage, no clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/site_hours.h"
#include "app/visit_store.h"
#include "domain/error.h"

namespace relais::app {

struct HistoryOptions {
  std::uint64_t seed = 2024;
  // Distinct people a whole year; a partial year gets its share of them.
  int people_per_year = 8000;
  std::string logged_by;           // the agent id written on each visit
  std::string id_prefix = "hist";  // visit ids are "{prefix}-{year}-{n}"
};

// Where the generated people come from: an INSEE code and its weight, in
// percent of the people, and the chance that they live in a QPV.
struct HistoryCommune {
  std::string_view insee;
  double percent;
  double qpv_chance;
};
// The communes of the demo's visitors (unknown communes are the rest to 100).
const std::vector<HistoryCommune>& HistoryCommunes();

// The visits from local day `from` to `to` (both included), by time, only
// while the site is open. Each person's first visit of a calendar year has
// first_visit = true, later ones false, and a few stay unknown, as a busy
// counter leaves them. Same options, same hours: same visits.
std::vector<Visit> GenerateHistory(const SiteHours& hours, date::year_month_day from,
                                   date::year_month_day to, const HistoryOptions& options);

// Gives the site the history of 1 January 2024 to the day before `today`
// (logged by `logged_by`), with its roll-ups, in one transaction; unless
// the site has visits already.
Status BuildDemoHistory(VisitStore& store, const std::string& site_id, const SiteHours& hours,
                        const std::string& logged_by, date::year_month_day today);

}  // namespace relais::app
