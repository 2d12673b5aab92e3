#pragma once

// The results in a JUnit XML report, any CI's, for seeding the history
// (`shardline history import`). A JUnit report names a test by its file and
// name, not by an id: runners/junit_matching.hpp keys them as shardline
// lists its tests.
//
// Dialects read (model/xml_text.hpp reads the XML itself):
// - the root is <testsuites> or a lone <testsuite>; suites nest (Jenkins,
//   jest-junit's and Gradle's merged reports);
// - <testcase name classname file time>: Playwright's junit reporter
//   (classname: the file relative to the test folder; the suite's hostname:
//   the project), maven-surefire and Gradle (classname: the Java class),
//   pytest (classname: the dotted module and class; file with xunit1),
//   jest-junit and vitest, and shardline's own --junit (a "project" and a
//   "flaky" property);
// - <failure> or <error>: failed (type="timedOut", as shardline writes a
//   timed-out test: timed out); <skipped>: skipped; surefire's and
//   Playwright's <flakyFailure>/<flakyError> beside no failure: passed,
//   flaky. <rerunFailure>, <system-out> and the rest are not read.

#include "model/result.hpp"
#include "model/test_result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

/// The longest `time` a testcase may say, in seconds (a day).
inline constexpr std::int64_t junit_max_seconds = 86'400;

/// What a report holds for the history.
struct JunitReport {
  /// One result per usable testcase, in document order:
  /// - test_path: the testcase's file attribute, else its suite's, else its
  ///   classname, else its suite's name; test_name: its name; test_id:
  ///   `path::name`, the id a suite file gives such a test by default;
  /// - project: its "project" property, else its suite's hostname (which
  ///   Playwright's reporter sets to the project and other tools to the
  ///   machine: junit_matching only heeds one that names a listed project);
  /// - status as above, duration_ms from `time` (seconds), error from the
  ///   failure's message (else its text's first line) and error_stack from
  ///   its text, skip_reason from <skipped message>; attempt 1.
  std::vector<TestResult> results;
  /// The testcases left out, each `line N: testcase "NAME": why`: no name,
  /// or (unless skipped, which needs no duration) a time that is missing,
  /// not a plain decimal number of seconds, negative, or beyond
  /// junit_max_seconds. One bad testcase does not cost the others.
  std::vector<std::string> left_out;
};

/// Reads a JUnit XML report. Malformed XML, or a document whose root is
/// neither <testsuites> nor <testsuite>, is an Error saying what and where
/// (`line 4, column 9: ...`).
Result<JunitReport> junit_report_results(std::string_view xml_text);

} // namespace shardline
