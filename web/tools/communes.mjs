// Build step: turns the communes of @etalab/decoupage-administratif into the
// compact table that the relais binary ships, one current commune a line:
// INSEE code <TAB> name <TAB> département <TAB> population (0 when unknown),
// sorted by code. Usage: node communes.mjs OUTPUT.tsv [communes.json]
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [output, input] = process.argv.slice(2);
if (!output) {
  console.error('usage : node communes.mjs SORTIE.tsv [communes.json]');
  process.exit(2);
}
const source = input ?? require.resolve('@etalab/decoupage-administratif/data/communes.json');
const communes = JSON.parse(readFileSync(source, 'utf8'));

const lines = [];
const seen = new Set();
for (const c of communes) {
  if (c.type !== 'commune-actuelle') continue;
  const fields = [c.code, c.nom, c.departement];
  if (!/^[0-9][0-9AB][0-9]{3}$/.test(c.code) || seen.has(c.code)) {
    throw new Error(`code INSEE inattendu ou en double : ${c.code}`);
  }
  if (fields.some((f) => typeof f !== 'string' || f === '' || /[\t\n\r]/.test(f))) {
    throw new Error(`commune mal formée : ${JSON.stringify(c)}`);
  }
  seen.add(c.code);
  lines.push([...fields, Number.isInteger(c.population) ? c.population : 0].join('\t'));
}
lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
if (lines.length < 30000) throw new Error(`trop peu de communes : ${lines.length}`);
writeFileSync(`${output}.tmp`, `${lines.join('\n')}\n`);
renameSync(`${output}.tmp`, output);
