#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace shardline::cli {

struct HistoryOptions {
  std::string question; // slowest, flaky, failing, or import
  std::string file;     // import: a Playwright JSON report or JUnit XML
  /// The database `shardline run` writes; empty: shardline.db in `dir`.
  std::string db;
  /// The project folder (default: here): where the database is by default,
  /// and for a JUnit import the Playwright project whose tests it keys.
  std::string dir;
  /// A JUnit import: the suite file `shardline run --tests` runs, listed
  /// instead of a Playwright project.
  std::string tests_file;
  /// A JUnit import: the projects `shardline run --project` names.
  std::vector<std::string> projects;
  std::int64_t limit = 20; // how many tests at most
  bool json = false;       // a JSON array instead of the table
};

/// `shardline history slowest|flaky|failing`: what the runs recorded in the
/// database say about the tests. `shardline history import FILE` records a
/// report of a run without shardline as one run: Playwright's JSON report
/// (keyed by its spec ids) or JUnit XML, any CI's (its testcases keyed as
/// shardline lists the suite: runners/junit_matching.hpp). The format is
/// told by the first character that is not whitespace. Returns an ExitCode;
/// every error is one line on `err`, warnings too.
int run_history(const HistoryOptions& options, std::ostream& out, std::ostream& err);

} // namespace shardline::cli
