// A web page on another origin, in a real headless Chromium, tries what the
// issue showed working: a fetch and form POSTs (text/plain, form-urlencoded)
// to `shardline serve`'s start route, whose argv would create a marker file,
// and reading the API through a name that resolves to 127.0.0.1 (DNS
// rebinding). None may start a session. A control then starts the same
// session as a proper client does, to show the argv would have run.
//
// Usage: node cross_site_test.cjs /path/to/shardline
// Exit 0: passed; 1: failed; 77: skipped (no Chromium or playwright-core).

'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const shardline = process.argv[2];
const chromiumPath = '/usr/bin/chromium';
const playwrightCore = path.join(__dirname, '..', '..', 'examples', 'playwright', 'node_modules',
  'playwright-core');

function skip(why) {
  console.log(`SKIPPED: ${why}`);
  process.exit(77);
}
if (!shardline) {
  console.error('usage: node cross_site_test.cjs /path/to/shardline');
  process.exit(2);
}
if (!fs.existsSync(chromiumPath)) skip(`no ${chromiumPath}`);
if (!fs.existsSync(playwrightCore)) skip(`no ${playwrightCore} (npm ci in examples/playwright)`);
const { chromium } = require(playwrightCore);

const failures = [];
function expect(condition, what) {
  console.log(`${condition ? 'ok' : 'FAILED'}: ${what}`);
  if (!condition) failures.push(what);
}

// Starts serve on a free port without a token (the weakest setting it allows)
// and resolves with its port once it listens.
function startServe(scratch) {
  const serve = spawn(shardline, ['serve', '--http', '127.0.0.1:0', '--no-token',
    '--local-workers', '1', '--artifacts', path.join(scratch, 'artifacts'),
    '--db', path.join(scratch, 'shardline.db'), '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not listen: ${output}`)), 30000);
    const read = (chunk) => {
      output += chunk;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ serve, port: Number(match[1]) });
      }
    };
    serve.stdout.on('data', read);
    serve.stderr.on('data', read);
    serve.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
  });
}

function request(port, method, target, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function sessionBody(marker) {
  return JSON.stringify({
    tests: [{ path: 'cross-site', title: 'touch' }],
    config: { workerCount: 1, runner: { kind: 'command', argv: ['touch', marker] } },
  });
}

// The attacker's page: every way a page can send a POST without a preflight,
// each into a frame so the page itself stays; the title says when all are sent.
function attackerPage(target, markers) {
  const textBody = sessionBody(markers.textForm);
  // A text/plain form sends NAME=VALUE: split the JSON at a quote so that the
  // '=' lands inside a string and the body is still valid JSON.
  const cut = textBody.lastIndexOf('"') ;
  const textName = textBody.slice(0, cut) + 'x';
  const textValue = textBody.slice(cut);
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><html><body>
<iframe name="f1"></iframe><iframe name="f2"></iframe>
<form id="plain" method="POST" action="${target}" enctype="text/plain" target="f1">
  <input name="${esc(textName)}" value="${esc(textValue)}"></form>
<form id="urlencoded" method="POST" action="${target}" target="f2">
  <input name="tests" value="${esc(sessionBody(markers.urlForm))}"></form>
<script>
(async () => {
  const results = {};
  try {
    const r = await fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors',
      headers: { 'Content-Type': 'text/plain' }, body: ${JSON.stringify(sessionBody(markers.fetch))} });
    results.noCors = r.type;
  } catch (e) { results.noCors = 'error: ' + e.message; }
  try {
    const r = await fetch(${JSON.stringify(target)}, { method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: ${JSON.stringify(sessionBody(markers.corsFetch))} });
    results.cors = r.status;
  } catch (e) { results.cors = 'error: ' + e.message; }
  const loaded = (name) => new Promise((resolve) => {
    document.querySelector('iframe[name=' + name + ']').addEventListener('load', resolve, { once: true });
  });
  const f1 = loaded('f1'); document.getElementById('plain').submit(); await f1;
  const f2 = loaded('f2'); document.getElementById('urlencoded').submit(); await f2;
  window.results = results;
  document.title = 'done';
})();
</script></body></html>`;
}

async function main() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'shardline-cross-site-'));
  const markers = {
    fetch: path.join(scratch, 'by-fetch'),
    corsFetch: path.join(scratch, 'by-cors-fetch'),
    textForm: path.join(scratch, 'by-text-form'),
    urlForm: path.join(scratch, 'by-urlencoded-form'),
    control: path.join(scratch, 'by-a-proper-client'),
  };
  const { serve, port } = await startServe(scratch);
  const target = `http://127.0.0.1:${port}/api/execution/parallel`;
  const attacker = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(attackerPage(target, markers));
  });
  await new Promise((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const attackerPort = attacker.address().port;
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
        // evil.example is the attacker's name, rebound to this machine.
        '--host-resolver-rules=MAP evil.example 127.0.0.1'],
    });
    const page = await browser.newPage();
    await page.goto(`http://evil.example:${attackerPort}/`);
    await page.waitForFunction(() => document.title === 'done', null, { timeout: 30000 });
    const results = await page.evaluate(() => window.results);
    console.log(`page saw: ${JSON.stringify(results)}`);
    expect(results.cors !== 201, 'a CORS fetch with JSON is not answered 201 to the page');

    // DNS rebinding: the browser reaches serve under the attacker's name.
    const rebound = await page.goto(`http://evil.example:${port}/api/execution/parallel`);
    expect(rebound.status() === 403, `a rebound name reads nothing (status ${rebound.status()})`);
  } finally {
    if (browser) await browser.close();
    attacker.close();
  }

  // Whatever the page did has reached serve by now (each frame loaded its answer).
  const sessions = await request(port, 'GET', '/api/execution/parallel');
  expect(sessions.status === 200 && JSON.parse(sessions.body).length === 0,
    `no session was started (list: ${sessions.body})`);
  for (const [how, marker] of Object.entries(markers))
    if (how !== 'control') expect(!fs.existsSync(marker), `no test ran (${how})`);

  // The control: the same session from a proper client runs its argv.
  const started = await request(port, 'POST', '/api/execution/parallel', sessionBody(markers.control),
    { 'Content-Type': 'application/json' });
  expect(started.status === 201, `a proper client starts the session (status ${started.status})`);
  const deadline = Date.now() + 30000;
  while (!fs.existsSync(markers.control) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(fs.existsSync(markers.control), 'its argv ran: the marker would have shown an attack');

  serve.kill('SIGTERM');
  await new Promise((resolve) => serve.on('exit', resolve));
  fs.rmSync(scratch, { recursive: true, force: true });
  if (failures.length > 0) {
    console.error(`${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log('passed');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
