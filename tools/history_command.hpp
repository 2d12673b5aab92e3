#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace shardline::cli {

struct HistoryOptions {
  std::string question;        // slowest, flaky or failing
  std::string db = "shardline.db"; // the database `shardline run` writes
  std::int64_t limit = 20;     // how many tests at most
  bool json = false;           // a JSON array instead of the table
};

/// `shardline history slowest|flaky|failing`: what the runs recorded in the
/// database say about the tests. Returns an ExitCode; every error is one
/// line on `err`.
int run_history(const HistoryOptions& options, std::ostream& out, std::ostream& err);

} // namespace shardline::cli
