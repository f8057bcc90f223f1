// A mediator logs in with the demo account and reaches the staff home;
// axe-core's RGAA rules find no violation on the pages on the way.
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

test('the public home shows the desk and passes RGAA rules', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  assert.equal(await page.locator('h1').innerText(), "PIMMS Médiation d'Antony");
  assert.deepEqual(await rgaaViolations(page), []);
  await context.close();
});

test('a mediator logs in and sees the staff home', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/connexion`);
  assert.deepEqual(await rgaaViolations(page), [], 'login page');

  await page.getByLabel('Identifiant').fill('mediator');
  await page.getByLabel('Mot de passe').fill('wrong-password');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForLoadState();
  assert.match(await page.getByRole('alert').innerText(), /Identifiant ou mot de passe incorrect/);
  assert.deepEqual(await rgaaViolations(page), [], 'login page with its error');

  await page.getByLabel('Mot de passe').fill('demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${server.url}/agent`);
  assert.equal(await page.locator('h1').innerText(), "PIMMS Médiation d'Antony");
  assert.match(await page.locator('main').innerText(), /Médiateur/);
  assert.match(await page.locator('main').innerText(), /Aujourd'hui/);
  assert.deepEqual(await rgaaViolations(page), [], 'staff home');
  if (process.env.RELAIS_SCREENSHOTS) {
    await page.screenshot({ path: `${process.env.RELAIS_SCREENSHOTS}/staff_home.png`, fullPage: true });
  }

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`${server.url}/connexion`);
  await page.goto(`${server.url}/agent`);
  assert.equal(new URL(page.url()).pathname, '/connexion', 'signed out for good');
  await context.close();
});

test('pages work without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Identifiant').fill('reception');
  await page.getByLabel('Mot de passe').fill('demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${server.url}/agent`);
  assert.match(await page.locator('main').innerText(), /Accueil/);
  await context.close();
});

test('the admin edits the hours: the error shows in place, the preview follows', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, server.url, 'admin');
  await page.getByRole('link', { name: /Modifier les horaires/ }).click();
  await page.waitForURL(`${server.url}/admin/horaires`);
  assert.deepEqual(await rgaaViolations(page), [], 'hours page');

  const field = page.getByLabel(/Horaires au format OpenStreetMap/);
  await field.fill('Mo-Fr 09:00-25:00');
  await page.getByRole('button', { name: 'Prévisualiser' }).click();
  await page.waitForLoadState();
  assert.equal(await page.getByLabel(/Horaires au format OpenStreetMap/).getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#erreur-horaires').innerText(), /caractère/);
  assert.deepEqual(await rgaaViolations(page), [], 'hours page with its error');

  await page.getByLabel(/Horaires au format OpenStreetMap/).fill('Mo-Sa 08:00-12:00; PH off');
  await page.getByRole('button', { name: 'Prévisualiser' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /8 h 00 – 12 h 00/);
  await context.close();
});
