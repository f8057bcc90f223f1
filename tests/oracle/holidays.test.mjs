// Oracle: relais's French public holidays against @socialgouv/jours-feries
// (dates and names) and against the PH days of the npm opening_hours
// library (dates), for every year from 1990 to 2100, with and without
// Alsace-Moselle.
import assert from 'node:assert/strict';
import test from 'node:test';

import getJoursFeries from '@socialgouv/jours-feries';
import OpeningHours from 'opening_hours';

import { formatDate, moselle, paris, runRelais } from './support.mjs';

const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

function relaisHolidays(alsaceMoselle) {
  const args = ['holidays', '--from-year', String(FIRST_YEAR), '--to-year', String(LAST_YEAR)];
  if (alsaceMoselle) args.push('--alsace-moselle');
  return JSON.parse(runRelais(args)).map((h) => `${h.date} ${h.name}`);
}

function joursFeries(alsace) {
  const holidays = [];
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (const [name, date] of Object.entries(getJoursFeries(year, { alsace }))) {
      holidays.push(`${formatDate(date)} ${name}`);
    }
  }
  return holidays;
}

for (const alsaceMoselle of [false, true]) {
  const label = alsaceMoselle ? 'with Alsace-Moselle' : 'national';

  test(`holidays ${FIRST_YEAR}-${LAST_YEAR} ${label}: same dates and names as @socialgouv/jours-feries`, () => {
    const ours = relaisHolidays(alsaceMoselle);
    const theirs = joursFeries(alsaceMoselle);
    assert.equal(ours.length, (LAST_YEAR - FIRST_YEAR + 1) * (alsaceMoselle ? 13 : 11));
    assert.deepEqual([...ours].sort(), [...theirs].sort());
  });

  test(`holidays ${FIRST_YEAR}-${LAST_YEAR} ${label}: same days as PH of the opening_hours library`, () => {
    const ours = [...new Set(relaisHolidays(alsaceMoselle).map((h) => h.slice(0, 10)))];
    const library = new OpeningHours('PH', alsaceMoselle ? moselle : paris);
    const intervals = library.getOpenIntervals(new Date(FIRST_YEAR, 0, 1), new Date(LAST_YEAR + 1, 0, 1));
    const theirs = new Set();
    for (const [start, end] of intervals) {
      for (let day = new Date(start); day < end; day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)) {
        theirs.add(formatDate(day));
      }
    }
    assert.deepEqual(ours.sort(), [...theirs].sort());
  });
}
