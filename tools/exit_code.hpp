#pragma once

namespace shardline::cli {

/// What `shardline` returns; scripts and CI depend on these values.
enum ExitCode : int {
  exit_ok = 0,           // done; for `run`: every test passed (flaky counts as passed)
  exit_tests_failed = 1, // `run`: a test failed or timed out
  exit_usage = 2,        // bad usage, bad input or an internal error
  // `run` interrupted by a signal: 128 + the signal (130 for Ctrl-C).
};

} // namespace shardline::cli
