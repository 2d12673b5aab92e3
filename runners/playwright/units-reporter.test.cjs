// Unit tests of units-reporter.cjs with stand-ins for Playwright's objects:
//   node --test runners/playwright/
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const test = require('node:test');

const UnitsReporter = require('./units-reporter.cjs');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'units-reporter-'));
test.after(() => fs.rmSync(root, { recursive: true, force: true }));

function project(name, parallelMode) {
  const rootSuite = { type: 'root', title: '', parent: undefined };
  const projectSuite = { type: 'project', title: name, parent: rootSuite, _parallelMode: parallelMode,
                         _hooks: [], project: () => ({ name }) };
  return projectSuite;
}

test('writes each test with the suites above it, outermost first', () => {
  const desktop = project('desktop', 'parallel');
  const file = { type: 'file', title: 'cart.spec.ts', parent: desktop, _parallelMode: 'none', _hooks: [] };
  const serial = { type: 'describe', title: 'checkout', parent: file, _parallelMode: 'serial',
                   _hooks: [{ type: 'beforeAll' }, { type: 'beforeEach' }] };
  const added = { title: 'add', parent: serial,
                  location: { file: path.join(root, 'tests', 'cart.spec.ts'), line: 4, column: 3 } };
  const output = path.join(root, 'units.json');
  process.env.SHARDLINE_UNITS_OUTPUT_FILE = output;

  const reporter = new UnitsReporter();
  reporter.onBegin({ rootDir: path.join(root, 'tests') }, { allTests: () => [added] });

  assert.deepEqual(JSON.parse(fs.readFileSync(output, 'utf8')), {
    version: 1,
    tests: [{
      project: 'desktop', file: 'cart.spec.ts', line: 4, column: 3, title: 'add',
      chain: [
        { kind: 'project', title: 'desktop', mode: 'parallel', hooks: false },
        { kind: 'file', title: 'cart.spec.ts', mode: 'none', hooks: false },
        { kind: 'describe', title: 'checkout', mode: 'serial', hooks: true },
      ],
    }],
  });
  assert.equal(reporter.printsToStdio(), false);
});

test('a Playwright without the private fields gives mode none and no hooks', () => {
  const rootSuite = { type: 'root', title: '', parent: undefined };
  const projectSuite = { type: 'project', title: 'p', parent: rootSuite, project: () => ({ name: 'p' }) };
  const lone = { title: 't', parent: projectSuite, location: { file: path.join(root, 'a.spec.ts'), line: 1, column: 1 } };

  const facts = UnitsReporter.testFacts(root, lone);

  assert.deepEqual(facts.chain, [{ kind: 'project', title: 'p', mode: 'none', hooks: false }]);
});
