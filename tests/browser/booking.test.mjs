// The public booking pages on a phone, JavaScript disabled: a resident
// picks a type, a day and a slot, gives their details, reaches the
// confirmation; the confirmation e-mail arrives (a real SMTP server on
// loopback) with its .ics; the resident follows the e-mail's manage link
// and cancels, and the cancellation e-mail arrives. Then, with axe-core
// (which needs JavaScript), every page of the way, the form with its
// errors, the move page and the staff agenda pass the RGAA rules, and
// none scrolls sideways at 320 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, startSmtp, launchBrowser, rgaaViolations } from './support.mjs';

let server;
let smtp;
let browser;
const visited = []; // [name, path] of the pages met without JavaScript

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

async function fillPerson(page, { phone = '06 12 34 56 78' } = {}) {
  await page.getByLabel('Prénom').fill('Awa');
  await page.getByLabel('Nom', { exact: true }).fill('Diallo');
  await page.getByLabel('Téléphone (facultatif)').fill(phone);
  await page.getByLabel('Adresse e-mail (facultatif)').fill('awa.diallo@exemple.fr');
  await page.getByLabel('Commune de résidence (facultatif)').fill('Antony');
}

test('a resident books, reaches the manage link and cancels, without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/rendez-vous`);
  assert.equal(await page.locator('h1').innerText(), 'Prendre rendez-vous');
  visited.push(['types', path(page)]);

  await page.getByRole('link', { name: 'Orientation générale' }).click();
  await page.waitForURL(/\/rendez-vous\/orientation/);
  visited.push(['week', path(page)]);
  let dayLink = page.locator('.booking-days a').first();
  if (await dayLink.count() === 0) {
    await page.getByRole('link', { name: 'Semaine suivante' }).click();
    await page.waitForLoadState();
    dayLink = page.locator('.booking-days a').first();
  }
  await dayLink.click();
  await page.waitForURL(/\/rendez-vous\/orientation\/\d{4}-\d{2}-\d{2}$/);
  visited.push(['day', path(page)]);

  const slot = page.locator('.slot-list a').first();
  const time = (await slot.innerText()).trim();
  await slot.click();
  await page.waitForURL(/\/rendez-vous\/orientation\/\d{4}-\d{2}-\d{2}\/\d{4}$/);
  visited.push(['form', path(page)]);
  assert.match(await page.locator('main').innerText(), new RegExp(time.replace(/ /g, '\\s')));

  // A wrong phone: the form comes back with the error beside the field.
  await fillPerson(page, { phone: '123' });
  await page.getByLabel(/J'accepte que mes coordonnées/).check();
  await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
  await page.waitForLoadState();
  const phone = page.getByLabel('Téléphone (facultatif)');
  assert.equal(await phone.getAttribute('aria-invalid'), 'true');
  assert.equal(await phone.inputValue(), '123');
  assert.equal(await page.getByLabel('Prénom').inputValue(), 'Awa', 'what was typed is kept');
  assert.match(await page.locator('#erreur-telephone').innerText(), /Numéro de téléphone invalide/);
  assert.ok(await page.getByLabel(/J'accepte que mes coordonnées/).isChecked(), 'consent kept');

  await phone.fill('06 12 34 56 78');
  await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
  await page.waitForURL(/\/rendez-vous\/confirmation\//);
  visited.push(['confirmation', path(page)]);
  assert.equal(await page.locator('h1').innerText(), 'Votre rendez-vous est confirmé');
  const main = await page.locator('main').innerText();
  assert.match(main, /(lundi|mardi|mercredi|jeudi|vendredi) (1er|\d+) \S+ \d{4} à \d+ h \d{2}/);
  assert.match(main, /Quartier du Noyer-Doré/);

  // The confirmation e-mail: to the address given, with the .ics and the
  // same manage link as the page.
  const pageLink = new URL(await page.locator('a.manage-href').getAttribute('href'), server.url);
  const mail = await smtp.waitFor((m) => /confirm/i.test(m.subject ?? ''));
  assert.equal(mail.to.value[0].address, 'awa.diallo@exemple.fr');
  const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  assert.ok(ics, 'an .ics is attached');
  assert.match(ics.content.toString(), /METHOD:REQUEST/);
  const link = mail.text.match(/https?:\/\/\S+\/rendez-vous\/gerer\/\S+/);
  assert.ok(link, `a manage link in: ${mail.text}`);
  const mailLink = new URL(link[0]);
  assert.equal(mailLink.pathname + mailLink.search, pageLink.pathname + pageLink.search);

  await page.goto(`${server.url}${mailLink.pathname}${mailLink.search}`);
  await page.waitForURL(/\/rendez-vous\/gerer\/[^/?]+\?jeton=/);
  visited.push(['manage', path(page)]);
  assert.equal(await page.locator('h1').innerText(), 'Votre rendez-vous');
  await page.getByRole('link', { name: 'Déplacer le rendez-vous' }).click();
  await page.waitForURL(/\/deplacer\?jeton=/);
  visited.push(['move', path(page)]);
  const day = page.locator('.booking-days a').first();
  if (await day.count() > 0) {
    await day.click();
    await page.waitForURL(/&jour=/);
    visited.push(['move day', path(page)]);
  }
  await page.getByRole('link', { name: /Revenir à votre rendez-vous/ }).click();
  await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
  await page.waitForURL(/annule=1/);
  assert.match(await page.getByRole('status').innerText(), /Votre rendez-vous est annulé/);
  assert.equal(await page.getByRole('button', { name: 'Annuler le rendez-vous' }).count(), 0);
  visited.push(['cancelled', path(page)]);
  const cancelled = await smtp.waitFor((m) => /annul/i.test(m.subject ?? ''));
  assert.match(cancelled.attachments.find((a) => a.contentType.startsWith('text/calendar')).content.toString(),
    /METHOD:CANCEL/);
  await context.close();
});

test('every booking page passes the RGAA rules and fits 320 px', async () => {
  assert.ok(visited.length >= 7, `pages visited: ${visited.length}`);
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  for (const [name, where] of visited) {
    await page.goto(`${server.url}${where}`);
    assert.deepEqual(await rgaaViolations(page), [], name);
  }
  // The form with its errors (a POST answer).
  const form = visited.find(([name]) => name === 'form')[1];
  await page.goto(`${server.url}${form}`);
  if (new URL(page.url()).pathname === form.split('?')[0] && (await page.getByLabel('Prénom').count()) > 0) {
    await fillPerson(page, { phone: '123' });
    await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('main').innerText(), /Numéro de téléphone invalide/);
    assert.deepEqual(await rgaaViolations(page), [], 'form with its errors');
  }

  await page.setViewportSize({ width: 320, height: 640 });
  for (const [name, where] of visited) {
    await page.goto(`${server.url}${where}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: ${overflow} px of horizontal scroll at 320 px`);
  }
  await context.close();
});

test('staff book for a person; the agenda and the calendar feed page pass the RGAA rules', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Identifiant').fill('mediator');
  await page.getByLabel('Mot de passe').fill('demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${server.url}/agent`);
  await page.getByRole('link', { name: 'Agenda des rendez-vous' }).click();
  await page.waitForURL(`${server.url}/agenda`);
  assert.match(await page.locator('h1').innerText(), /Agenda du/);
  assert.deepEqual(await rgaaViolations(page), [], 'agenda, today');

  // Booking for a person: the type and the day, then a free slot.
  await page.getByRole('link', { name: 'Prendre un rendez-vous pour une personne' }).click();
  await page.waitForURL(/nouveau-rendez-vous/);
  await page.getByLabel('Motif').selectOption('caf-logement');
  const day = visited.find(([name]) => name === 'day')[1].split('/').pop();
  await page.getByLabel('Jour', { exact: true }).first().fill(day);
  await page.getByRole('button', { name: 'Voir les créneaux libres' }).click();
  await page.waitForURL(/motif=caf-logement/);
  assert.deepEqual(await rgaaViolations(page), [], 'staff booking form');
  await page.locator('.slot-list a').first().click();
  await page.waitForURL(/heure=/);
  await page.getByLabel('Prénom').fill('Lucie');
  await page.getByLabel('Nom', { exact: true }).fill('Bernard');
  await page.getByLabel(/La personne accepte/).check();
  await page.getByRole('button', { name: 'Réserver' }).click();
  await page.waitForURL(/\/rendez-vous\/confirmation\//);
  assert.equal(await page.locator('h1').innerText(), 'Votre rendez-vous est confirmé');
  await page.getByRole('link', { name: "Retour à l'agenda" }).click();

  await page.goto(`${server.url}/agenda?jour=${day}`);
  assert.match(await page.locator('main').innerText(), /Lucie Bernard/);
  assert.deepEqual(await rgaaViolations(page), [], 'agenda, a day with appointments');
  await page.getByRole('button', { name: /Excusé : Lucie Bernard/ }).click();
  await page.waitForURL(/fait=statut/);
  assert.match(await page.getByRole('status').innerText(), /Statut enregistré/);
  await page.getByRole('link', { name: 'Voir la semaine' }).click();
  await page.waitForURL(/semaine=/);
  assert.equal(await page.locator('table.agenda-week').count(), 1);
  assert.deepEqual(await rgaaViolations(page), [], 'agenda, week');

  // The mediator's calendar feed: an address that serves their appointments as iCalendar.
  await page.goto(`${server.url}/agent`);
  await page.getByRole('link', { name: "S'abonner à mon agenda" }).click();
  await page.waitForURL(/\/agenda\/abonnement/);
  assert.deepEqual(await rgaaViolations(page), [], 'calendar feed page');
  await page.getByRole('button', { name: "Créer mon adresse d'abonnement" }).click();
  await page.waitForLoadState();
  const feed = await page.locator('#url-agenda').inputValue();
  assert.match(feed, /\/agenda\/[^/]+\.ics$/);
  assert.deepEqual(await rgaaViolations(page), [], 'calendar feed page with its address');
  const calendar = await fetch(feed);
  assert.equal(calendar.status, 200);
  assert.match(calendar.headers.get('content-type'), /^text\/calendar/);
  assert.match(await calendar.text(), /^BEGIN:VCALENDAR\r\n/);

  await page.setViewportSize({ width: 320, height: 640 });
  for (const where of ['/agenda/abonnement', `/agenda?jour=${day}`, `/agenda?semaine=${day}`, '/agenda/nouveau-rendez-vous']) {
    await page.goto(`${server.url}${where}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${where}: ${overflow} px of horizontal scroll at 320 px`);
  }
  await context.close();
});
