#pragma once

#include "model/result.hpp"
#include "model/test_file.hpp"
#include "runners/playwright_units.hpp"
#include "runners/process_canceller.hpp"
#include "runners/spawn.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

/// Playwright's command line inside a project: `DIR/node_modules/.bin/playwright`.
std::filesystem::path playwright_program(const std::filesystem::path& project_dir);

/// How to list a Playwright project's tests.
struct PlaywrightListOptions {
  std::string dir; // the project: its playwright.config and node_modules
  std::chrono::milliseconds timeout{60000};
  EnvironmentVariables environment;    // on top of the worker's own
  std::vector<std::string> extra_args; // after the others, e.g. {"--project=chromium"}
  /// Lets another thread stop the listing (its process killed; the listing
  /// fails as "cancelled"); none: it runs to its end or its timeout.
  std::shared_ptr<ProcessCanceller> canceller;
  /// units-reporter.cjs, which tells the units Playwright runs together;
  /// none given: find_units_reporter(); empty: none (every file of a project
  /// without fullyParallel, and every serial describe, still runs whole).
  std::optional<std::string> units_reporter;
  /// serve's project root: `dir` must still lie in it, without a symlink on
  /// its path, when Playwright starts (ProcessSpec::confine_to).
  std::string project_root;
};

/// Where runners/playwright/units-reporter.cjs is: SHARDLINE_UNITS_REPORTER,
/// else in the first folder at or above the executable's that holds
/// runners/playwright/ or share/shardline/playwright/; empty when nowhere.
std::string find_units_reporter();

/// Lists the tests of the project in `options.dir` with `playwright test
/// --list --reporter=json,UNITS --pass-with-no-tests` (no test is an empty
/// list; UNITS is the units reporter, when there is one),
/// run as a process in that folder (no shell, no
/// browser), the JSON written to a temporary file so nothing the config
/// prints can spoil it. Every failure is an Error that names the folder and
/// the first line of what went wrong:
/// `playwright: cannot list tests in "DIR": SyntaxError: ...`.
Result<std::vector<TestFile>> list_playwright_tests(const PlaywrightListOptions& options);

/// The tests in the report of `playwright test --list --reporter=json`. Each
/// test of each project is one TestFile:
/// - id: Playwright's spec id (`<fileHash>-<testHash>`, stable across line
///   shifts). A spec that runs in several projects gives one TestFile per
///   project, with the ids made unique as `<specId>@<project>`.
/// - path: the file relative to `project_dir` with forward slashes (the report
///   names it relative to the config's rootDir, its testDir); as reported
///   when `project_dir` is empty.
/// - title: the describe titles and the test's, joined with " › ", as
///   Playwright prints them.
/// - line, project, and tags with the '@' (the JSON reporter drops it).
/// - unit: the tests Playwright runs together (playwright_unit), from
///   `facts` (what units-reporter.cjs wrote during the same listing); for a
///   test the facts do not name, from what the report itself shows (the
///   config's fullyParallel and the serial describes).
/// Tests come file by file in line order. Errors the report carries (a file
/// that does not load) make the whole list an Error with the first of them.
Result<std::vector<TestFile>> parse_playwright_list(std::string_view json_text,
                                                    const std::filesystem::path& project_dir,
                                                    const PlaywrightUnitFacts* facts = nullptr);

} // namespace shardline
