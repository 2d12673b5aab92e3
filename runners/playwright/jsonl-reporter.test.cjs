// Unit tests of jsonl-reporter.cjs with stand-ins for Playwright's objects:
//   node --test runners/playwright/
// The reporter's end-to-end tests are shardline's own (PlaywrightExample in
// tests/runners/playwright_example_test.cpp, against examples/playwright).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const test = require('node:test');

const Reporter = require('./jsonl-reporter.cjs');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jsonl-reporter-'));
test.after(() => fs.rmSync(root, { recursive: true, force: true }));

const project = { name: 'chromium', testDir: path.join(root, 'tests'), outputDir: path.join(root, 'out') };

function suites() {
  const rootSuite = { type: 'root', title: '', parent: undefined, project: () => undefined };
  const projectSuite = { type: 'project', title: 'chromium', parent: rootSuite, project: () => project };
  const file = { type: 'file', title: 'shop/pay.spec.ts', parent: projectSuite, project: () => undefined };
  const outer = { type: 'describe', title: 'checkout', parent: file, project: () => undefined };
  const inner = { type: 'describe', title: 'by card', parent: outer, project: () => undefined };
  return { rootSuite, inner };
}

function fakeTest() {
  const { inner } = suites();
  return {
    id: 'abc-def',
    title: 'pays @smoke',
    tags: ['@smoke', '@slow'],
    expectedStatus: 'passed',
    repeatEachIndex: 0,
    parent: inner,
    location: { file: path.join(project.testDir, 'shop', 'pay.spec.ts'), line: 6, column: 5 },
    titlePath: () => ['', 'chromium', 'shop/pay.spec.ts', 'checkout', 'by card', 'pays @smoke'],
  };
}

function fakeResult(extra = {}) {
  return {
    status: 'passed',
    duration: 1234,
    retry: 0,
    error: undefined,
    errors: [],
    stdout: [],
    stderr: [],
    attachments: [],
    startTime: new Date('2026-11-26T18:30:28.225Z'),
    ...extra,
  };
}

// Runs `body` with process.stdout.write captured; returns the parsed events.
function events(body) {
  const lines = [];
  const write = process.stdout.write;
  process.stdout.write = (chunk) => {
    lines.push(String(chunk));
    return true;
  };
  try {
    body();
  } finally {
    process.stdout.write = write;
  }
  return lines.join('').split('\n').filter(Boolean).map((line) => {
    assert.ok(line.startsWith(Reporter.PREFIX), line);
    return JSON.parse(line.slice(Reporter.PREFIX.length));
  });
}

function started(reporter) {
  reporter.onBegin({ rootDir: project.testDir }, { allTests: () => [1, 2, 3] });
}

test('a run is begin, testBegin, testEnd, end: one prefixed JSON line each', () => {
  const reporter = new Reporter();
  const out = events(() => {
    started(reporter);
    reporter.onTestBegin(fakeTest(), fakeResult());
    reporter.onTestEnd(fakeTest(), fakeResult());
    reporter.onEnd({ status: 'passed' });
  });
  assert.deepEqual(out.map((e) => e.event), ['begin', 'testBegin', 'testEnd', 'end']);
  assert.equal(out[0].total, 3);
  assert.equal(out[0].timeBudget, null); // stand-ins without a timeout
  assert.deepEqual(out[1], {
    event: 'testBegin', id: 'abc-def', file: 'shop/pay.spec.ts', line: 6, column: 5,
    titlePath: ['checkout', 'by card', 'pays @smoke'], project: 'chromium', retry: 0, timeout: 0,
  });
  assert.deepEqual(out[2], {
    event: 'testEnd', id: 'abc-def', file: 'shop/pay.spec.ts', line: 6, column: 5,
    titlePath: ['checkout', 'by card', 'pays @smoke'], title: 'pays @smoke', tags: ['@smoke', '@slow'],
    project: 'chromium', status: 'passed', expectedStatus: 'passed', duration: 1234, retry: 0,
    willRetry: false, timeout: 0, error: null, stdout: '', stderr: '', attachments: [],
    annotations: [], startTime: '2026-11-26T18:30:28.225Z', videoUnavailable: null,
  });
  assert.deepEqual(out[3], { event: 'end', status: 'passed' });
  // Playwright adds no stdout reporter of its own beside one that prints.
  assert.equal(reporter.printsToStdio(), true);
});

test('a project whose video shardline turned off says why in each of its tests', () => {
  const reason = 'no video: ffmpeg-1011/ffmpeg-linux is missing';
  project.metadata = { shardlineVideoUnavailable: reason };
  try {
    const reporter = new Reporter();
    const [, end] = events(() => {
      started(reporter);
      reporter.onTestEnd(fakeTest(), fakeResult());
    });
    assert.equal(end.videoUnavailable, reason);
  } finally {
    delete project.metadata;
  }
});

test('a failure carries its error as Playwright made it, colours included', () => {
  const reporter = new Reporter();
  const error = { message: '\u001b[31mError: boom\u001b[39m', stack: 'Error: boom\n    at x' };
  const [, end] = events(() => {
    started(reporter);
    reporter.onTestEnd(fakeTest(), fakeResult({ status: 'failed', error, errors: [error] }));
  });
  assert.equal(end.status, 'failed');
  assert.deepEqual(end.error, error);
});

test('an error outside a test is an error event', () => {
  const [event] = events(() => new Reporter().onError({ message: 'SyntaxError: x.spec.ts', stack: 'at x' }));
  assert.deepEqual(event, { event: 'error', message: 'SyntaxError: x.spec.ts', stack: 'at x' });
});

