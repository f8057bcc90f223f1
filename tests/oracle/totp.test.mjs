// Oracle: TOTP codes computed by otplib (an independent RFC 6238
// implementation) open a session on the real server for the demo
// coordinator; a code three steps away is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, demoTotpSecret, totpCodeAt } from '../browser/support.mjs';

let server;

before(async () => {
  server = await startDemo();
});

after(async () => {
  await server?.stop();
});

async function login(code) {
  const response = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'coordinator', password: 'demo', code }),
  });
  return { status: response.status, body: await response.json() };
}

test("otplib's code for the demo secret opens a session; one three steps away does not", async () => {
  assert.match(server.output(), new RegExp(demoTotpSecret), 'relais demo prints the secret');
  const step = Math.floor(Date.now() / 30000);
  for (const offset of [3, -3]) {
    const refused = await login(totpCodeAt(demoTotpSecret, step + offset));
    assert.equal(refused.status, 401, `step ${offset}`);
    assert.equal(refused.body.error.code, 'totp_invalid');
  }
  const missing = await login(undefined);
  assert.equal(missing.status, 401);
  assert.equal(missing.body.error.code, 'totp_required');

  const now = Math.floor(Date.now() / 30000);
  const code = totpCodeAt(demoTotpSecret, now);
  const accepted = await login(code);
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  assert.equal(accepted.body.role, 'coordinator');
  const replayed = await login(code);
  assert.equal(replayed.status, 401, 'a code serves once');
  assert.equal(replayed.body.error.code, 'totp_invalid');
});
