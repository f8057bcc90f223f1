// Slot search benchmarks, in-process, one site: the seed desk's hours
// (Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00, as UTC at +02:00)
// over 60 days from 1 April 2025, 8 mediators (6 full time, 2 mornings only),
// 30-minute slots, 70 % of each mediator's grid slots booked (seeded PRNG).
// Compares, in one run:
//   Search60Days      FindSlots over the whole 60-day horizon (the issue's
//                     target: p99 <= 100 us), reusing the output vector;
//   Search60DaysFresh the same, returning a new vector each time;
//   Search1Day        FindSlots over one day (a booking page's day view);
//   CheckEachStart    the same 60 days answered start by start with
//                     CheckBooking: what the sweep saves over binary searches;
//   CheckBooking      one booking decision;
//   AddRemoveBooking  recording then cancelling one booking (Schedule update);
//   BuildSchedule     preparing the Schedule from the application's intervals.
// Each timed benchmark reports p50_us and p99_us, measured per iteration
// with std::chrono::steady_clock over 10,000 iterations.
// Run: slots_bench [--benchmark_filter=Search]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "domain/slots.h"

namespace relais {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using Clock = std::chrono::steady_clock;

constexpr int kDays = 60;
constexpr int kMediators = 8;
constexpr int kIterations = 10'000;
const UtcTime kFirstDay{std::chrono::sys_days{std::chrono::year{2025} / 4 / 1}};
const UtcTime kNow = kFirstDay + hours{6};

UtcTime Local(int day, int hour, int minute) {
  return kFirstDay + days{day} + hours{hour - 2} + minutes{minute};  // +02:00
}

struct Fixture {
  std::vector<UtcInterval> open;
  std::vector<MediatorCalendar> calendars;
  Schedule schedule;
  SlotRules rules;
  double booked_share = 0;

  Fixture() {
    std::vector<UtcInterval> mornings;
    for (int day = 0; day < kDays; ++day) {
      const unsigned wd =
          std::chrono::weekday{std::chrono::floor<days>(kFirstDay + days{day})}.iso_encoding();
      if (wd > 5) continue;
      open.push_back({Local(day, 9, 30), Local(day, 13, 0)});
      mornings.push_back(open.back());
      if (wd == 1 || wd == 3 || wd == 4) open.push_back({Local(day, 14, 0), Local(day, 17, 0)});
    }
    std::mt19937 rng(42);
    std::bernoulli_distribution booked(0.7);
    std::size_t slots = 0, bookings = 0;
    for (int m = 0; m < kMediators; ++m) {
      MediatorCalendar c;
      c.id = "mediateur-" + std::to_string(m);
      c.availability = m < 6 ? open : mornings;
      c.type_ids = {"caf", "ants", "france-travail"};
      for (const UtcInterval& i : c.availability) {
        for (UtcTime t = i.start; t + minutes{30} <= i.end; t += minutes{30}) {
          ++slots;
          if (booked(rng)) c.bookings.push_back({t, t + minutes{30}});
        }
      }
      bookings += c.bookings.size();
      calendars.push_back(std::move(c));
    }
    booked_share = static_cast<double>(bookings) / static_cast<double>(slots);
    schedule = Schedule(open, calendars);
    rules.type_id = "caf";
    rules.duration = minutes{30};
    rules.min_notice = minutes{120};
    rules.horizon = days{kDays};
  }
};

const Fixture& TheFixture() {
  static const Fixture fixture;
  return fixture;
}

// Times `body` once per iteration and reports the percentiles in microseconds.
template <typename Body>
void Timed(benchmark::State& state, Body&& body) {
  std::vector<double> samples;
  samples.reserve(kIterations);
  for (auto _ : state) {
    const Clock::time_point start = Clock::now();
    body();
    samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) {
    return samples[std::min(samples.size() - 1, static_cast<std::size_t>(q * samples.size()))];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = samples.back();
}

void BM_Search60Days(benchmark::State& state) {
  const Fixture& f = TheFixture();
  std::vector<Slot> out;
  out.reserve(1024);
  Timed(state, [&] {
    FindSlots(f.schedule, f.rules, kNow, kNow, kNow + days{kDays}, out);
    benchmark::DoNotOptimize(out.data());
  });
  state.counters["slots"] = static_cast<double>(out.size());
  state.counters["booked_share"] = f.booked_share;
}
BENCHMARK(BM_Search60Days)->Iterations(kIterations);

void BM_Search60DaysFresh(benchmark::State& state) {
  const Fixture& f = TheFixture();
  Timed(state, [&] {
    std::vector<Slot> out = FindSlots(f.schedule, f.rules, kNow, kNow, kNow + days{kDays});
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_Search60DaysFresh)->Iterations(kIterations);

void BM_Search1Day(benchmark::State& state) {
  const Fixture& f = TheFixture();
  std::vector<Slot> out;
  int day = 0;
  Timed(state, [&] {
    const UtcTime from = kFirstDay + days{day} - hours{2};
    FindSlots(f.schedule, f.rules, kNow, from, from + days{1}, out);
    benchmark::DoNotOptimize(out.data());
    day = (day + 1) % kDays;
  });
}
BENCHMARK(BM_Search1Day)->Iterations(kIterations);

void BM_CheckEachStart(benchmark::State& state) {
  const Fixture& f = TheFixture();
  std::vector<Slot> out;
  Timed(state, [&] {
    out.clear();
    for (const UtcInterval& o : f.schedule.open()) {
      for (UtcTime t = o.start; t + minutes{30} <= o.end; t += minutes{30}) {
        if (auto a = CheckBooking(f.schedule, f.rules, t, kNow)) {
          out.push_back({t, t + minutes{30}, a->mediator, 1});
        }
      }
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_CheckEachStart)->Iterations(1'000);

void BM_CheckBooking(benchmark::State& state) {
  const Fixture& f = TheFixture();
  const std::vector<UtcInterval>& open = f.schedule.open();
  std::size_t i = 0;
  Timed(state, [&] {
    const UtcInterval& o = open[3 + i++ % (open.size() - 3)];
    benchmark::DoNotOptimize(CheckBooking(f.schedule, f.rules, o.start + minutes{60}, kNow));
  });
}
BENCHMARK(BM_CheckBooking)->Iterations(kIterations);

void BM_AddRemoveBooking(benchmark::State& state) {
  Schedule schedule = TheFixture().schedule;
  const UtcInterval busy{Local(30, 9, 30), Local(30, 10, 0)};
  Timed(state, [&] {
    schedule.AddBooking(3, busy);
    benchmark::DoNotOptimize(schedule.RemoveBooking(3, busy));
  });
}
BENCHMARK(BM_AddRemoveBooking)->Iterations(kIterations);

void BM_BuildSchedule(benchmark::State& state) {
  const Fixture& f = TheFixture();
  Timed(state, [&] {
    Schedule schedule(f.open, f.calendars);
    benchmark::DoNotOptimize(&schedule);
  });
}
BENCHMARK(BM_BuildSchedule)->Iterations(1'000);

}  // namespace
}  // namespace relais

BENCHMARK_MAIN();
