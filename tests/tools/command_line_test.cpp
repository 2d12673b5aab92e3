// Runs the real `shardline` executable: exit codes and messages as a user or
// a CI script sees them.

#include "tests/support/shell.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

using Outcome = shardline::test_support::ShellOutcome;
using shardline::test_support::shell;

const std::string bin = SHARDLINE_BIN;

Outcome shardline(const std::string& arguments) {
  return shell(bin + " " + arguments);
}

const std::string example = std::string{SHARDLINE_SOURCE_DIR} + "/examples/suite.json";

TEST(CommandLine, previews_the_bundled_example) {
  auto outcome = shardline("preview --strategy duration --workers 3 " + example);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("strategy duration, 3 workers, 24 tests"), std::string::npos)
      << outcome.output;
  EXPECT_NE(outcome.output.find("estimated makespan"), std::string::npos);
}

TEST(CommandLine, runs_the_bundled_shell_example_on_three_workers) {
  auto outcome = shell("cd " + std::string{SHARDLINE_SOURCE_DIR} + " && " + bin +
                       " run --runner command --no-history --workers 3 --tests "
                       "examples/shell/suite.json -- sh {path}");
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_NE(outcome.output.find("completed: 12 tests"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("12 passed"), std::string::npos) << outcome.output;
}

TEST(CommandLine, run_exits_one_when_a_test_fails) {
  auto outcome = shell("printf '[{\"path\": \"x\", \"title\": \"t\"}]' | " + bin +
                       " run --runner command --no-history --tests - -- false");
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("FAILED x \u203a t: exited with code 1"), std::string::npos)
      << outcome.output;
}

TEST(CommandLine, reads_the_suite_from_stdin) {
  auto outcome = shardline("preview --workers 2 --json - < " + example);
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  EXPECT_EQ(outcome.output.rfind("{", 0), 0u) << outcome.output;
}

TEST(CommandLine, help_lists_the_commands_and_exits_zero) {
  auto outcome = shardline("--help");
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_NE(outcome.output.find("preview"), std::string::npos) << outcome.output;
}

TEST(CommandLine, preview_help_describes_its_flags) {
  auto outcome = shardline("preview --help");
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_NE(outcome.output.find("--tag-mode"), std::string::npos) << outcome.output;
}

TEST(CommandLine, bad_usage_exits_two_with_one_line) {
  auto outcome = shardline("preview --workers many " + example);
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_EQ(outcome.output.rfind("shardline preview: ", 0), 0u) << outcome.output;
  EXPECT_EQ(std::count(outcome.output.begin(), outcome.output.end(), '\n'), 1) << outcome.output;
}

TEST(CommandLine, no_command_is_bad_usage) {
  EXPECT_EQ(shardline("").exit_code, 2);
}

TEST(CommandLine, invalid_json_exits_two_without_a_crash) {
  auto outcome = shell("printf '{\"tests\": [' | " + bin + " preview -");
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_NE(outcome.output.find("invalid JSON at line 1"), std::string::npos) << outcome.output;
}

} // namespace
