// shardline's Playwright reporter: one JSON object per line on stdout, each
// line starting with "@shardline " so that shardline can tell its lines from
// whatever else Playwright, node or the tests print there.
//
//   npx playwright test --reporter=/abs/path/runners/playwright/jsonl-reporter.cjs
//
// Events, in order:
//   {"event":"configure","setupTimeout"}    before global setup and web servers start
//   {"event":"begin","total":N,"timeBudget"}
//   {"event":"testBegin","id","file","line","column","titlePath","project","retry","timeout"}
//   {"event":"testEnd","id","file","line","column","titlePath","title","tags","project",
//    "status","expectedStatus","duration","retry","willRetry","timeout","error","stdout",
//    "stderr","attachments","annotations","startTime","videoUnavailable"}
//   {"event":"error","message","stack"}        an error outside any test
//   {"event":"end","status"}                   passed | failed | timedout | interrupted
//
// - id is Playwright's test id (test.id): the same as the spec id of
//   `playwright test --list --reporter=json` for a one-project config.
// - file is relative to the config's rootDir (its testDir), with "/".
// - titlePath is the describe titles and the test's title: no project, no
//   file. An anonymous describe counts as an empty title, as in Playwright's
//   own title paths and --test-list.
// - setupTimeout (ms) is what the config's web servers may take to start
//   (each its `timeout`, 60 s by default) plus its global setup's budget;
//   timeBudget (ms) is the most the tests may take by their own timeouts:
//   for each, its timeout (config, project, describe.configure or --timeout)
//   times 3 (test.slow()) times its tries (1 + retries); null when some test
//   has no timeout (0). shardline's deadline for the process derives from
//   both, so that it only ever catches a hung run.
// - willRetry: Playwright may run this test again after this result (its
//   configured retries; a serial group is retried whole); see willRetry().
// - annotations are [{type, description}] (test.skip's reason among them).
// - error is {message, stack} as Playwright made them (ANSI colours kept), or
//   null.
// - stdout and stderr are the test's output joined, at most the last 64 KiB.
// - every attachment has a path: one that Playwright kept in memory (a
//   `body`) is written to a file in the test's output folder first.
// - videoUnavailable is why the video the test's project asked for was not
//   recorded, or null: shardline runs a project whose video recorder is
//   missing through a config that turns video off and says why in the
//   project's metadata (shardlineVideoUnavailable).
// - Each line is written at once with process.stdout.write (synchronous for
//   pipes and files on Linux), so a killed run leaves whole lines behind, up
//   to the last test that ended.
// Only node's own modules are used: the reporter does not need the project's
// node_modules and works from any folder.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const PREFIX = '@shardline ';
const OUTPUT_LIMIT = 64 * 1024; // bytes of stdout, and of stderr, per test

const EXTENSIONS = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/svg+xml': '.svg',
  'video/webm': '.webm',
  'application/zip': '.zip',
  'application/json': '.json',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'text/markdown': '.md',
  'text/html': '.html',
  'text/csv': '.csv',
};

function emit(event) {
  process.stdout.write(PREFIX + JSON.stringify(event) + '\n');
}

function toPosix(file) {
  return file.split(path.sep).join('/');
}

// The describe titles and the test's, without root, project and file.
function titlePathOf(test) {
  const titles = [test.title];
  let suite = test.parent;
  if (suite && typeof suite.type === 'string') {
    for (; suite && suite.type === 'describe'; suite = suite.parent) titles.unshift(suite.title);
    return titles;
  }
  // Older Playwright without Suite.type: ['', project, file, ...describes, title].
  return test.titlePath().slice(3);
}

function projectOf(test) {
  for (let suite = test.parent; suite; suite = suite.parent) {
    const project = typeof suite.project === 'function' ? suite.project() : undefined;
    if (project) return project;
  }
  return undefined;
}

// What the config shardline wrote in the project's metadata when it turned
// the project's video off for want of a recorder.
function videoUnavailableOf(test) {
  const reason = projectOf(test)?.metadata?.shardlineVideoUnavailable;
  return typeof reason === 'string' && reason !== '' ? reason : null;
}

