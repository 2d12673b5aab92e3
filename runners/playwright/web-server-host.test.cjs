// Unit tests of web-server-host.cjs:  node --test runners/playwright/
// The host end to end is shardline's own (WebServerHost in
// tests/runners/playwright_web_servers_test.cpp, with a real Playwright).
'use strict';

const assert = require('node:assert/strict');
const test = require('node:test');

const hold = require('./web-server-host.cjs');

// A stand-in for stdout, which the test runner itself writes to.
function output() {
  return { text: '', write(chunk) { this.text += chunk; return true; } };
}

test('counts one web server, a list of them, or none', () => {
  assert.equal(hold.webServerCount({ webServer: { command: 'x' } }), 1);
  assert.equal(hold.webServerCount({ webServer: [{ command: 'x' }, { command: 'y' }] }), 2);
  assert.equal(hold.webServerCount({ webServer: null }), 0);
  assert.equal(hold.webServerCount({}), 0);
});

test('what was added or changed in the environment, and nothing else', () => {
  const before = { ...process.env };
  process.env.SHARDLINE_HOST_TEST_ADDED = 'a';
  try {
    const added = hold.addedEnvironment(before);
    assert.deepEqual(added, { SHARDLINE_HOST_TEST_ADDED: 'a' });
  } finally {
    delete process.env.SHARDLINE_HOST_TEST_ADDED;
  }
});

test('without web servers it says so and returns at once', async () => {
  globalThis.__shardlineStartingEnv = { ...process.env };
  const out = output();
  await hold({ webServer: null }, out);
  const line = out.text.trim();
  assert.ok(line.startsWith(hold.readyPrefix), line);
  assert.deepEqual(JSON.parse(line.slice(hold.readyPrefix.length)), { servers: 0, environment: {} });
});

test('with web servers it holds them until SIGTERM', async () => {
  globalThis.__shardlineStartingEnv = { ...process.env };
  let returned = false;
  const out = output();
  const held = hold({ webServer: { command: 'x' } }, out).then(() => (returned = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(returned, false, 'still holding');
  assert.ok(out.text.includes(`${hold.readyPrefix}{"servers":1,`), out.text);
  process.emit('SIGTERM');
  await held;
  assert.equal(returned, true);
  assert.equal(process.listenerCount('SIGTERM'), 0, 'its handler is gone');
});
