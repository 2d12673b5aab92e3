#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace shardline::cli {

struct HistoryOptions {
  std::string question;            // slowest, flaky, failing, or import
  std::string file;                // import: a report of Playwright's JSON reporter
  std::string db = "shardline.db"; // the database `shardline run` writes
  std::int64_t limit = 20;         // how many tests at most
  bool json = false;               // a JSON array instead of the table
};

/// `shardline history slowest|flaky|failing`: what the runs recorded in the
/// database say about the tests. `shardline history import FILE` records a
/// Playwright JSON report (a run without shardline) as one run. Returns an
/// ExitCode; every error is one line on `err`.
int run_history(const HistoryOptions& options, std::ostream& out, std::ostream& err);

} // namespace shardline::cli