// The last `limit` bytes of the output chunks (strings or Buffers) as text,
// not starting in the middle of a UTF-8 character.
function tailOf(chunks, limit = OUTPUT_LIMIT) {
  const buffers = [];
  let size = 0;
  for (let i = (chunks || []).length - 1; i >= 0 && size < limit; --i) {
    const chunk = chunks[i];
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
    buffers.unshift(buffer);
    size += buffer.length;
  }
  let joined = Buffer.concat(buffers);
  if (joined.length > limit) {
    let start = joined.length - limit;
    while (start < joined.length && (joined[start] & 0xc0) === 0x80) ++start;
    joined = joined.subarray(start);
  }
  return joined.toString('utf8');
}

function errorOf(error) {
  if (!error) return null;
  const message = error.message ?? error.value ?? '';
  return { message: String(message), stack: String(error.stack ?? '') };
}

// Playwright's sanitizeForFilePath for folder names: keeps the last '.'.
function sanitize(text) {
  const clean = (part) => part.replace(/[\x00-\x2C\x2E-\x2F\x3A-\x40\x5B-\x60\x7B-\x7F]+/g, '-');
  const dot = String(text).lastIndexOf('.');
  if (dot === -1) return clean(String(text));
  return `${clean(String(text).substring(0, dot))}.${clean(String(text).substring(dot + 1))}`;
}

function trimLong(text, length = 100) {
  if (text.length <= length) return text;
  const hash = crypto.createHash('sha1').update(text).digest('hex');
  const middle = `-${hash.substring(0, 5)}-`;
  const start = Math.floor((length - middle.length) / 2);
  const end = length - middle.length - start;
  return text.substring(0, start) + middle + text.slice(-end);
}

// Whether Playwright may run the test again after this result. Its own
// reporters' rule (BaseReporter.willRetry): a failure with retries left. And
// a test of a serial group with retries left: when any test of the group
// fails, Playwright retries the whole group, tests that passed or were
// skipped included, so their verdict waits (shardline takes the last try as
// final when the run ends without another).
function willRetry(test) {
  const outcome = typeof test.outcome === 'function' ? test.outcome() : undefined;
  const triesLeft = (test.results || []).length <= (test.retries ?? 0);
  return triesLeft && (outcome === 'unexpected' || inSerialGroup(test));
}

function inSerialGroup(test) {
  for (let suite = test.parent; suite; suite = suite.parent) if (suite._parallelMode === 'serial') return true;
  return false;
}

function annotationsOf(annotations) {
  return (annotations || []).map(({ type, description }) => {
    const annotation = { type: String(type) };
    if (description !== undefined && description !== null) annotation.description = String(description);
    return annotation;
  });
}

// A test can take its timeout three times over (test.slow()), once per try.
function timeBudgetOf(tests) {
  let budget = 0;
  for (const test of tests) {
    if (!(test.timeout > 0)) return null;
    budget += test.timeout * 3 * (1 + (test.retries ?? 0));
  }
  return budget;
}

const DEFAULT_WEB_SERVER_TIMEOUT = 60000;

function setupTimeoutOf(config) {
  const servers = [];
  for (const plugin of config?.plugins ?? []) if (plugin?.webServer) servers.push(plugin.webServer);
  const declared = config?.webServer;
  if (!servers.length && declared) servers.push(...(Array.isArray(declared) ? declared : [declared]));
  let timeout = 0;
  for (const server of servers) timeout += server?.timeout > 0 ? server.timeout : DEFAULT_WEB_SERVER_TIMEOUT;
  return timeout;
}

class JsonlReporter {
  constructor(options = {}) {
    this.options = options;
    this.rootDir = process.cwd();
  }

  printsToStdio() {
    return true; // stdout is ours: Playwright adds no reporter of its own beside it
  }

  onConfigure(config) {
    emit({ event: 'configure', setupTimeout: setupTimeoutOf(config) });
  }

  onBegin(config, suite) {
    this.rootDir = config.rootDir || this.rootDir;
    const tests = suite.allTests();
    emit({ event: 'begin', total: tests.length, timeBudget: timeBudgetOf(tests) });
  }

