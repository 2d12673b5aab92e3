#pragma once

// Keys the results of a JUnit report (runners/junit_report.hpp) as shardline
// lists the tests, so the history they seed is found by exactly the tests a
// later run lists.
//
// Why match against the listing at import instead of computing ids: the
// history is keyed by the listed id (store/history.hpp). For Playwright that
// is the JSON reporter's spec id, `sha1(file relative to the project's
// testDir)[0:20]-sha1("[project=ID]" file "\x1e" titles...)[0:20]`, made
// `<id>@<project>` when the spec runs in several projects, where the spec id
// is the first project's (runners/playwright_discovery.hpp). A JUnit report
// lacks half of that: the project's testDir, the project's id (not always
// its name), the order of the projects, whether the listing will hold one
// project or several, and the split of " › " joined titles; the formula
// itself changed between Playwright versions. Other tools' reports (pytest,
// surefire, jest) have no such id at all. A test shardline lists, on the
// other hand, carries its id, path, title and project, so the import lists
// the suite the run will list (the same --dir, --project or --tests) and
// gives each testcase the id of the listed test it names. Nothing in the
// history is keyed by a guess, and a testcase that fits no listed test is
// reported instead of lingering as a key no run ever reads.
//
// A testcase (path P, name N, project R; P::N the default id a suite file
// gives) fits, in this order of preference:
// 1. the listed test whose id is P::N, else the one whose id is N (a suite
//    file whose ids are what its runner reports);
// 2. the listed tests whose title is N, or `[PROJECT] title` with N
//    (Playwright's includeProjectInTestName, shardline's own report), and
//    whose path is P or ends with "/" P or is a suffix of P after a "/"
//    (Playwright's report names files from the test folder; another CI's from
//    its checkout). Paths that are equal win over suffixes; fits in more than
//    one file are ambiguous and left out.
// Then the project: the bracket's, else R when the report's projects are
// projects (some R names a listed project: Playwright's hostname; other
// tools put the machine there, and R is not heeded), keeps only the fits in
// that project. A spec that runs in several projects, reported without
// them, seeds each of its listed tests.

#include "model/test_file.hpp"
#include "model/test_result.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace shardline {

struct JunitMatch {
  /// The report's results with test_id, test_path, test_name and project of
  /// the listed test; several of one test are numbered as its attempts
  /// (attempt, retry_count) in report order.
  std::vector<TestResult> results;
  /// The listed tests that got a result.
  std::size_t tests = 0;
  /// `path › name` of the testcases that fit no listed test.
  std::vector<std::string> unmatched;
  /// `path › name` of the testcases that fit tests in several files.
  std::vector<std::string> ambiguous;
};

JunitMatch match_listed_tests(std::span<const TestResult> reported,
                              std::span<const TestFile> listed);

} // namespace shardline
