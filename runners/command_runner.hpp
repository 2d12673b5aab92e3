#pragma once

#include "model/execution_config.hpp"
#include "model/result.hpp"
#include "model/test_file.hpp"
#include "model/test_result.hpp"
#include "runners/output_tail.hpp"
#include "runners/process.hpp"
#include "runners/spawn.hpp"

#include <chrono>
#include <cstddef>

namespace shardline {

/// How the command runner runs a test, beyond what RunnerConfig says.
struct CommandOptions {
  std::chrono::milliseconds kill_grace{2000}; // from SIGTERM to SIGKILL after a timeout
  std::size_t tail_limit = OutputTail::default_limit;
  EnvironmentVariables environment; // on top of the worker's own
  /// serve's project root: `runner.dir` must still lie in it, without a
  /// symlink on its path, when the test starts (ProcessSpec::confine_to).
  std::string project_root;
};

/// One test run through the command runner: `runner.argv` expanded for the
/// test (runners/command_template.hpp), started in `runner.dir` (the worker's
/// own directory when empty) as a Process, its end mapped by to_test_result,
/// with started_at and finished_at from the system clock. run() blocks, so give it a thread of its
/// own; cancel() may come from any other thread.
class CommandRun {
public:
  CommandRun(TestFile test, const RunnerConfig& runner, std::chrono::milliseconds timeout,
             CommandOptions options = {});

  TestResult run();
  void cancel() { process_.cancel(); }

private:
  TestFile test_;
  std::chrono::milliseconds timeout_;
  Process process_;
};

/// Runs one test to its end; see CommandRun.
TestResult run_command(const TestFile& test, const RunnerConfig& runner,
                       std::chrono::milliseconds timeout, CommandOptions options = {});

/// What a process's end means for its test:
/// - exit code 0: passed;
/// - another exit code: failed, `exited with code 3`;
/// - a signal: failed, `killed by signal 11 (SIGSEGV)`;
/// - the timeout: timed_out, `timed out after 500 ms` (whatever ended it then);
/// - cancel(): skipped, `cancelled`: the test has no verdict, and a cancelled
///   session must not count it as a failure;
/// - not started: failed, with the reason (`cannot start "nope": No such file
///   or directory`).
/// test_id, test_path and test_name come from `test`, duration_ms from the
/// process, stdout_tail from its output (absent when there was none).
/// worker_id, shard_index, attempt and the timestamps are left to the caller.
TestResult to_test_result(const TestFile& test, const Result<ProcessOutcome>& outcome,
                          std::chrono::milliseconds timeout);

} // namespace shardline