  onTestBegin(test, result) {
    emit({
      event: 'testBegin',
      id: test.id,
      file: this.fileOf(test),
      line: test.location.line,
      column: test.location.column,
      titlePath: titlePathOf(test),
      project: projectOf(test)?.name ?? '',
      retry: result.retry,
      timeout: test.timeout ?? 0,
    });
  }

  onTestEnd(test, result) {
    let attachments;
    try {
      attachments = this.attachmentsOf(test, result);
    } catch (error) {
      attachments = [];
      emit({ event: 'error', message: `jsonl-reporter: cannot keep the attachments of ${test.title}: ${error.message}`, stack: String(error.stack ?? '') });
    }
    emit({
      event: 'testEnd',
      id: test.id,
      file: this.fileOf(test),
      line: test.location.line,
      column: test.location.column,
      titlePath: titlePathOf(test),
      title: test.title,
      tags: test.tags ?? [],
      project: projectOf(test)?.name ?? '',
      status: result.status,
      expectedStatus: test.expectedStatus,
      duration: result.duration,
      retry: result.retry,
      willRetry: willRetry(test),
      timeout: test.timeout ?? 0,
      error: errorOf(result.error ?? (result.errors || [])[0]),
      stdout: tailOf(result.stdout),
      stderr: tailOf(result.stderr),
      attachments,
      annotations: annotationsOf(result.annotations ?? test.annotations),
      startTime: result.startTime instanceof Date ? result.startTime.toISOString() : new Date(result.startTime).toISOString(),
      videoUnavailable: videoUnavailableOf(test),
    });
  }

  onError(error) {
    const { message, stack } = errorOf(error) ?? { message: '', stack: '' };
    emit({ event: 'error', message, stack });
  }

  onEnd(result) {
    emit({ event: 'end', status: result.status });
  }

  fileOf(test) {
    return toPosix(path.relative(this.rootDir, test.location.file));
  }

  // Every attachment with a path; those with a body are written to a file.
  attachmentsOf(test, result) {
    const kept = [];
    (result.attachments || []).forEach((attachment, index) => {
      const { name, contentType } = attachment;
      if (attachment.path) {
        kept.push({ name, contentType, path: path.resolve(attachment.path) });
        return;
      }
      if (attachment.body === undefined || attachment.body === null) return;
      const folder = this.outputDirOf(test, result);
      fs.mkdirSync(folder, { recursive: true });
      const extension = EXTENSIONS[String(contentType).split(';')[0].trim()] || '.bin';
      let file = path.join(folder, `${sanitize(name) || 'attachment'}-${index}${extension}`);
      for (let n = 1; fs.existsSync(file); ++n) file = file.replace(/(-\d+)?(\.[^.]*)$/, `-${n}$2`);
      fs.writeFileSync(file, attachment.body);
      kept.push({ name, contentType, path: file });
    });
    return kept;
  }

  // The test's output folder, as Playwright names it (TestInfo.outputDir):
  // where its screenshots and traces go. Should the naming differ in another
  // version, the folder is still one of this test's own under outputDir.
  outputDirOf(test, result) {
    const project = projectOf(test);
    const outputDir = project?.outputDir || path.join(this.rootDir, 'test-results');
    const testDir = project?.testDir || this.rootDir;
    const relative = path.relative(testDir, test.location.file.replace(/\.(spec|test)\.(js|ts|jsx|tsx|mjs|mts|cjs|cts)$/, ''));
    let folder = trimLong(`${relative.split(path.sep).join('-')}-${sanitize(titlePathOf(test).join(' '))}`);
    if (project?.name) folder += `-${sanitize(project.name)}`;
    if (result.retry) folder += `-retry${result.retry}`;
    if (test.repeatEachIndex) folder += `-repeat${test.repeatEachIndex}`;
    return path.join(outputDir, folder);
  }
}

module.exports = JsonlReporter;
// For jsonl-reporter.test.cjs.
module.exports.tailOf = tailOf;
module.exports.willRetry = willRetry;
module.exports.timeBudgetOf = timeBudgetOf;
module.exports.setupTimeoutOf = setupTimeoutOf;
module.exports.PREFIX = PREFIX;
