#pragma once

#include <iosfwd>
#include <string>

namespace shardline::cli {

struct PreviewOptions {
  std::string input = "-"; // a suite file, or "-" for standard input
  std::string strategy = "duration";
  int workers = 1;
  std::string tag_mode = "group";
  bool json = false;       // print the REST preview body instead of the table
  bool list_tests = false; // list each shard's tests under its row
  /// --db: plan with the durations and last results `shardline run` learnt
  /// in this database file, for the tests that carry none.
  std::string db = {};
};

/// `shardline preview`: reads a suite, plans it and prints the plan. Returns
/// an ExitCode; every error is one line on `err` naming the flag, file or
/// field at fault.
int run_preview(const PreviewOptions& options, std::ostream& out, std::ostream& err);

} // namespace shardline::cli
