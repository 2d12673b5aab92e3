// A `shardline run` killed with SIGKILL leaves its test's cgroup behind, with
// the test's process still in it; the next shardline to start removes both.
// The real executable and real cgroups, where this machine allows them.

#include "runners/test_cgroup.hpp"
#include "tests/support/child.hpp"
#include "tests/support/marked_processes.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using namespace shardline::test_support;
using namespace std::chrono_literals;

// The cgroup v2 folder of process `pid` under `parent` (`0::/path` of
// /proc/PID/cgroup, relative to this process's own cgroup), or empty.
std::string cgroup_of(pid_t pid, const std::string& parent) {
  auto own = read_file("/proc/self/cgroup");
  auto theirs = read_file("/proc/" + std::to_string(pid) + "/cgroup");
  auto path_in = [](const std::string& text) {
    auto at = text.find("0::");
    return at == std::string::npos ? std::string()
                                   : text.substr(at + 3, text.find('\n', at) - at - 3);
  };
  auto mine = path_in(own);
  auto child = path_in(theirs);
  if (mine == "/")
    mine.clear();
  if (child.rfind(mine + "/", 0) != 0)
    return {};
  return parent + child.substr(mine.size());
}

TEST(StaleCgroupsAtStart, a_killed_runs_test_cgroup_and_its_process_are_gone_after_the_next_run) {
  if (!shardline::test_cgroup_parent())
    GTEST_SKIP() << "no writable cgroup v2 here: " << shardline::containment_mode();
  const auto& parent = *shardline::test_cgroup_parent();
  ScratchDir scratch;
  auto marker = unique_sleep_seconds();
  std::ofstream(scratch.file("suite.json")) << R"([{"path": "left", "title": "behind"}])";
  Child killed({SHARDLINE_BIN, "run", "--runner", "command", "--workers", "1", "--no-history",
                "--artifacts", scratch.file("artifacts"), "--tests", scratch.file("suite.json"),
                "--", "sleep", marker},
               scratch.file("killed.txt"));
  // The marker is in shardline's own argv too: the test's process is the other one.
  auto test_process = [&]() -> pid_t {
    for (auto pid : processes_with_argument(marker))
      if (pid != killed.pid())
        return pid;
    return 0;
  };
  pid_t sleeper = 0;
  ASSERT_TRUE(eventually([&] { return (sleeper = test_process()) != 0; }))
      << read_file(scratch.file("killed.txt"));
  std::string left;
  ASSERT_TRUE(eventually([&] {
    left = cgroup_of(sleeper, parent);
    return left.find("/shardline-" + std::to_string(killed.pid()) + "-") != std::string::npos;
  })) << "the test runs in a cgroup of the run's: " << left;

  killed.signal(SIGKILL);
  ASSERT_EQ(killed.wait(10s), 128 + SIGKILL);
  ASSERT_TRUE(fs::exists(left)) << "a killed shardline cannot remove its test's cgroup";
  ASSERT_FALSE(process_gone(sleeper)) << "its test outlived it";

  std::ofstream(scratch.file("next.json")) << R"([{"path": "next", "title": "run"}])";
  Child next({SHARDLINE_BIN, "run", "--runner", "command", "--workers", "1", "--no-history",
              "--artifacts", scratch.file("artifacts"), "--tests", scratch.file("next.json"), "--",
              "true"},
             scratch.file("next.txt"));
  ASSERT_EQ(next.wait(30s), 0) << read_file(scratch.file("next.txt"));

  EXPECT_FALSE(fs::exists(left)) << "the next shardline removed the stale cgroup";
  EXPECT_TRUE(eventually([&] { return process_gone(sleeper); }, 10s))
      << "and killed the test that outlived its shardline";
}

} // namespace
