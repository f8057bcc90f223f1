// The counter page (/accueil): a mediator logs a visit with the keyboard
// alone (the commune typed, then at most 15 key presses) and sees it in the
// day's list; axe-core's RGAA rules find no violation, before and after an
// error; the page works without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launchBrowser, rgaaViolations, signIn } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startDemo();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

// Autofocus applies at the first rendering after load: wait for it.
const focusOn = (page, id) =>
  page.waitForFunction((expected) => document.activeElement?.id === expected, id, { timeout: 5000 });

test('a mediator logs a visit with the keyboard alone', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, server.url, 'mediator');
  await page.getByRole('link', { name: /Enregistrer un passage/ }).click();
  await page.waitForURL(`${server.url}/accueil`);
  assert.deepEqual(await rgaaViolations(page), [], 'counter page');
  await focusOn(page, 'commune'); // the commune field has the focus
  const firstPartner = page.locator('#partner option').nth(1);
  const [partnerCode, partnerName] = [await firstPartner.getAttribute('value'), await firstPartner.innerText()];

  await page.keyboard.type('Antony');
  let presses = 0;
  const press = async (key) => {
    presses += 1;
    await page.keyboard.press(key);
  };
  await press('Tab'); // the partner
  await press('ArrowDown'); // its first entry after « Aucun »
  await press('Tab'); // the first theme
  await press('Space'); // Papiers, citoyenneté, élections
  for (let i = 0; i < 4; i += 1) await press('Tab');
  assert.equal(await focusedId(page), 'theme-logement');
  await press('Space'); // Logement
  await press('Enter'); // submits, with the outcome "resolved" by default
  await page.waitForURL(`${server.url}/accueil?enregistre=1`);
  assert.ok(presses <= 15, `${presses} key presses`);

  assert.match(await page.getByRole('status').innerText(), /Passage enregistré/);
  await focusOn(page, 'commune'); // ready for the next visit
  const row = page.locator('table.counter-visits tbody tr').first();
  assert.match(await row.innerText(), /Antony \(92\)/);
  assert.ok((await row.innerText()).includes(partnerName), partnerName);
  assert.match(await row.innerText(), /Résolu sur place/);
  assert.match(await row.innerText(), /Papiers, citoyenneté, élections, Logement/);
  assert.equal(await page.getByLabel('Partenaire concerné').inputValue(), partnerCode, 'the partner remembered');
  assert.deepEqual(await rgaaViolations(page), [], 'counter page after a visit');
  if (process.env.RELAIS_SCREENSHOTS) {
    await page.screenshot({ path: `${process.env.RELAIS_SCREENSHOTS}/counter.png`, fullPage: true });
  }
  await context.close();
});

test('errors and homonyms are shown in place and pass the RGAA rules', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, server.url, 'reception');
  await page.goto(`${server.url}/accueil`);
  await focusOn(page, 'commune');
  await page.keyboard.type('Gotham');
  await page.keyboard.press('Enter');
  await page.waitForLoadState();
  const commune = page.getByLabel('Commune de résidence');
  assert.equal(await commune.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#erreur-commune').innerText(), /Commune inconnue/);
  assert.equal(await commune.inputValue(), 'Gotham');
  assert.deepEqual(await rgaaViolations(page), [], 'counter page with its error');

  await commune.fill('saint-denis');
  await commune.press('Enter');
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /Plusieurs communes répondent/);
  assert.deepEqual(await rgaaViolations(page), [], 'counter page with homonyms');
  // The first choice has the focus: an arrow picks another, Enter validates.
  await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'commune_insee',
    null, { timeout: 5000 });
  await page.getByLabel(/Saint-Denis \(93\)/).check();
  await page.keyboard.press('Enter');
  await page.waitForURL(`${server.url}/accueil?enregistre=1`);
  assert.match(await page.locator('table.counter-visits tbody tr').first().innerText(), /Saint-Denis \(93\)/);
  await context.close();
});

test('the counter works without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, server.url, 'mediator');
  await page.goto(`${server.url}/accueil`);
  await page.getByLabel('Commune de résidence').fill('92071');
  await page.getByLabel('Partenaire concerné').selectOption('caf');
  await page.getByLabel('Famille, scolarité').check();
  await page.getByLabel('Orienté vers un partenaire').check();
  await page.getByRole('button', { name: 'Enregistrer le passage' }).click();
  await page.waitForURL(`${server.url}/accueil?enregistre=1`);
  assert.match(await page.locator('table.counter-visits').innerText(), /Sceaux \(92\)/);
  assert.match(await page.locator('table.counter-visits').innerText(), /Orienté vers un partenaire/);
  await context.close();
});
