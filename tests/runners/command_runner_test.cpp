#include "runners/command_runner.hpp"

#include "runners/subreaper.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace shardline {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

constexpr auto test_timeout = 5000ms;
constexpr auto short_timeout = 300ms;
constexpr auto generous_bound = 5s;

TestFile checkout_test() {
  TestFile test;
  test.id = "shop/checkout.spec.ts::pays by card";
  test.path = "shop/checkout.spec.ts";
  test.title = "pays by card";
  test.line = 42;
  return test;
}

RunnerConfig command(std::vector<std::string> argv, std::string dir = {}) {
  return RunnerConfig{RunnerKind::command, std::move(argv), std::move(dir)};
}

RunnerConfig shell(const std::string& script) {
  return command({"sh", "-c", script});
}

class CommandRunnerTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(become_subreaper()); }

  test_support::ScratchDir scratch;
};

// -- the process's end, as a result ------------------------------------------

TEST_F(CommandRunnerTest, a_zero_exit_code_passes) {
  auto result = run_command(checkout_test(), command({"true"}), test_timeout);

  EXPECT_EQ(result.status, TestStatus::passed);
  EXPECT_FALSE(result.error);
  EXPECT_FALSE(result.stdout_tail);
}

// The process runner's deadline saturates: the largest accepted timeout (24 h),
// and values beyond it that used to overflow nanoseconds (one reported a
// passing `sleep` as timedOut, another timed out after 2 ms), let a short
// test finish and pass.
TEST_F(CommandRunnerTest, the_largest_timeouts_do_not_end_a_short_test_early) {
  for (std::int64_t timeout_ms :
       {std::int64_t{86'400'000}, std::int64_t{9'223'372'036'854}, std::int64_t{10'000'000'000'000},
        std::int64_t{9'007'199'254'740'992}, INT64_MAX}) {
    auto result =
        run_command(checkout_test(), shell("sleep 0.2"), std::chrono::milliseconds{timeout_ms});
    EXPECT_EQ(result.status, TestStatus::passed) << timeout_ms << ": " << result.error.value_or("");
    EXPECT_GE(result.duration_ms, 200) << timeout_ms;
  }
}

TEST_F(CommandRunnerTest, copies_the_test_and_times_the_run) {
  auto before = Clock::now();

  auto result = run_command(checkout_test(), shell("sleep 0.1"), test_timeout);

  EXPECT_EQ(result.test_id, "shop/checkout.spec.ts::pays by card");
  EXPECT_EQ(result.test_path, "shop/checkout.spec.ts");
  EXPECT_EQ(result.test_name, "pays by card");
  EXPECT_GE(result.duration_ms, 100);
  ASSERT_TRUE(result.started_at && result.finished_at);
  EXPECT_GE(*result.started_at, std::chrono::floor<std::chrono::milliseconds>(before));
  EXPECT_GE(*result.finished_at - *result.started_at, 100ms);
}

TEST_F(CommandRunnerTest, a_nonzero_exit_code_fails) {
  auto result = run_command(checkout_test(), shell("echo card declined; exit 3"), test_timeout);

  EXPECT_EQ(result.status, TestStatus::failed);
  EXPECT_EQ(result.error, "exited with code 3");
  EXPECT_EQ(result.stdout_tail, "card declined\n");
}

TEST_F(CommandRunnerTest, a_signal_fails_and_is_named) {
  auto result = run_command(checkout_test(), shell("kill -SEGV $$"), test_timeout);

  EXPECT_EQ(result.status, TestStatus::failed);
  EXPECT_EQ(result.error, "killed by signal 11 (SIGSEGV)");
}

TEST_F(CommandRunnerTest, a_timeout_is_timed_out) {
  CommandOptions options;
  options.kill_grace = 300ms;
  auto started = SteadyClock::now();

  auto result = run_command(checkout_test(), command({"sleep", "30"}), short_timeout, options);

  EXPECT_EQ(result.status, TestStatus::timed_out);
  EXPECT_EQ(result.error, "timed out after 300 ms");
  EXPECT_LT(SteadyClock::now() - started, generous_bound);
}

TEST_F(CommandRunnerTest, a_program_that_cannot_start_fails_with_the_reason) {
  auto result =
      run_command(checkout_test(), command({"shardline-no-such-program", "{path}"}), test_timeout);

  EXPECT_EQ(result.status, TestStatus::failed);
  EXPECT_EQ(result.error, "cannot start \"shardline-no-such-program\": No such file or directory");
}

TEST_F(CommandRunnerTest, cancel_skips_the_test) {
  auto ready = scratch.file("ready");
  CommandRun run(checkout_test(), shell("touch '" + ready + "'; sleep 30"), test_timeout);
  std::thread canceller([&] {
    auto give_up = SteadyClock::now() + generous_bound;
    while (!std::filesystem::exists(ready) && SteadyClock::now() < give_up)
      std::this_thread::sleep_for(10ms);
    run.cancel();
  });

  auto result = run.run();
  canceller.join();

  EXPECT_EQ(result.status, TestStatus::skipped);
  EXPECT_EQ(result.error, "cancelled");
}

// -- the template, as the program sees it -------------------------------------

TEST_F(CommandRunnerTest, a_title_with_shell_metacharacters_arrives_literally) {
  auto received = scratch.file("received");
  auto planted = scratch.file("planted");
  auto test = checkout_test();
  test.title =
      "x; touch " + planted + " $(touch " + planted + ") `touch " + planted + "` {path} \"'";
  auto runner = command({"sh", "-c", "printf %s \"$1\" > \"$2\"", "sh", "{title}", received});

  auto result = run_command(test, runner, test_timeout);

  EXPECT_EQ(result.status, TestStatus::passed) << result.error.value_or("");
  EXPECT_EQ(test_support::read_file(received), test.title);
  EXPECT_FALSE(std::filesystem::exists(planted));
}

TEST_F(CommandRunnerTest, every_placeholder_reaches_the_program_as_one_argument) {
  auto received = scratch.file("received");
  auto runner = command({"sh", "-c", "printf '[%s]' \"$@\" > " + received, "sh", "{path}",
                         "{title}", "--line={line}", "{id}"});

  run_command(checkout_test(), runner, test_timeout);

  EXPECT_EQ(test_support::read_file(received), "[shop/checkout.spec.ts][pays by card][--line=42]"
                                               "[shop/checkout.spec.ts::pays by card]");
}

TEST_F(CommandRunnerTest, runs_in_the_runner_directory) {
  auto result =
      run_command(checkout_test(), command({"pwd", "-P"}, scratch.path().string()), test_timeout);

  EXPECT_EQ(result.stdout_tail, scratch.path().string() + "\n");
}

TEST_F(CommandRunnerTest, passes_extra_environment_variables) {
  CommandOptions options;
  options.environment = {{"SHARDLINE_SHARD", "3"}};

  auto result =
      run_command(checkout_test(), shell("printf %s \"$SHARDLINE_SHARD\""), test_timeout, options);

  EXPECT_EQ(result.stdout_tail, "3");
}

// -- mapping without a process ------------------------------------------------

TEST(ToTestResult, a_timeout_wins_over_the_signal_that_ended_it) {
  ProcessOutcome outcome;
  outcome.signal = SIGKILL;
  outcome.timed_out = true;
  outcome.duration = 2500ms;

  auto result = to_test_result(checkout_test(), outcome, 500ms);

  EXPECT_EQ(result.status, TestStatus::timed_out);
  EXPECT_EQ(result.error, "timed out after 500 ms");
  EXPECT_EQ(result.duration_ms, 2500);
}

TEST(ToTestResult, leaves_the_callers_fields_alone) {
  ProcessOutcome outcome;
  outcome.exit_code = 0;

  auto result = to_test_result(checkout_test(), outcome, 500ms);

  EXPECT_EQ(result.worker_id, "");
  EXPECT_EQ(result.shard_index, 0);
  EXPECT_EQ(result.attempt, 1);
  EXPECT_FALSE(result.started_at);
}

TEST(ToTestResult, names_a_signal_without_an_abbreviation_by_number) {
  ProcessOutcome outcome;
  outcome.signal = SIGRTMIN + 1;

  auto result = to_test_result(checkout_test(), outcome, 500ms);

  EXPECT_EQ(result.error, "killed by signal " + std::to_string(SIGRTMIN + 1));
}

} // namespace
} // namespace shardline
