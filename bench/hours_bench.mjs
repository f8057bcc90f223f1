// A year of the seed desk's opening hours with the npm opening_hours library
// (the reference of bench/hours_bench.cpp): the value is parsed once, then
// getOpenIntervals over 2026 is timed RUNS times and the median printed as
// one JSON line. Needs TZ=Europe/Paris and the test tools (npm ci --prefix tests).
// Run: TZ=Europe/Paris node bench/hours_bench.mjs [RUNS] (default 11)
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const OpeningHours = require('opening_hours');

const SEED_HOURS = 'Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off';
const YEAR = 2026;
// Without a French location, PH would mean another country's holidays.
const PARIS = { lat: 48.75, lon: 2.30, address: { country_code: 'fr', state: 'Île-de-France' } };

if (process.env.TZ !== 'Europe/Paris') {
  console.error('hours_bench.mjs: run with TZ=Europe/Paris');
  process.exit(2);
}
const runs = Number(process.argv[2] ?? 11);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: hours_bench.mjs [RUNS]');
  process.exit(2);
}

const hours = new OpeningHours(SEED_HOURS, PARIS);
const from = new Date(YEAR, 0, 1);
const to = new Date(YEAR + 1, 0, 1);

const intervals = hours.getOpenIntervals(from, to).length;  // warm-up
const micros = [];
for (let run = 0; run < runs; ++run) {
  const start = performance.now();
  const result = hours.getOpenIntervals(from, to);
  const end = performance.now();
  if (result.length !== intervals) {
    console.error('hours_bench.mjs: the result changed between runs');
    process.exit(1);
  }
  micros.push((end - start) * 1000);
}
micros.sort((a, b) => a - b);
console.log(JSON.stringify({
  impl: 'opening_hours',
  version: require('opening_hours/package.json').version,
  value: SEED_HOURS,
  year: YEAR,
  runs,
  intervals,
  median_us: Number(micros[Math.floor(runs / 2)].toFixed(2)),
  min_us: Number(micros[0].toFixed(2)),
}));
