// Build step: turns the départements of @etalab/decoupage-administratif
// into the table that the relais binary ships, one a line: code <TAB> name,
// sorted by code. Usage: node departments.mjs OUTPUT.tsv [departements.json]
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [output, input] = process.argv.slice(2);
if (!output) {
  console.error('usage : node departments.mjs SORTIE.tsv [departements.json]');
  process.exit(2);
}
const source = input ?? require.resolve('@etalab/decoupage-administratif/data/departements.json');
const departments = JSON.parse(readFileSync(source, 'utf8'));

const lines = [];
const seen = new Set();
for (const d of departments) {
  if (!/^([0-9][0-9AB]|[0-9]{3})$/.test(d.code) || seen.has(d.code)) {
    throw new Error(`code de département inattendu ou en double : ${d.code}`);
  }
  if (typeof d.nom !== 'string' || d.nom === '' || /[\t\n\r]/.test(d.nom)) {
    throw new Error(`département mal formé : ${JSON.stringify(d)}`);
  }
  seen.add(d.code);
  lines.push(`${d.code}\t${d.nom}`);
}
lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
if (lines.length < 100) throw new Error(`trop peu de départements : ${lines.length}`);
writeFileSync(`${output}.tmp`, `${lines.join('\n')}\n`);
renameSync(`${output}.tmp`, output);
