// Shared by the oracle tests: runs the relais binary, and holds the French
// locations given to the npm opening_hours library.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The npm library works in the process's local time: it must be Paris time.
if (process.env.TZ !== 'Europe/Paris') {
  throw new Error('Run the oracle tests with TZ=Europe/Paris (npm run oracle does).');
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const relaisBin = process.env.RELAIS_BIN
  ? path.resolve(process.env.RELAIS_BIN)
  : path.join(repoRoot, 'build', 'src', 'cli', 'relais');

// Without a French location, PH would mean another country's holidays.
export const paris = { lat: 48.75, lon: 2.30, address: { country_code: 'fr', state: 'Île-de-France' } };
export const moselle = { lat: 49.12, lon: 6.18, address: { country_code: 'fr', state: 'Moselle' } };

export function runRelais(args, input) {
  if (!existsSync(relaisBin)) {
    throw new Error(`relais binary not found at ${relaisBin}: build it, or set RELAIS_BIN`);
  }
  const result = spawnSync(relaisBin, args, {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`relais ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}

// One JSON answer per request line [value, from, to] ("YYYY-MM-DD" dates).
export function relaisHoursBatch(requests, { alsaceMoselle = false } = {}) {
  const args = ['hours', '--batch'];
  if (alsaceMoselle) args.push('--alsace-moselle');
  const input = requests.map((r) => r.join('\t')).join('\n') + '\n';
  const lines = runRelais(args, input).split('\n').filter((line) => line !== '');
  if (lines.length !== requests.length) {
    throw new Error(`relais answered ${lines.length} lines to ${requests.length} requests`);
  }
  return lines.map((line) => JSON.parse(line));
}

export function formatDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// "YYYY-MM-DD" at local midnight.
export function parseDate(text) {
  const [year, month, day] = text.split('-').map(Number);
  return new Date(year, month - 1, day);
}

export function addDays(date, days) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}
