// The walk-in queue in a browser: the waiting room's display (/affichage)
// follows a "call next" made on the staff's queue screen (/file-attente)
// in another page within a second, through Server-Sent Events; axe-core's
// RGAA rules find no violation on either page.
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

// The demo desk keeps real hours: open it around the clock so that the
// test passes at any time of day.
async function openAroundTheClock() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, server.url, 'admin');
  await page.goto(`${server.url}/admin/horaires`);
  await page.locator('#opening_hours').fill('24/7');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.waitForURL(`${server.url}/admin/horaires**`);
  await context.close();
}

test('the display shows a call made on another page within a second', async () => {
  await openAroundTheClock();
  const displayContext = await browser.newContext({ bypassCSP: true });
  const display = await displayContext.newPage();
  await display.goto(`${server.url}/affichage`);
  assert.match(await display.locator('#appel').innerText(), /Aucun appel/);
  assert.deepEqual(await rgaaViolations(display), [], 'display page');

  const staffContext = await browser.newContext({ bypassCSP: true });
  const staff = await staffContext.newPage();
  await signIn(staff, server.url, 'mediator');
  await staff.getByRole('link', { name: "File d'attente" }).click();
  await staff.waitForURL(`${server.url}/file-attente`);
  await staff.getByLabel(/Motif/).selectOption('caf');
  await staff.getByRole('button', { name: 'Remettre un ticket' }).click();
  await staff.waitForURL(/remis=1/);
  assert.match(await staff.getByRole('status').innerText(), /Ticket 1 remis : position 1/);
  // The display learns of the new ticket by itself (the stream is live).
  await display.locator('#attente', { hasText: '1 personne attend' }).waitFor({ timeout: 5000 });
  assert.deepEqual(await rgaaViolations(staff), [], 'queue screen with a waiting ticket');

  await staff.getByLabel('Guichet').fill('2');
  const pressed = Date.now();
  await staff.getByRole('button', { name: 'Appeler le suivant' }).click();
  await display.locator('#appel', { hasText: /Ticket 1.*guichet 2/ }).waitFor({ timeout: 1000 });
  const elapsed = Date.now() - pressed;
  assert.ok(elapsed < 1000, `the display took ${elapsed} ms`);
  assert.equal(await display.locator('#appel').getAttribute('aria-live'), 'polite');
  assert.match(await display.locator('#attente').innerText(), /Personne n.attend/);

  await staff.waitForURL(/appele=1/);
  assert.match(await staff.getByRole('status').innerText(), /Ticket 1 appelé/);
  assert.deepEqual(await rgaaViolations(staff), [], 'queue screen with a called ticket');
  assert.deepEqual(await rgaaViolations(display), [], 'display with a call');
  if (process.env.RELAIS_SCREENSHOTS) {
    await display.screenshot({ path: `${process.env.RELAIS_SCREENSHOTS}/affichage.png`, fullPage: true });
    await staff.screenshot({ path: `${process.env.RELAIS_SCREENSHOTS}/file-attente.png`, fullPage: true });
  }
  await staff.getByRole('button', { name: 'Ticket 1 servi' }).click();
  await staff.waitForURL(/fait=1/);
  assert.match(await staff.locator('table.queue-tickets').innerText(), /Servi/);
  await staffContext.close();
  await displayContext.close();
});

test('the display works without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto(`${server.url}/affichage`);
  assert.equal(response.status(), 200);
  assert.match(await page.locator('#appel').innerText(), /Ticket|Aucun appel/);
  assert.equal(await page.locator('noscript').count(), 1);
  await context.close();
});
