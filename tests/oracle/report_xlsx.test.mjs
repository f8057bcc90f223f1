// The activity report's XLSX export read back with exceljs, checked figure
// by figure against the JSON report of the same running demo server (the
// oracle: GET /api/v1/reports/activity), sheet by sheet, for a year and
// for a period of a few months; and its native charts, read in the zip
// with jszip. A network's workbook likewise against the network's JSON.
import { execFileSync } from 'node:child_process';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { startDemo, demoLoginBody, relaisBin } from '../browser/support.mjs';

let server;
let cookie;

before(async () => {
  server = await startDemo();
  const response = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: await demoLoginBody(server.url, 'coordinator'),
  });
  assert.equal(response.status, 200);
  cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
});

after(async () => {
  await server?.stop();
});

async function get(path) {
  const response = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response;
}

// The JSON report and the workbook of the same query, of the site or of `base`.
async function both(query, base = '/api/v1/reports/activity') {
  const json = await (await get(`${base}?${query}`)).json();
  const bytes = Buffer.from(await (await get(`${base}.xlsx?${query}`)).arrayBuffer());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  return { json, workbook, bytes };
}

const kSheets = ['Synthèse', 'Mois', 'Jour par jour', 'Jours et heures', 'Communes', 'Départements',
  'Partenaires', 'Thèmes', 'Résultats', 'Canaux'];
const kHeaderRow = 3;  // the column headers; the lines follow

function text(cell) {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return String(value);
}

