#include "runners/command_runner.hpp"

#include "model/time.hpp"
#include "runners/command_template.hpp"

#include <string.h>

#include <string>
#include <utility>

namespace shardline {

namespace {

TimePoint now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(Clock::now());
}

ProcessSpec process_spec(const TestFile& test, const RunnerConfig& runner,
                         std::chrono::milliseconds timeout, CommandOptions options) {
  ProcessSpec spec;
  spec.argv = expand_template(runner.argv, test);
  spec.working_dir = runner.dir;
  spec.confine_to = options.project_root;
  spec.environment = std::move(options.environment);
  spec.timeout = timeout;
  spec.kill_grace = options.kill_grace;
  spec.tail_limit = options.tail_limit;
  return spec;
}

} // namespace

TestResult to_test_result(const TestFile& test, const Result<ProcessOutcome>& outcome,
                          std::chrono::milliseconds timeout) {
  TestResult result;
  result.test_id = test.id;
  result.test_path = test.path;
  result.test_name = test.title;
  if (!outcome) {
    result.status = TestStatus::failed;
    result.error = outcome.error().to_string();
    return result;
  }
  result.duration_ms = outcome->duration.count();
  if (!outcome->output.empty())
    result.stdout_tail = outcome->output;
  if (outcome->cancelled) {
    result.status = TestStatus::skipped;
    result.error = "cancelled";
  } else if (outcome->timed_out) {
    result.status = TestStatus::timed_out;
    result.error = "timed out after " + std::to_string(timeout.count()) + " ms";
  } else if (outcome->signal) {
    result.status = TestStatus::failed;
    result.error = "killed by " + signal_text(*outcome->signal);
  } else if (outcome->exit_code.value_or(0) != 0) {
    result.status = TestStatus::failed;
    result.error = "exited with code " + std::to_string(*outcome->exit_code);
  } else {
    result.status = TestStatus::passed;
  }
  return result;
}

CommandRun::CommandRun(TestFile test, const RunnerConfig& runner, std::chrono::milliseconds timeout,
                       CommandOptions options)
    : test_(std::move(test)), timeout_(timeout),
      process_(process_spec(test_, runner, timeout, std::move(options))) {}

TestResult CommandRun::run() {
  auto started_at = now();
  auto result = to_test_result(test_, process_.run(), timeout_);
  result.started_at = started_at;
  result.finished_at = now();
  return result;
}

TestResult run_command(const TestFile& test, const RunnerConfig& runner,
                       std::chrono::milliseconds timeout, CommandOptions options) {
  return CommandRun(test, runner, timeout, std::move(options)).run();
}

} // namespace shardline