test('output is joined and cut to its last 64 KiB, on a character boundary', () => {
  assert.equal(Reporter.tailOf(['one\n', Buffer.from('two\n')]), 'one\ntwo\n');
  const long = 'é'.repeat(40000); // 80,000 bytes
  const tail = Reporter.tailOf([long, 'end\n']);
  assert.ok(Buffer.byteLength(tail) <= 64 * 1024);
  assert.ok(tail.endsWith('end\n'));
  assert.ok(tail.startsWith('é'), 'no broken character at the start');
  assert.equal(Reporter.tailOf(undefined), '');
});

test('every attachment has a path: a body is written to a file first', () => {
  const reporter = new Reporter();
  const screenshot = path.join(project.outputDir, 'x', 'test-failed-1.png');
  const [, end] = events(() => {
    started(reporter);
    reporter.onTestEnd(fakeTest(), fakeResult({
      retry: 1,
      attachments: [
        { name: 'screenshot', contentType: 'image/png', path: screenshot },
        { name: 'receipt', contentType: 'image/png', body: Buffer.from('PNG') },
        { name: 'notes', contentType: 'text/plain; charset=utf-8', body: Buffer.from('hello') },
        { name: 'nothing', contentType: 'text/plain' },
      ],
    }));
  });
  assert.equal(end.attachments.length, 3);
  assert.deepEqual(end.attachments[0], { name: 'screenshot', contentType: 'image/png', path: screenshot });
  const folder = path.join(project.outputDir, 'shop-pay-checkout-by-card-pays-smoke-chromium-retry1');
  assert.equal(end.attachments[1].path, path.join(folder, 'receipt-1.png'));
  assert.equal(fs.readFileSync(end.attachments[1].path, 'utf8'), 'PNG');
  assert.equal(end.attachments[2].path, path.join(folder, 'notes-2.txt'));
  assert.equal(fs.readFileSync(end.attachments[2].path, 'utf8'), 'hello');
});

test('a failed try with retries left will be retried, as Playwright\'s reporters decide', () => {
  const failing = (results, retries) => ({ retries, results, outcome: () => 'unexpected' });
  assert.equal(Reporter.willRetry(failing([{}], 1)), true);
  assert.equal(Reporter.willRetry(failing([{}, {}], 1)), false);
  assert.equal(Reporter.willRetry(failing([{}], 0)), false);
  assert.equal(Reporter.willRetry({ retries: 2, results: [{}, {}], outcome: () => 'flaky' }), false);
  // A serial group is retried whole: a pass in it may run again.
  const serial = { _parallelMode: 'serial', parent: undefined };
  const inGroup = (results) => ({ retries: 1, results, outcome: () => 'expected', parent: { parent: serial } });
  assert.equal(Reporter.willRetry(inGroup([{}])), true);
  assert.equal(Reporter.willRetry(inGroup([{}, {}])), false);
  assert.equal(Reporter.willRetry({ retries: 1, results: [{}], outcome: () => 'expected', parent: { parent: undefined } }), false);

  const reporter = new Reporter();
  const tried = { ...fakeTest(), retries: 1, results: [{}], outcome: () => 'unexpected', timeout: 120000 };
  const [, end] = events(() => {
    started(reporter);
    reporter.onTestEnd(tried, fakeResult({ status: 'failed' }));
  });
  assert.equal(end.willRetry, true);
  assert.equal(end.timeout, 120000);
});

test('the time budget is each test\'s timeout x 3 per try; none when one has no timeout', () => {
  assert.equal(Reporter.timeBudgetOf([{ timeout: 1000, retries: 1 }, { timeout: 120000 }]), 1000 * 3 * 2 + 360000);
  assert.equal(Reporter.timeBudgetOf([{ timeout: 1000 }, { timeout: 0 }]), null);
  assert.equal(Reporter.timeBudgetOf([]), 0);

  const reporter = new Reporter();
  const [begin] = events(() => reporter.onBegin({ rootDir: project.testDir }, { allTests: () => [{ timeout: 10000, retries: 0 }] }));
  assert.deepEqual(begin, { event: 'begin', total: 1, timeBudget: 30000 });
});

test('configure says what the web servers may take to start', () => {
  assert.equal(Reporter.setupTimeoutOf({ webServer: null }), 0);
  assert.equal(Reporter.setupTimeoutOf({ webServer: { command: 'x' } }), 60000);
  assert.equal(Reporter.setupTimeoutOf({ webServer: [{ timeout: 5000 }, {}] }), 65000);
  const [event] = events(() => new Reporter().onConfigure({ webServer: { timeout: 120000 } }));
  assert.deepEqual(event, { event: 'configure', setupTimeout: 120000 });
});

test('annotations come with their descriptions, the result\'s first', () => {
  const reporter = new Reporter();
  const annotated = { ...fakeTest(), annotations: [{ type: 'from-declaration' }] };
  const [, fromResult, fromTest] = events(() => {
    started(reporter);
    reporter.onTestEnd(annotated, fakeResult({
      status: 'skipped',
      annotations: [{ type: 'skip', description: 'not on CI' }, { type: 'slow' }],
    }));
    reporter.onTestEnd(annotated, fakeResult());
  });
  assert.deepEqual(fromResult.annotations, [{ type: 'skip', description: 'not on CI' }, { type: 'slow' }]);
  assert.deepEqual(fromTest.annotations, [{ type: 'from-declaration' }]);
});
