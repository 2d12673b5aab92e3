#pragma once

#include "model/result.hpp"
#include "model/test_file.hpp"

#include <string>
#include <vector>

namespace shardline::cli {

/// Where a command finds the suite `shardline run` runs.
struct SuiteSource {
  std::string tests_file;            // --tests: a suite, {"tests": [...]} or an array
  std::string dir;                   // the Playwright project (default: here)
  std::string grep;                  // Playwright: only tests matching this
  std::vector<std::string> projects; // Playwright: only these projects
};

/// The suite: read from --tests, or else listed from the Playwright project
/// (runners/playwright_discovery.hpp), with Playwright's own --grep and
/// --project rules. The error names the file or the folder.
Result<std::vector<TestFile>> load_suite(const SuiteSource& source);

} // namespace shardline::cli
