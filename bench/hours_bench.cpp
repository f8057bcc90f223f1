// A year of the seed desk's opening hours, evaluated in-process: the value is
// parsed once, then OpenIntervals over 2026 is timed RUNS times and the median
// printed as one JSON line (bench/hours.sh compares it with the npm
// opening_hours library, bench/hours_bench.mjs).
// Run: hours_bench [RUNS] (default 201)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <date/date.h>

#include "domain/holidays.h"
#include "domain/opening_hours.h"

namespace relais {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kSeedHours = "Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off";
constexpr int kYear = 2026;
constexpr int kDefaultRuns = 201;

int Run(int runs) {
  const Result<OpeningHours> hours = ParseOpeningHours(kSeedHours);
  if (!hours) {
    std::fprintf(stderr, "hours_bench: %s\n", hours.error().message.c_str());
    return 1;
  }
  const HolidayCalendar holidays(/*alsace_moselle=*/false);
  const date::year_month_day first = date::year{kYear} / date::January / 1;
  const date::year_month_day last = date::year{kYear} / date::December / 31;

  std::size_t intervals = OpenIntervals(*hours, first, last, holidays).size();  // warm-up
  std::vector<double> micros;
  micros.reserve(static_cast<std::size_t>(runs));
  for (int run = 0; run < runs; ++run) {
    const Clock::time_point start = Clock::now();
    const std::vector<LocalInterval> result = OpenIntervals(*hours, first, last, holidays);
    const Clock::time_point end = Clock::now();
    if (result.size() != intervals) {
      std::fprintf(stderr, "hours_bench: the result changed between runs\n");
      return 1;
    }
    micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  std::sort(micros.begin(), micros.end());
  const double median = micros[micros.size() / 2];
  std::printf("{\"impl\":\"relais\",\"value\":\"%s\",\"year\":%d,\"runs\":%d,\"intervals\":%zu,"
              "\"median_us\":%.2f,\"min_us\":%.2f}\n",
              kSeedHours, kYear, runs, intervals, median, micros.front());
  return 0;
}

}  // namespace
}  // namespace relais

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : relais::kDefaultRuns;
  if (runs < 1) {
    std::fprintf(stderr, "usage: hours_bench [RUNS]\n");
    return 2;
  }
  return relais::Run(runs);
}
