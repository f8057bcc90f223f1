// The person files' list (/personnes): a mediator opens a file through the
// "Nouveau dossier" form, finds it again by searching, opens it; a second
// file with the same name links the first as a possible duplicate; the form
// without consent comes back with its values and the error beside the box.
// axe-core's RGAA rules find no violation on the list, the form with its
// errors and the file page.
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

async function fillPerson(page, { first, last, phone = '' }) {
  await page.getByLabel('Prénom', { exact: true }).fill(first);
  await page.getByLabel('Nom', { exact: true }).fill(last);
  await page.getByLabel('Téléphone (facultatif)').fill(phone);
}

test('a mediator opens a file, finds it and opens it again', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, server.url, 'mediator');
  await page.getByRole('link', { name: 'Dossiers des personnes' }).click();
  await page.waitForURL(`${server.url}/personnes`);
  assert.deepEqual(await rgaaViolations(page), [], 'list page');

  await fillPerson(page, { first: 'Éloïse', last: 'Lefèvre', phone: '06 12 34 56 78' });
  await page.getByLabel('Code INSEE de la commune (facultatif)').fill('92002');
  await page.getByLabel('Personnes au foyer (facultatif)').fill('3');
  await page.getByLabel(/accepte que son dossier soit conservé/).check();
  await page.getByRole('button', { name: 'Ouvrir le dossier' }).click();
  await page.waitForURL(/\/personnes\/[^/?]+$/);
  const fileUrl = page.url();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Dossier de Éloïse Lefèvre');
  assert.match(await page.locator('main').innerText(), /Antony \(92002\)/);
  assert.deepEqual(await rgaaViolations(page), [], 'file page');

  await page.getByRole('link', { name: 'Dossiers des personnes' }).click();
  await page.getByRole('searchbox', { name: /Nom, prénom ou téléphone/ }).fill('lefevre');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.waitForURL(`${server.url}/personnes?q=lefevre`);
  assert.deepEqual(await rgaaViolations(page), [], 'search results');
  await page.getByRole('link', { name: 'Éloïse Lefèvre' }).click();
  await page.waitForURL(fileUrl);

  // The same name again: the first file is offered as a possible duplicate.
  await page.goto(`${server.url}/personnes`);
  await fillPerson(page, { first: 'eloise', last: 'LEFEVRE' });
  await page.getByLabel(/accepte que son dossier soit conservé/).check();
  await page.getByRole('button', { name: 'Ouvrir le dossier' }).click();
  await page.waitForURL(/doublons=/);
  const duplicates = page.getByRole('region', { name: 'Dossiers peut-être identiques' });
  assert.deepEqual(await rgaaViolations(page), [], 'file page with duplicates');
  await duplicates.getByRole('link', { name: 'Éloïse Lefèvre' }).click();
  await page.waitForURL(fileUrl);
  await context.close();

  // The coordinator opens the same file: its access history names the
  // mediator, newest first, and the page still passes the RGAA rules.
  const coordination = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 740 } });
  const coordinatorPage = await coordination.newPage();
  await signIn(coordinatorPage, server.url, 'coordinator');
  await coordinatorPage.goto(fileUrl);
  const history = coordinatorPage.getByRole('region', { name: 'Historique des accès' });
  const rows = await history.getByRole('row').allInnerTexts();
  assert.match(rows[1], /coordinator\s+a consulté le dossier/, 'the coordinator\'s own visit first');
  assert.match(rows.at(-1), /mediator\s+a créé le dossier/);
  assert.deepEqual(await rgaaViolations(coordinatorPage), [], 'file page with its history');
  await coordination.close();
});

test('without consent the form comes back with its values and passes the RGAA rules', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, server.url, 'mediator');
  await page.goto(`${server.url}/personnes`);
  await fillPerson(page, { first: 'Awa', last: 'Diallo', phone: '0611223344' });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${server.url}/personnes` && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Ouvrir le dossier' }).click(),
  ]);
  assert.equal(response.status(), 422);
  await page.waitForLoadState();
  const consent = page.getByLabel(/accepte que son dossier soit conservé/);
  assert.equal(await consent.getAttribute('aria-invalid'), 'true');
  assert.match(await consent.getAttribute('aria-describedby'), /erreur-consentement/);
  assert.ok((await page.locator('#erreur-consentement').innerText()).length > 0);
  assert.equal(await page.getByLabel('Prénom', { exact: true }).inputValue(), 'Awa');
  assert.equal(await page.getByLabel('Nom', { exact: true }).inputValue(), 'Diallo');
  assert.equal(await page.getByLabel('Téléphone (facultatif)').inputValue(), '0611223344');
  assert.deepEqual(await rgaaViolations(page), [], 'form with its error');
  await context.close();
});
