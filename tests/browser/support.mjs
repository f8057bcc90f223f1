// Browser-test support: a relais demo server on a free port with a fresh
// database, and headless Chromium driven by Playwright, with axe-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, readdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { simpleParser } from 'mailparser';
import { authenticator } from 'otplib';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const relaisBin = process.env.RELAIS_BIN ?? join(here, '..', '..', 'build', 'src', 'cli', 'relais');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// Starts `relais demo` (with `env` added to its environment) and resolves
// once /healthz answers.
export async function startDemo({ env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'relais-browser-'));
  const port = await freePort();
  const child = spawn(relaisBin, ['demo', '--db', join(dir, 'demo.sqlite'), '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`relais exited: ${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch { /* not yet listening */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    db: join(dir, 'demo.sqlite'),
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A real SMTP server on loopback (Debian's python3-aiosmtpd, its Mailbox
// handler writing each message to a Maildir), and the messages it received,
// parsed by mailparser.
export async function startSmtp() {
  const dir = mkdtempSync(join(tmpdir(), 'relais-smtp-'));
  const port = await freePort();
  const child = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`,
    '-c', 'aiosmtpd.handlers.Mailbox', join(dir, 'maildir')], { stdio: 'ignore' });
  const deadline = Date.now() + 20000;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('aiosmtpd did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const messages = async () => {
    let names = [];
    try { names = readdirSync(join(dir, 'maildir', 'new')); } catch { /* none yet */ }
    return Promise.all(names.map((name) => simpleParser(readFileSync(join(dir, 'maildir', 'new', name)))));
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    // The first message for which `match` is true, waiting up to `ms`.
    async waitFor(match, ms = 20000) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const found = (await messages()).find(match);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no such message within ${ms} ms`);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Runs axe-core's RGAA v4 rules on the page; returns the violations. The
// page's context must bypass CSP: axe is injected as an inline script.
export async function rgaaViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['RGAAv4'] } }));
  return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

// The demo's published TOTP secret (README): the demo admin and coordinator have it.
export const demoTotpSecret = 'RELAISDEMOPIMMSANTONYDOUBLEFACTE';
export const demoTotpLogins = new Set(['admin', 'coordinator']);

// The TOTP code (otplib, RFC 6238: SHA-1, 6 digits, 30 s) of `secret` at step `step`.
export function totpCodeAt(secret, step) {
  authenticator.options = { epoch: step * 30000, digits: 6, step: 30 };
  return authenticator.generate(secret);
}

// A code never given before for `login` on `url`: a code serves once, so
// each call takes a later step within one of now, waiting when none is left.
const lastSteps = new Map();
export async function freshTotpCode(url, login, secret = demoTotpSecret) {
  const key = `${url} ${login}`;
  for (;;) {
    const now = Date.now();
    const step = Math.floor(now / 30000);
    const into = now - step * 30000;
    const earliest = into < 25000 ? step - 1 : step;
    const chosen = Math.max((lastSteps.get(key) ?? 0) + 1, earliest);
    if (chosen <= step + 1) {
      lastSteps.set(key, chosen);
      return totpCodeAt(secret, chosen);
    }
    await new Promise((r) => setTimeout(r, 30000 - into + 50));
  }
}

// The body of POST /api/v1/session for a demo account, with a fresh code
// for those that have TOTP.
export async function demoLoginBody(url, login) {
  const body = { login, password: 'demo' };
  if (demoTotpLogins.has(login)) body.code = await freshTotpCode(url, login);
  return JSON.stringify(body);
}

// Signs in through the login page with a demo account (password "demo",
// and the TOTP code for admin and coordinator).
export async function signIn(page, url, login) {
  await page.goto(`${url}/connexion`);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill('demo');
  if (demoTotpLogins.has(login)) {
    await page.getByLabel('Code à 6 chiffres').fill(await freshTotpCode(url, login));
  }
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${url}/agent`);
}
