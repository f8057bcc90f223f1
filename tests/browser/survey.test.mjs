// Satisfaction surveys in a browser. The counter proposes the survey after
// a visit: its QR code, rasterised by Chromium and decoded by jsQR, gives
// back the link shown beside it. A person opens that link on a phone
// (360 px, JavaScript disabled), forgets a score, is told where, answers,
// reaches the thank-you page; the link then says it was used. With
// axe-core, the form (with and without its errors), the thank-you page, the
// invitation, the printed ticket and /satisfaction pass the RGAA rules and
// none scrolls sideways at 320 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startDemo, launchBrowser, rgaaViolations, signIn } from './support.mjs';

const require = createRequire(import.meta.url);
const jsqrSource = readFileSync(require.resolve('jsqr/dist/jsQR.js'), 'utf8');

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

// Signs in `login` in a JavaScript-enabled context that bypasses the CSP
// (axe and jsQR are injected as scripts).
async function staffPage(login) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await signIn(page, server.url, login);
  return { context, page };
}

// Logs a visit at the counter, then proposes the survey: the invitation
// page is left open; returns the link it shows.
async function proposeSurvey(page, { checkCounter = false } = {}) {
  await page.goto(`${server.url}/accueil`);
  await page.getByRole('button', { name: 'Enregistrer le passage' }).click();
  await page.waitForURL(/enregistre=1/);
  if (checkCounter) assert.deepEqual(await rgaaViolations(page), [], 'the counter offering the survey');
  await page.getByRole('button', { name: 'Proposer le questionnaire' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').innerText(), 'Questionnaire de satisfaction');
  return page.locator('a.survey-url').getAttribute('href');
}

// The text of the QR code on the page: the SVG drawn on a canvas by
// Chromium at 6 pixels a module, read back by jsQR.
async function decodeQr(page) {
  await page.addScriptTag({ content: jsqrSource });
  return page.evaluate(async () => {
    const svg = document.querySelector('svg.qr-code');
    const modules = svg.viewBox.baseVal.width;
    const size = modules * 6;
    const image = new Image(size, size);
    const source = new XMLSerializer().serializeToString(svg);
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, size, size);
    const { data } = context.getImageData(0, 0, size, size);
    // eslint-disable-next-line no-undef
    const code = jsQR(data, size, size);
    return code ? code.data : null;
  });
}

const axePages = []; // [name, path] checked with axe at the end

test('the QR code shown at the counter decodes to the link beside it', async () => {
  const { context, page } = await staffPage('reception');
  const link = await proposeSurvey(page, { checkCounter: true });
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/questionnaire\/[A-Za-z0-9_-]{43}$/);
  assert.equal(await decodeQr(page), link);
  const svg = page.locator('svg.qr-code');
  assert.equal(await svg.getAttribute('role'), 'img');
  assert.match(await svg.getAttribute('aria-label'), /questionnaire de satisfaction/);
  assert.equal(await svg.locator('path').count(), 1);
  assert.deepEqual(await rgaaViolations(page), [], 'the invitation at the counter');
  await context.close();
});

test('a person answers on a phone without JavaScript', async () => {
  const staff = await staffPage('reception');
  const link = await proposeSurvey(staff.page);
  await staff.context.close();
  const path = new URL(link).pathname;

  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  assert.equal(await page.locator('h1').innerText(), 'Votre avis sur notre accueil');
  const scale = (question) => page.getByRole('group', { name: question });

  // Two scores only: the form comes back, the third marked, the rest kept.
  await scale("Le professionnalisme de l'équipe").getByLabel('5 – Très satisfait').check();
  await scale("L'efficacité de l'aide apportée").getByLabel('4 – Satisfait').check();
  await page.getByLabel('Un commentaire (facultatif)').fill('Très bonne écoute, merci.');
  await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#erreur-listening').innerText(), /Choisissez une note de 1 à 5/);
  assert.ok(await scale("Le professionnalisme de l'équipe").getByLabel('5 – Très satisfait').isChecked());
  assert.equal(await page.getByLabel('Un commentaire (facultatif)').inputValue(), 'Très bonne écoute, merci.');

  await scale("La qualité de l'écoute").getByLabel('5 – Très satisfait').check();
  await scale('Recommanderiez-vous ce lieu à un proche ?').getByLabel('Oui').check();
  await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
  await page.waitForURL(`${server.url}/questionnaire/merci`);
  assert.equal(await page.locator('h1').innerText(), 'Merci pour votre avis');

  // The link is spent.
  const again = await page.goto(`${server.url}${path}`);
  assert.equal(again.status(), 409);
  assert.equal(await page.locator('h1').innerText(), 'Vous avez déjà répondu');
  const unknown = await page.goto(`${server.url}/questionnaire/${'A'.repeat(43)}`);
  assert.equal(unknown.status(), 404);
  assert.equal(await page.locator('h1').innerText(), 'Questionnaire introuvable');
  await context.close();

  // The answer counts in the results, its comment shown to the coordinator.
  const coordinator = await staffPage('coordinator');
  await coordinator.page.goto(`${server.url}/satisfaction`);
  assert.match(await coordinator.page.locator('main').innerText(), /Très bonne écoute, merci\./);
  await coordinator.context.close();
});

test('the survey pages and the results pass the RGAA rules and fit 320 px', async () => {
  const { context, page } = await staffPage('reception');
  const link = await proposeSurvey(page);
  const form = new URL(link).pathname;
  axePages.push(['form', form], ['thanks', '/questionnaire/merci'],
    ['unknown link', `/questionnaire/${'B'.repeat(43)}`]);
  for (const [name, where] of axePages) {
    await page.goto(`${server.url}${where}`);
    assert.deepEqual(await rgaaViolations(page), [], name);
  }
  // The form with its errors.
  await page.goto(`${server.url}${form}`);
  await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /Choisissez une note/);
  assert.deepEqual(await rgaaViolations(page), [], 'form with its errors');

  // A printed queue ticket with its invitation (the desk opened round the
  // clock first, so that a ticket can be given at any hour).
  const admin = await staffPage('admin');
  await admin.page.goto(`${server.url}/admin/horaires`);
  await admin.page.locator('#opening_hours').fill('24/7');
  await admin.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await admin.page.waitForURL(`${server.url}/admin/horaires**`);
  await admin.context.close();
  await page.goto(`${server.url}/file-attente`);
  await page.getByRole('button', { name: 'Remettre un ticket' }).click();
  await page.waitForLoadState();
  assert.deepEqual(await rgaaViolations(page), [], 'the queue with its print buttons');
  await page.getByRole('button', { name: /^Imprimer le ticket/ }).first().click();
  await page.waitForLoadState();
  assert.match(await page.locator('h1').innerText(), /^Ticket n° \d+$/);
  assert.match(await decodeQr(page), /\/questionnaire\/[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(await rgaaViolations(page), [], 'printed ticket');
  await context.close();

  for (const login of ['coordinator', 'funder']) {
    const staff = await staffPage(login);
    await staff.page.goto(`${server.url}/satisfaction?annee=2024`);
    assert.match(await staff.page.locator('h1').innerText(), /Satisfaction des usagers en 2024/);
    assert.deepEqual(await rgaaViolations(staff.page), [], `/satisfaction as ${login}`);
    await staff.page.setViewportSize({ width: 320, height: 640 });
    for (const [name, where] of [...axePages, ['results', '/satisfaction?annee=2024']]) {
      await staff.page.goto(`${server.url}${where}`);
      const overflow = await staff.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name}: ${overflow} px of horizontal scroll at 320 px`);
    }
    await staff.context.close();
  }
});
