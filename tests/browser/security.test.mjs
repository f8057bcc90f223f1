// The pages under their real Content-Security-Policy (no bypass, unlike the
// axe checks): every page of the route list, opened by a role it lets in,
// runs no inline script or style that the policy refuses, raises no error,
// and leaves the session cookie out of JavaScript's reach.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launchBrowser, signIn } from './support.mjs';

let server;
let browser;
const contexts = new Map(); // role ('' for nobody) -> { context, problems }

before(async () => {
  server = await startDemo();
  browser = await launchBrowser();
});

after(async () => {
  for (const { context } of contexts.values()) await context.close();
  await browser?.close();
  await server?.stop();
});

// A browser context for `role`, signed in unless nobody; its pages report
// CSP refusals and script errors into `problems`.
async function contextFor(role) {
  if (contexts.has(role)) return contexts.get(role);
  const context = await browser.newContext();
  const problems = [];
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
        problems.push(`${page.url()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${page.url()}: ${response.url()} ${response.status()}`);
    });
  });
  if (role) {
    const page = await context.newPage();
    await signIn(page, server.url, role);
    await page.close();
  }
  const entry = { context, problems };
  contexts.set(role, entry);
  return entry;
}

// True when GET `path` answers an HTML page (not a stream, a file, JSON).
async function isPage(context, path) {
  const response = await context.request.get(`${server.url}${path}`, { maxRedirects: 0, timeout: 5000 })
    .catch(() => null);
  return response !== null && response.status() === 200 &&
    (response.headers()['content-type'] ?? '').startsWith('text/html');
}

test('every page runs under its Content-Security-Policy without a refusal or an error', async () => {
  const admin = await contextFor('admin');
  const listed = await admin.context.request.get(`${server.url}/api/v1/routes`);
  assert.equal(listed.status(), 200);
  const routes = (await listed.json()).filter((r) => r.method === 'GET' &&
    !r.pattern.startsWith('/api/') && !r.pattern.includes('{') && r.pattern !== '/healthz');
  assert.ok(routes.length >= 20, `only ${routes.length} pages listed`);

  const types = await (await fetch(`${server.url}/api/v1/appointment-types`)).json();
  assert.ok(types.length > 0);
  routes.push({ pattern: `/rendez-vous/${types[0].id}`, access: 'public', roles: [] });

  let opened = 0;
  for (const route of routes) {
    const role = route.access === 'public' ? ''
      : ['admin', 'coordinator', 'mediator', 'reception', 'funder'].find((r) => route.roles.includes(r));
    if (role === undefined) continue;
    const { context } = await contextFor(role);
    if (!(await isPage(context, route.pattern))) continue;
    const page = await context.newPage();
    const response = await page.goto(`${server.url}${route.pattern}`, { waitUntil: 'load' });
    assert.equal(response.status(), 200, route.pattern);
    const policy = response.headers()['content-security-policy'] ?? '';
    assert.match(policy, /default-src 'self'/, route.pattern);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/, route.pattern);
    await page.waitForTimeout(300); // scripts that fetch or draw after load
    assert.equal(await page.evaluate(() => document.cookie.includes('relais_session')), false,
      `${route.pattern}: the session cookie is out of JavaScript's reach`);
    await page.close();
    opened += 1;
  }
  assert.ok(opened >= 15, `only ${opened} pages opened`);
  const problems = [...contexts.values()].flatMap((c) => c.problems);
  assert.deepEqual(problems, []);
});

test('the session and CSRF cookies are HttpOnly and SameSite in the browser', async () => {
  const { context } = await contextFor('mediator');
  const cookies = await context.cookies(server.url);
  const session = cookies.find((c) => c.name === 'relais_session');
  const csrf = cookies.find((c) => c.name === 'relais_csrf');
  assert.ok(session && csrf, JSON.stringify(cookies));
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Lax');
  assert.equal(csrf.httpOnly, true);
  assert.equal(csrf.sameSite, 'Strict');
});