function close(actual, expected, what) {
  assert.equal(typeof actual, 'number', `${what}: not a number (${actual})`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
}

// The lines of a breakdown table, from row 4 until the first empty code and label.
function lines(sheet) {
  const found = [];
  for (let r = kHeaderRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (text(row.getCell(1)) === '' && text(row.getCell(2)) === '') break;
    found.push({
      key: text(row.getCell(1)),
      label: text(row.getCell(2)),
      visits: row.getCell(3).value,
      share: row.getCell(4).value,
      previousVisits: row.getCell(5).value,
      previousShare: row.getCell(6).value,
      change: row.getCell(7).value,
      row: r,
    });
  }
  return found;
}

function checkChange(line, what) {
  if (line.previousVisits === 0) {
    assert.equal(line.change, null, `${what}: no evolution without last year's figure`);
  } else {
    close(line.change, (line.visits - line.previousVisits) / line.previousVisits, `${what} evolution`);
  }
}

// A sheet whose lines match JSON lists by key: every key of either
// period once, in this period's order first, each with both periods' figures.
function checkByKey(sheet, now, previous) {
  const found = lines(sheet);
  const before = new Map(previous.map((c) => [c.key, c]));
  const expected = [...now.map((c) => c.key), ...previous.map((c) => c.key).filter((k) => !now.some((c) => c.key === k))];
  assert.deepEqual(found.map((l) => l.key), expected, `${sheet.name}: the keys`);
  for (const line of found) {
    const current = now.find((c) => c.key === line.key);
    const old = before.get(line.key);
    const what = `${sheet.name} « ${line.key} »`;
    assert.equal(line.label, (current ?? old).label || line.key, `${what} label`);
    assert.equal(line.visits, current ? current.visits : 0, `${what} visits`);
    close(line.share, current ? current.share : 0, `${what} share`);
    assert.equal(line.previousVisits, old ? old.visits : 0, `${what} visits a year before`);
    close(line.previousShare, old ? old.share : 0, `${what} share a year before`);
    checkChange(line, what);
  }
  return found;
}

// A sheet whose lines follow this period's list, matched to last year's by `match`.
function checkInOrder(sheet, now, previous, match) {
  const found = lines(sheet);
  assert.equal(found.length, now.length, `${sheet.name}: one line per entry`);
  found.forEach((line, i) => {
    const current = now[i];
    const old = match(current, i);
    const what = `${sheet.name} « ${current.key} »`;
    assert.equal(line.key, current.key, `${what} key`);
    assert.equal(line.label, current.label, `${what} label`);
    assert.equal(line.visits, current.visits, `${what} visits`);
    close(line.share, current.share, `${what} share`);
    assert.equal(line.previousVisits, old ? old.visits : 0, `${what} visits a year before`);
    close(line.previousShare, old ? old.share : 0, `${what} share a year before`);
    checkChange(line, what);
  });
}

function checkSummary(sheet, json) {
  const figures = {};
  for (let r = kHeaderRow + 1; r <= kHeaderRow + 5; r++) {
    const row = sheet.getRow(r);
    figures[text(row.getCell(1))] = [row.getCell(2).value, row.getCell(3).value, row.getCell(4).value];
  }
  const p = json.previous;
  assert.deepEqual(figures.Visites.slice(0, 2), [json.visits, p.visits]);
  assert.deepEqual(figures['Personnes (estimation)'].slice(0, 2), [json.people, p.people]);
  close(figures["Part des visites venant d'un QPV"][0], json.qpv_share, 'QPV share');
  close(figures["Part des visites venant d'un QPV"][1], p.qpv_share, 'QPV share a year before');
  assert.deepEqual(figures["Visites dont on sait si la personne vit en QPV"].slice(0, 2), [json.qpv_known, p.qpv_known]);
  close(figures['Part des demandes résolues sur place'][0], json.resolved_share, 'resolved share');
  close(figures['Part des demandes résolues sur place'][1], p.resolved_share, 'resolved share a year before');
  if (p.visits > 0) close(figures.Visites[2], (json.visits - p.visits) / p.visits, 'visits evolution');
}

// The weekday table, then the weekday × hour grid below it.
function checkWeekdays(sheet, json) {
  const days = checkByKey(sheet, json.by_weekday, json.previous.by_weekday);
  assert.equal(days.length, 7);
  let top = days[days.length - 1].row + 1;
  while (top <= sheet.rowCount && text(sheet.getRow(top).getCell(1)) !== 'N° du jour') top++;
  if (json.by_weekday_hour.length === 0) return;
  const header = sheet.getRow(top);
  const hours = new Map();
  for (let c = 3; c <= header.cellCount; c++) {
    const label = text(header.getCell(c));
    if (label) hours.set(parseInt(label, 10), c);
  }
  let sum = 0;
  for (let day = 1; day <= 7; day++) {
    const row = sheet.getRow(top + day);
    assert.equal(row.getCell(1).value, day);
    for (const column of hours.values()) sum += row.getCell(column).value;
  }
  for (const count of json.by_weekday_hour) {
    const [day, hour] = count.key.split('-').map(Number);
    assert.ok(hours.has(hour), `hour ${hour} has a column`);
    assert.equal(sheet.getRow(top + day).getCell(hours.get(hour)).value, count.visits, `grid ${count.key}`);
  }
  assert.equal(sum, json.by_weekday_hour.reduce((s, c) => s + c.visits, 0), 'nothing else in the grid');
}

function checkWorkbook(workbook, json, sheets = kSheets) {
  assert.deepEqual(workbook.worksheets.map((s) => s.name), sheets);
  checkSummary(workbook.getWorksheet('Synthèse'), json);
  const p = json.previous;
  checkInOrder(workbook.getWorksheet('Mois'), json.by_month, p.by_month, (_, i) => p.by_month[i]);
  checkInOrder(workbook.getWorksheet('Jour par jour'), json.by_day, p.by_day,
    (c) => p.by_day.find((d) => d.key.slice(5) === c.key.slice(5)));
  checkWeekdays(workbook.getWorksheet('Jours et heures'), json);
  checkByKey(workbook.getWorksheet('Communes'), json.by_commune, p.by_commune);
  checkByKey(workbook.getWorksheet('Départements'), json.by_department, p.by_department);
  checkByKey(workbook.getWorksheet('Partenaires'), json.by_partner, p.by_partner);
  checkByKey(workbook.getWorksheet('Thèmes'), json.by_theme, p.by_theme);
  checkByKey(workbook.getWorksheet('Résultats'), json.by_outcome, p.by_outcome);
  checkByKey(workbook.getWorksheet('Canaux'), json.by_channel, p.by_channel);
}

test('the 2024 workbook holds every figure of the JSON report', async () => {
  const { json, workbook } = await both('year=2024');
  assert.ok(json.visits > 1000, `the demo has a history (${json.visits} visits)`);
  checkWorkbook(workbook, json);
  // French percentages: shares are formatted as such.
  assert.match(workbook.getWorksheet('Communes').getRow(kHeaderRow + 1).getCell(4).numFmt, /%/);
});

test('a period of a few months gives the same figures as its JSON', async () => {
  const { json, workbook } = await both('from=2024-03-01&to=2024-06-30');
  assert.equal(json.by_month.length, 4);
  checkWorkbook(workbook, json);
});

test('the workbook has native charts: months beside last year, communes as bars, partners', async () => {
  const { bytes } = await both('year=2024');
  const zip = await JSZip.loadAsync(bytes);
  const charts = Object.keys(zip.files).filter((name) => /^xl\/charts\/chart\d+\.xml$/.test(name));
  assert.ok(charts.length >= 8, `charts: ${charts.join(', ')}`);
  const chart1 = await zip.file('xl/charts/chart1.xml').async('string');
  assert.match(chart1, /<c:barChart>/);
  assert.match(chart1, /<c:barDir val="col"\/>/);
  assert.equal((chart1.match(/<c:ser>/g) ?? []).length, 2, 'this year and last year');
  assert.match(chart1, /Mois!\$C\$4:\$C\$15/);
  assert.match(chart1, /Mois!\$E\$4:\$E\$15/);
  // Which sheet holds which drawing: the communes' chart is a horizontal bar chart.
  const all = await Promise.all(charts.map((name) => zip.file(name).async('string')));
  const communes = all.find((xml) => xml.includes('Communes!$C$4'));
  assert.ok(communes, 'a chart of the communes');
  assert.match(communes, /<c:barDir val="bar"\/>/);
  assert.ok(all.some((xml) => xml.includes('Partenaires!$C$4')), 'a chart of the partners');
});

test("a network's workbook holds its consolidated figures and a line per site", async () => {
  // A network of the demo desk alone, made with the command line beside the server.
  const site = (await (await get('/api/v1/site')).json()).id;
  execFileSync(relaisBin, ['network', 'add', '--db', server.db, '--id', 'sud', '--name',
    'Réseau Sud', '--site', site]);
  const base = '/api/v1/networks/sud/reports/activity';
  const { json, workbook } = await both('year=2024', base);
  assert.equal(json.network.name, 'Réseau Sud');
  assert.ok(json.visits > 1000);
  checkWorkbook(workbook, json, [...kSheets, 'Lieux']);
  const sites = lines(workbook.getWorksheet('Lieux'));
  assert.deepEqual(sites.map((l) => [l.key, l.label, l.visits]),
    json.sites.map((s) => [s.id, s.name, s.visits]));
  sites.forEach((line) => close(line.share, line.visits / json.visits, `${line.key} share`));
});
