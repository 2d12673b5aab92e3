// Ctrl-C during `shardline run`, sent to the real executable: the running
// tests' processes are stopped, the reports hold what finished, and the exit
// code says the run was interrupted.

#include "model/json_text.hpp"
#include "tests/support/child.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using shardline::test_support::Child;
using shardline::test_support::eventually;
using shardline::test_support::process_gone;
using shardline::test_support::read_file;
using shardline::test_support::ScratchDir;

class InterruptedRun : public ::testing::Test {
protected:
  // Two tests that finish at once and two that would sleep for a minute,
  // each leaving its process id in the scratch folder once it runs. On three
  // workers the slow ones get a worker each and the quick ones share the third.
  void SetUp() override {
    std::ofstream suite(scratch.file("suite.json"));
    suite << R"([{"id": "quick-1", "path": "q", "title": "1", "estimatedDurationMs": 1},
                 {"id": "quick-2", "path": "q", "title": "2", "estimatedDurationMs": 1},
                 {"id": "slow-1", "path": "s", "title": "1", "estimatedDurationMs": 60000},
                 {"id": "slow-2", "path": "s", "title": "2", "estimatedDurationMs": 60000}])";
  }

  Child start() {
    auto script =
        "echo $$ > '" + scratch.file("") + "'\"$1\".pid; case $1 in slow*) exec sleep 60;; esac";
    return Child({SHARDLINE_BIN, "run",
                  "--runner",    "command",
                  "--workers",   "3",
                  "--strategy",  "duration",
                  "--tests",     scratch.file("suite.json"),
                  "--json",      scratch.file("report.json"),
                  "--junit",     scratch.file("junit.xml"),
                  "--db",        scratch.file("shardline.db"),
                  "--",          "sh",
                  "-c",          script,
                  "sh",          "{id}"},
                 scratch.file("output.txt"));
  }

  pid_t pid_of(const std::string& test) {
    return static_cast<pid_t>(std::stol(read_file(scratch.file(test + ".pid"))));
  }

  ScratchDir scratch;
};

TEST_F(InterruptedRun, ctrl_c_stops_the_tests_writes_the_reports_and_exits_130) {
  auto run = start();
  ASSERT_TRUE(eventually([&] {
    return fs::exists(scratch.file("slow-1.pid")) && fs::exists(scratch.file("slow-2.pid")) &&
           fs::exists(scratch.file("quick-1.pid")) && fs::exists(scratch.file("quick-2.pid"));
  })) << read_file(scratch.file("output.txt"));
  // A quick test's pid file is written before its result reaches the
  // session: the log's progress line says when both have.
  ASSERT_TRUE(eventually([&] {
    return read_file(scratch.file("output.txt")).find("passed 2") != std::string::npos;
  })) << read_file(scratch.file("output.txt"));
  auto slow_1 = pid_of("slow-1");
  auto slow_2 = pid_of("slow-2");

  run.signal(SIGINT);

  auto exit_code = run.wait(20s);
  ASSERT_TRUE(exit_code.has_value()) << "still running after Ctrl-C";
  EXPECT_EQ(*exit_code, 130) << read_file(scratch.file("output.txt"));
  EXPECT_TRUE(eventually([&] { return process_gone(slow_1) && process_gone(slow_2); }, 5s))
      << "the sleeping tests' processes outlive the run";

  auto report = shardline::parse_json(read_file(scratch.file("report.json")));
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_EQ((*report)["status"], "cancelled");
  int passed = 0;
  for (const auto& result : (*report)["results"])
    passed += result["status"] == "passed" ? 1 : 0;
  EXPECT_EQ(passed, 2) << "the quick tests' results are kept: " << report->dump();
  EXPECT_NE(read_file(scratch.file("junit.xml")).find("<testsuites"), std::string::npos);
  EXPECT_NE(read_file(scratch.file("output.txt")).find("interrupted"), std::string::npos);
}

} // namespace
