// The steering pages in Chromium: the coordinator's dashboard draws its
// charts from its tables under the Content-Security-Policy (canvases that
// are not blank), the dashboard, report and funding pages pass axe-core's
// RGAA rules, the funder sees them, the report prints on A4 without the
// navigation, and nothing scrolls sideways on a 320-px screen. The
// network's pages likewise, for a network of the demo desk.
import { execFileSync } from 'node:child_process';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launchBrowser, rgaaViolations, signIn, relaisBin } from './support.mjs';

let server;
let browser;

const kPages = [
  '/tableau-de-bord',
  '/tableau-de-bord?periode=12mois',
  '/rapport?annee=2024',
  '/financement?annee=2024&budget=250000',
  '/financement/antony?annee=2024&budget=250000',
  '/financement/etat?annee=2024&budget=250000',
  '/reseaux',
  '/reseaux/sud?annee=2024',
];

before(async () => {
  server = await startDemo();
  execFileSync(relaisBin, ['network', 'add', '--db', server.db, '--id', 'sud', '--name',
    'Réseau Sud', '--site', 'antony']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// How many of the canvas's pixels are painted.
async function paintedPixels(canvas) {
  return canvas.evaluate((element) => {
    const { data } = element.getContext('2d').getImageData(0, 0, element.width, element.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
    return painted;
  });
}

test("the coordinator's dashboard draws a chart over each table, under the CSP", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  // Script errors and CSP refusals show as console errors; failed loads
  // are checked by URL (the browser's own /favicon.ico may be missing).
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  await signIn(page, server.url, 'coordinator');
  await page.getByRole('link', { name: 'Tableau de bord' }).click();
  await page.waitForURL(`${server.url}/tableau-de-bord`);
  assert.equal(await page.locator('h1').innerText(), 'Tableau de bord');

  const charted = await page.locator('table[data-chart]').count();
  assert.ok(charted >= 8, `tables to draw: ${charted}`);
  await page.waitForFunction((n) => document.querySelectorAll('figure.chart canvas').length === n, charted);
  const canvases = page.locator('figure.chart canvas');
  for (let i = 0; i < charted; i++) {
    const canvas = canvases.nth(i);
    const label = await canvas.getAttribute('aria-label');
    assert.match(label, /^Graphique : /);
    assert.ok(await paintedPixels(canvas) > 500, `chart ${label} is drawn`);
  }
  // The demand by weekday and hour is drawn against the opening hours.
  assert.ok(await page.locator('#t-heures td.open').count() > 10, 'opening hours marked');
  assert.deepEqual(problems, [], 'no script error, no CSP refusal');
  // The queue, appointments, workshops and satisfaction show figures where
  // data exists, and otherwise say "pas encore de données": never both.
  for (const id of ['s-file', 's-rdv', 's-ateliers', 's-satisfaction']) {
    const section = page.locator(`section[aria-labelledby="${id}"]`);
    const figures = await section.locator('dl.figures, table').count();
    const empty = await section.locator('.no-data').count();
    assert.equal(figures + empty, 1, id);
    if (empty) assert.match(await section.locator('.no-data').innerText(), /^Pas encore de données/);
  }
  await context.close();
});

test('the dashboard, report and funding pages pass the RGAA rules', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, server.url, 'coordinator');
  for (const path of kPages) {
    const response = await page.goto(`${server.url}${path}`);
    assert.equal(response.status(), 200, path);
    if (path.startsWith('/tableau-de-bord')) {
      await page.waitForFunction(() => document.querySelectorAll('figure.chart canvas').length > 0);
    }
    assert.deepEqual(await rgaaViolations(page), [], path);
  }
  // A refused period shows its error by the field, and still passes.
  const refused = await page.goto(`${server.url}/rapport?annee=abcd`);
  assert.equal(refused.status(), 400);
  assert.equal(await page.locator('#annee').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await rgaaViolations(page), [], 'report page with its error');
  await context.close();
});

test('the funder sees the dashboard, the report and the funding pages', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, server.url, 'funder');
  for (const path of kPages) {
    const response = await page.goto(`${server.url}${path}`);
    assert.equal(response.status(), 200, path);
  }
  await page.goto(`${server.url}/financement?annee=2024&budget=250000`);
  const members = page.locator('#t-membres tbody tr');
  assert.equal(await members.count(), 6);
  await page.getByRole('link', { name: "Ville d'Antony" }).click();
  await page.waitForURL(/\/financement\/antony\?/);
  assert.match(await page.locator('h1').innerText(), /Appel de contribution 2024/);
  assert.match(await page.locator('main').innerText(), /Reste à répartir selon l'usage/);
  await context.close();
});

test('the report prints on A4 without the navigation', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, server.url, 'coordinator');
  await page.goto(`${server.url}/rapport?annee=2024`);
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  assert.ok(await nav.isVisible(), 'on screen, the navigation shows');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await nav.isVisible(), false, 'in print, the navigation is hidden');
  assert.equal(await page.locator('#s-filtres').isVisible(), false, 'and so are the filters');
  assert.ok(await page.locator('#t-communes').isVisible(), 'the tables print');
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  // A4 is 595 × 842 points.
  const boxes = [...pdf.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)];
  assert.ok(boxes.length > 1, 'several pages');
  for (const [, width, height] of boxes) {
    assert.ok(Math.abs(width - 595) < 1 && Math.abs(height - 842) < 1, `page of ${width} × ${height}`);
  }
  await context.close();
});

test('nothing scrolls sideways on a 320-px screen', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  await signIn(page, server.url, 'coordinator');
  for (const path of kPages) {
    await page.goto(`${server.url}${path}`);
    if (path.startsWith('/tableau-de-bord')) {
      await page.waitForFunction(() => document.querySelectorAll('figure.chart canvas').length > 0);
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${path} is ${width} px wide`);
  }
  await context.close();
});

test('without JavaScript the tables are the dashboard', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, server.url, 'coordinator');
  await page.goto(`${server.url}/tableau-de-bord`);
  assert.equal(await page.locator('canvas').count(), 0);
  assert.ok(await page.locator('table caption').count() >= 9);
  await page.getByLabel('Période', { exact: true }).selectOption('annee');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await page.waitForURL(/periode=annee/);
  assert.equal(await page.locator('#periode').inputValue(), 'annee', 'the chosen period stays selected');
  assert.ok(await page.locator('#t-communes tbody tr').count() > 0);
  await context.close();
});
