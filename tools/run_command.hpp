#pragma once

#include "tools/progress_view.hpp"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace shardline::cli {

struct RunOptions {
  std::string runner = "playwright";
  std::string tests_file;           // --tests: a suite, {"tests": [...]} or an array
  std::vector<std::string> command; // the argv template after --
  std::string dir;  // the Playwright project (default: here), or the commands' folder
  std::string grep; // Playwright: only tests matching this
  std::vector<std::string> projects; // Playwright: only these projects (--project, repeatable)
  std::string artifacts = "shardline-artifacts"; // screenshots, traces, videos
  /// --db: the database file with each test's duration and last result
  /// (default: shardline.db in the project folder, --dir or here).
  std::string db;
  bool use_history = true; // --no-db (--no-history): neither read nor write it
  std::string history;     // --history (deprecated): a JSON history to import once
  int workers = 1;
  std::string strategy = "duration";
  int retries = 0;
  /// Per-test timeout; unset: 30000 for commands, the config's for Playwright.
  std::optional<std::int64_t> timeout_ms;
  int max_failures = 0;
  bool steal = true;
  std::string json_file;  // --json: the session, progress and results
  std::string junit_file; // --junit: JUnit XML for CI
  bool quiet = false;     // --quiet: no live view, only the summary
  ViewStyle view;         // terminal or log, colour or not
};

/// `shardline run`: runs a suite on local workers and reports it. Returns 0
/// when every test passed (flaky counts as passed), 1 when one failed or timed
/// out, 2 on bad usage; every usage error is one line on `err`.
int run_tests(const RunOptions& options, std::ostream& out, std::ostream& err);

} // namespace shardline::cli
