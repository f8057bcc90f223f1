// The digital workshops on a phone, JavaScript disabled: a resident picks
// a coming session with seats left on /ateliers, forgets the consent and is
// told beside the box, registers and reaches the confirmation with the
// manage link; the confirmation e-mail arrives (a real SMTP server on
// loopback); the manage page cancels. Then, with axe-core (which needs
// JavaScript), the public pages and the staff's pages (the list, a held
// session's attendance sheet, a self-assessment) pass the RGAA rules, and
// none scrolls sideways at 320 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, startSmtp, launchBrowser, rgaaViolations, signIn } from './support.mjs';

let server;
let smtp;
let browser;
const visited = []; // [name, path] of the public pages met without JavaScript

before(async () => {
  smtp = await startSmtp();
  server = await startDemo({ env: { RELAIS_SMTP_URL: smtp.url } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

const path = (page) => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};

test('a resident registers for a workshop and cancels, without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: /S'inscrire à un atelier numérique/ }).click();
  await page.waitForURL(`${server.url}/ateliers`);
  assert.equal(await page.locator('h1').innerText(), 'Ateliers numériques');
  visited.push(['list', path(page)]);

  const session = page.locator('.session-list li').filter({ hasText: /restantes? sur/ }).first();
  const when = (await session.locator('a').innerText()).trim();
  await session.locator('a').click();
  await page.waitForURL(/\/ateliers\/seance\/[^/]+$/);
  visited.push(['session', path(page)]);
  assert.match(await page.locator('main').innerText(), new RegExp(when.split(',')[0]));

  await page.getByLabel('Prénom').fill('Awa');
  await page.getByLabel('Nom', { exact: true }).fill('Diallo');
  await page.getByLabel('Adresse e-mail (facultatif)').fill('awa.diallo@exemple.fr');
  await page.getByLabel('Commune de résidence (facultatif)').fill('Antony');
  await page.getByRole('button', { name: 'M\'inscrire à cette séance' }).click();
  await page.waitForLoadState();
  const consent = page.getByLabel(/J'accepte que mes coordonnées soient enregistrées pour cet atelier/);
  assert.equal(await consent.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#erreur-consentement').innerText(), /accord est nécessaire/);
  assert.equal(await page.getByLabel('Prénom').inputValue(), 'Awa', 'what was typed is kept');
  visited.push(['session with its error', null]);

  await consent.check();
  await page.getByRole('button', { name: 'M\'inscrire à cette séance' }).click();
  await page.waitForURL(/\/ateliers\/confirmation\//);
  visited.push(['confirmation', path(page)]);
  assert.equal(await page.locator('h1').innerText(), 'Votre inscription est confirmée');
  const main = await page.locator('main').innerText();
  assert.match(main, /Awa Diallo/);
  assert.match(main, /Salle informatique/);
  const manage = await page.locator('a.manage-href').getAttribute('href');
  assert.match(manage, /^\/ateliers\/inscription\/[^/?]+\?jeton=/);

  const mail = await smtp.waitFor((m) => /Inscription confirmée/.test(m.subject ?? ''));
  assert.equal(mail.to.value[0].address, 'awa.diallo@exemple.fr');
  const link = mail.text.match(/https?:\/\/\S+\/ateliers\/inscription\/\S+/);
  assert.ok(link, `a manage link in: ${mail.text}`);
  const mailLink = new URL(link[0]);
  assert.equal(mailLink.pathname + mailLink.search, manage);

  await page.goto(`${server.url}${manage}`);
  visited.push(['manage', path(page)]);
  assert.equal(await page.locator('h1').innerText(), 'Votre inscription');
  await page.getByRole('button', { name: 'Annuler mon inscription' }).click();
  await page.waitForURL(/annule=1/);
  assert.match(await page.getByRole('status').innerText(), /Votre inscription est annulée/);
  assert.equal(await page.getByRole('button', { name: 'Annuler mon inscription' }).count(), 0);
  visited.push(['cancelled', path(page)]);
  await context.close();
});

test('the workshop pages pass the RGAA rules and fit 320 px', async () => {
  const pages = visited.filter(([, where]) => where);
  assert.ok(pages.length >= 5, `pages visited: ${pages.length}`);
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  for (const [name, where] of pages) {
    await page.goto(`${server.url}${where}`);
    assert.deepEqual(await rgaaViolations(page), [], name);
  }
  // The form with its errors (a POST answer).
  await page.goto(`${server.url}${pages.find(([name]) => name === 'session')[1]}`);
  await page.getByLabel('Prénom').fill('Awa');
  await page.getByLabel('Nom', { exact: true }).fill('Diallo');
  await page.getByLabel('Téléphone (facultatif)').fill('123');
  await page.getByRole('button', { name: /M'inscrire/ }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /Numéro de téléphone invalide/);
  assert.deepEqual(await rgaaViolations(page), [], 'session page with its errors');

  await page.setViewportSize({ width: 320, height: 640 });
  for (const [name, where] of pages) {
    await page.goto(`${server.url}${where}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: ${overflow} px of horizontal scroll at 320 px`);
  }
  await context.close();
});

test('the staff run a session: list, attendance sheet, self-assessment', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await signIn(page, server.url, 'mediator');
  await page.getByRole('link', { name: /Ateliers numériques/ }).click();
  await page.waitForURL(`${server.url}/ateliers/gestion`);
  assert.deepEqual(await rgaaViolations(page), [], 'staff list');
  const staffPages = ['/ateliers/gestion'];

  // A held session: its attendance sheet, marked and saved.
  const held = page.locator('section[aria-labelledby="recentes"] tbody tr').first();
  const title = (await held.locator('td').first().innerText()).trim();
  await held.locator('a').click();
  await page.waitForURL(/\/ateliers\/gestion\/seance\//);
  staffPages.push(path(page));
  assert.equal(await page.locator('h1').innerText(), title, 'the workshop heads its sheet');
  assert.match(await page.locator('main h3').first().innerText(), /Feuille d'émargement/);
  assert.deepEqual(await rgaaViolations(page), [], 'attendance sheet');
  await page.locator('.attendance-choices input[value="absent"]').first().check();
  await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
  await page.waitForURL(/fait=presences/);
  assert.match(await page.getByRole('status').innerText(), /présences sont enregistrées/);
  await page.getByLabel(/Nombre de personnes venues sans s'inscrire/).fill('3');
  await page.getByRole('button', { name: 'Enregistrer le nombre' }).click();
  await page.waitForURL(/fait=comptage/);
  assert.equal(await page.getByLabel(/Nombre de personnes venues sans s'inscrire/).inputValue(), '3');

  // A participant's self-assessment, before and after.
  await page.getByRole('link', { name: /Auto-évaluation de/ }).first().click();
  await page.waitForURL(/auto-evaluation/);
  staffPages.push(path(page));
  assert.deepEqual(await rgaaViolations(page), [], 'self-assessment');
  for (const fieldset of await page.locator('fieldset.assessment-scale').all()) {
    const legend = await fieldset.locator('legend').innerText();
    await fieldset.locator(`input[value="${legend.startsWith('Avant') ? 1 : 3}"]`).check();
  }
  await page.getByRole('button', { name: "Enregistrer l'auto-évaluation" }).click();
  await page.waitForURL(/fait=evaluation/);

  // A coming session: registration at the desk.
  await page.goto(`${server.url}/ateliers/gestion`);
  await page.locator('section[aria-labelledby="a-venir"] tbody a').first().click();
  await page.waitForURL(/\/ateliers\/gestion\/seance\//);
  staffPages.push(path(page));
  assert.deepEqual(await rgaaViolations(page), [], 'coming session');
  await page.getByLabel('Prénom').fill('Lucie');
  await page.getByLabel('Nom', { exact: true }).fill('Bernard');
  await page.getByLabel(/La personne accepte/).check();
  await page.getByRole('button', { name: 'Inscrire la personne' }).click();
  await page.waitForURL(/fait=(inscription|attente)/);
  assert.match(await page.locator('main').innerText(), /Lucie Bernard/);
  assert.deepEqual(await rgaaViolations(page), [], 'coming session with a desk registration');

  await page.setViewportSize({ width: 320, height: 640 });
  for (const where of staffPages) {
    await page.goto(`${server.url}${where}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${where}: ${overflow} px of horizontal scroll at 320 px`);
  }
  await context.close();
});
