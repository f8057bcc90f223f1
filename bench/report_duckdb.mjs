// The annual activity report's aggregates in DuckDB (the reference of
// bench/report_bench.cpp): the visits and their themes are loaded once from
// the CSV files that report_bench wrote, into an in-memory DuckDB (not
// timed), then the report of one site and year — the same figures relais
// computes from its roll-ups — is timed RUNS times, each time from the raw
// visits. Prints one JSON line: the median and the figures, for checking.
// Run: node bench/report_duckdb.mjs DIR SITE YEAR [RUNS] (needs the test
// tools: npm ci --prefix tests)
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');

const [dir, site, yearText, runsText] = process.argv.slice(2);
if (!dir || !site || !yearText) {
  console.error('usage: node bench/report_duckdb.mjs DIR SITE YEAR [RUNS]');
  process.exit(2);
}
const year = Number(yearText);
const runs = Number(runsText ?? 11);

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
await db.run(`CREATE TABLE visits AS SELECT * FROM read_csv('${dir}/visits.csv', header = true,
  columns = {'site_id': 'VARCHAR', 'visit_id': 'VARCHAR', 'day': 'DATE', 'weekday': 'INTEGER',
             'hour': 'INTEGER', 'commune_insee': 'VARCHAR', 'qpv': 'INTEGER', 'partner': 'VARCHAR',
             'outcome': 'VARCHAR', 'channel': 'VARCHAR', 'first_visit': 'INTEGER'})`);
await db.run(`CREATE TABLE visit_themes AS SELECT * FROM read_csv('${dir}/themes.csv', header = true,
  columns = {'site_id': 'VARCHAR', 'visit_id': 'VARCHAR', 'theme': 'VARCHAR'})`);
const loaded = Number((await db.runAndReadAll('SELECT count(*) FROM visits')).getRows()[0][0]);

const from = `DATE '${year}-01-01'`;
const to = `DATE '${year}-12-31'`;
// One query per breakdown, as the report lists them; the site's visits of
// the year (and of the year before, for the comparison) from the raw rows.
const where = `site_id = '${site}' AND day BETWEEN ${from} AND ${to}`;
const previous = `site_id = '${site}' AND day BETWEEN ${from} - INTERVAL 1 YEAR AND ${to} - INTERVAL 1 YEAR`;
const queries = {
  total: `SELECT count(*) FROM visits WHERE ${where}`,
  previous_total: `SELECT count(*) FROM visits WHERE ${previous}`,
  people: `SELECT coalesce(first_visit, -1), count(*) FROM visits WHERE ${where} GROUP BY 1`,
  by_month: `SELECT month(day), count(*) FROM visits WHERE ${where} GROUP BY 1`,
  previous_by_month: `SELECT month(day), count(*) FROM visits WHERE ${previous} GROUP BY 1`,
  by_weekday_hour: `SELECT weekday, hour, count(*) FROM visits WHERE ${where} GROUP BY 1, 2`,
  by_commune: `SELECT coalesce(commune_insee, ''), count(*) FROM visits WHERE ${where} GROUP BY 1`,
  by_department: `SELECT CASE WHEN commune_insee IS NULL THEN ''
                    WHEN commune_insee LIKE '97%' THEN left(commune_insee, 3)
                    ELSE left(commune_insee, 2) END, count(*) FROM visits WHERE ${where} GROUP BY 1`,
  qpv: `SELECT coalesce(qpv, -1), count(*) FROM visits WHERE ${where} GROUP BY 1`,
  by_partner: `SELECT coalesce(partner, ''), count(*) FROM visits WHERE ${where} GROUP BY 1`,
  by_theme: `SELECT t.theme, count(*) FROM visit_themes t JOIN visits v USING (site_id, visit_id)
             WHERE v.site_id = '${site}' AND v.day BETWEEN ${from} AND ${to} GROUP BY 1`,
  by_outcome: `SELECT outcome, count(*) FROM visits WHERE ${where} GROUP BY 1`,
  by_channel: `SELECT channel, count(*) FROM visits WHERE ${where} GROUP BY 1`,
};

async function report() {
  const figures = {};
  for (const [name, sql] of Object.entries(queries)) {
    const rows = (await db.runAndReadAll(sql)).getRows();
    figures[name] = rows.map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
  }
  return figures;
}

await report();  // warm-up
const times = [];
let figures;
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  figures = await report();
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const communes = Object.fromEntries(figures.by_commune);
console.log(JSON.stringify({
  engine: 'duckdb',
  loaded_visits: loaded,
  median_ms: times[Math.floor(times.length / 2)],
  visits: figures.total[0][0],
  communes: Object.keys(communes).length,
  massy: communes['91377'] ?? 0,
}));
