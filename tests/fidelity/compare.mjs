// The fidelity check: runs this folder's suite with Playwright's own runner
// and with `shardline run`, and compares the final status of every test
// (by project, file and title), without and with CI=1 (the config's
// webServer then may not reuse a server). After each run no process of that
// run may be left (web server, browser, workers): each run's processes carry
// FIDELITY_RUN=<mark> in their environment, found in /proc.
//
//   node tests/fidelity/compare.mjs --shardline build/shardline [--ci 0|1|both]
//
// Exit 0 when every test ends the same and nothing is left behind; 1
// otherwise.
// FIDELITY_KEEP=DIR keeps both reports of each run there.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const separator = ' \u203a ';

function parseArgs(argv) {
  const args = { shardline: '', ci: 'both', workers: '2' };
  for (let i = 0; i < argv.length; ++i) {
    const value = argv[i + 1];
    if (argv[i] === '--shardline') args.shardline = value, ++i;
    else if (argv[i] === '--ci') args.ci = value, ++i;
    else if (argv[i] === '--workers') args.workers = value, ++i;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!args.shardline) throw new Error('--shardline PATH is required');
  return args;
}

// The suite reuses the example's installed @playwright/test.
function ensureNodeModules() {
  const link = join(here, 'node_modules');
  if (!existsSync(link)) symlinkSync(join(here, '..', '..', 'examples', 'playwright', 'node_modules'), link);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(argv, env, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

function markedProcesses(mark) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      if (!environ.includes(`FIDELITY_RUN=${mark}`)) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), command: command.slice(0, 160) });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

// What is still there once the processes exiting with the run had time to
// go: a process is given up to 10 s, far more than an exit takes. Whatever
// is left is killed, so that one failure does not spoil the next run.
async function leftovers(mark) {
  let found = markedProcesses(mark);
  for (let waited = 0; found.length && waited < 10_000; waited += 200) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    found = markedProcesses(mark);
  }
  for (const { pid } of found) {
    try { process.kill(pid, 'SIGKILL'); } catch {}
  }
  return found;
}

function playwrightOutcomes(report) {
  const outcomes = new Map();
  const visit = (suite, describes) => {
    for (const spec of suite.specs || [])
      for (const test of spec.tests) {
        const last = test.results[test.results.length - 1];
        const key = `${test.projectName} | tests/${spec.file} | ${[...describes, spec.title].join(separator)}`;
        outcomes.set(key, { status: last ? last.status : 'skipped', flaky: test.status === 'flaky' });
      }
    for (const child of suite.suites || []) visit(child, [...describes, child.title]);
  };
  for (const file of report.suites || []) visit(file, []);
  return outcomes;
}

function shardlineOutcomes(report) {
  const last = new Map();
  for (const result of report.results || []) {
    const previous = last.get(result.testId);
    if (!previous || result.attempt >= previous.attempt) last.set(result.testId, result);
  }
  const outcomes = new Map();
  for (const result of last.values()) {
    const key = `${result.project ?? '?'} | ${result.testPath} | ${result.testName}`;
    outcomes.set(key, { status: result.status, flaky: !!result.flaky });
  }
  return outcomes;
}

const describe = (outcome) => (outcome ? outcome.status + (outcome.flaky ? ' (flaky)' : '') : 'missing');

async function check(args, ci) {
  const label = ci ? 'CI=1' : 'without CI';
  const scratch = mkdtempSync(join(tmpdir(), 'shardline-fidelity-'));
  const problems = [];
  try {
    const env = { ...process.env, FIDELITY_PORT: String(await freePort()), FORCE_COLOR: '0' };
    delete env.CI;
    if (ci) env.CI = '1';

    const mark = `fidelity-${process.pid}-${Date.now()}-playwright`;
    const reportFile = join(scratch, 'playwright.json');
    const playwright = await run(
      [join(here, 'node_modules', '.bin', 'playwright'), 'test', '--reporter=json'],
      { ...env, FIDELITY_RUN: mark, FIDELITY_OUTPUT: join(scratch, 'playwright-results'),
        PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile },
      here);
    if (!existsSync(reportFile))
      throw new Error(`${label}: playwright wrote no report (exit ${playwright.code}, signal ${playwright.signal}):\n${playwright.output}`);
    const expected = playwrightOutcomes(JSON.parse(readFileSync(reportFile, 'utf8')));
    for (const left of await leftovers(mark))
      problems.push(`${label}: playwright left pid ${left.pid} running: ${left.command}`);

    const slMark = `fidelity-${process.pid}-${Date.now()}-shardline`;
    const jsonFile = join(scratch, 'shardline.json');
    const shardline = await run(
      [args.shardline, 'run', '--dir', here, '--workers', args.workers, '--json', jsonFile,
       '--artifacts', join(scratch, 'artifacts'), '--db', join(scratch, 'shardline.db'), '--quiet'],
      { ...env, FIDELITY_RUN: slMark, FIDELITY_OUTPUT: join(scratch, 'shardline-results') },
      here);
    for (const left of await leftovers(slMark))
      problems.push(`${label}: shardline left pid ${left.pid} running: ${left.command}`);
    if (!existsSync(jsonFile)) {
      problems.push(`${label}: shardline wrote no --json (exit ${shardline.code}, signal ${shardline.signal}):\n${shardline.output}`);
      return problems;
    }
    const actual = shardlineOutcomes(JSON.parse(readFileSync(jsonFile, 'utf8')));

    if (process.env.FIDELITY_KEEP) {
      writeFileSync(join(process.env.FIDELITY_KEEP, `playwright-${ci ? 'ci' : 'local'}.json`), readFileSync(reportFile));
      writeFileSync(join(process.env.FIDELITY_KEEP, `shardline-${ci ? 'ci' : 'local'}.json`), readFileSync(jsonFile));
    }
    const keys = [...new Set([...expected.keys(), ...actual.keys()])].sort();
    let same = 0;
    for (const key of keys) {
      const want = describe(expected.get(key));
      const got = describe(actual.get(key));
      if (want === got) ++same;
      else problems.push(`${label}: ${key}: playwright ${want}, shardline ${got}`);
    }
    console.log(`${label}: ${same} of ${keys.length} tests end the same (playwright exit ${playwright.code}, shardline exit ${shardline.code})`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return problems;
}

const args = parseArgs(process.argv.slice(2));
ensureNodeModules();
const modes = args.ci === 'both' ? [false, true] : [args.ci === '1'];
const problems = [];
for (const ci of modes) problems.push(...(await check(args, ci)));
for (const problem of problems) console.log(`DIFFERS ${problem}`);
process.exit(problems.length ? 1 : 0);
