// shardline's listing reporter: what Playwright's JSON listing leaves out and
// shardline needs to run tests as Playwright groups them. Used beside the
// JSON reporter while listing:
//
//   SHARDLINE_UNITS_OUTPUT_FILE=/tmp/units.json \
//     npx playwright test --list --reporter=json,/abs/path/units-reporter.cjs
//
// It writes one JSON document:
//   {"version": 1, "tests": [{"project", "file", "line", "column", "title",
//                             "chain": [{"kind", "title", "mode", "hooks"}]}]}
// - file is relative to the config's rootDir with "/", line and column are
//   the test's, title is its own title (not the describe path): together the
//   keys of a spec in the JSON listing.
// - chain is the suites above the test, the project's first, then the
//   file's, then each describe's, outermost first. kind is "project", "file"
//   or "describe"; mode is the suite's parallel mode as Playwright keeps it
//   ("parallel" on a project with fullyParallel, "serial" for
//   test.describe.serial or describe.configure({mode: 'serial'}),
//   "parallel", "default" or "none"); hooks is whether the suite has a
//   beforeAll or afterAll hook.
// The rules that make units of these facts are shardline's
// (runners/playwright_discovery.cpp), the same as Playwright's own test
// groups (createTestGroups in playwright/lib/runner). Playwright 1.65 keeps
// the mode and hooks in private fields (_parallelMode, _hooks): a version
// without them gives mode "none" and hooks false, which shardline reads as a
// file that runs whole.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

function posix(file) {
  return file.split(path.sep).join('/');
}

function suiteFacts(suite) {
  const hooks = Array.isArray(suite._hooks) ? suite._hooks : [];
  return {
    kind: suite.type,
    title: suite.title,
    mode: typeof suite._parallelMode === 'string' ? suite._parallelMode : 'none',
    hooks: hooks.some((hook) => hook.type === 'beforeAll' || hook.type === 'afterAll'),
  };
}

function testFacts(rootDir, test) {
  const chain = [];
  for (let suite = test.parent; suite && suite.type !== 'root'; suite = suite.parent)
    chain.unshift(suiteFacts(suite));
  let project = '';
  for (let suite = test.parent; suite; suite = suite.parent)
    if (suite.type === 'project') project = suite.project() ? suite.project().name : suite.title;
  const location = test.location || { file: '', line: 0, column: 0 };
  return {
    project,
    file: location.file ? posix(path.relative(rootDir, location.file)) : '',
    line: location.line,
    column: location.column,
    title: test.title,
    chain,
  };
}

class UnitsReporter {
  constructor() {
    this.output = process.env.SHARDLINE_UNITS_OUTPUT_FILE;
  }

  onBegin(config, suite) {
    if (!this.output) return;
    const tests = suite.allTests().map((test) => testFacts(config.rootDir, test));
    fs.writeFileSync(this.output, JSON.stringify({ version: 1, tests }));
  }

  printsToStdio() {
    return false;
  }
}

module.exports = UnitsReporter;
module.exports.testFacts = testFacts;
