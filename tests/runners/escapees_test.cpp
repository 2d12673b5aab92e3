// Nothing a test starts outlives it: processes that leave the test's process
// group (setsid, a double fork) are killed when the test ends, whether it
// exited, timed out or was cancelled. Real processes, found by a unique
// marker in their argv; their disappearance is awaited with a generous bound.
#include "runners/command_runner.hpp"
#include "runners/subreaper.hpp"
#include "runners/test_cgroup.hpp"
#include "tests/support/child.hpp"
#include "tests/support/marked_processes.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <string>
#include <thread>

namespace shardline {
namespace {

using namespace std::chrono_literals;
using test_support::eventually;
using test_support::processes_with_argument;
using test_support::unique_sleep_seconds;

constexpr auto test_timeout = 30s;
constexpr auto generous_bound = 10s;

TestFile a_test() {
  TestFile test;
  test.id = "escape::test";
  test.path = "escape.sh";
  test.title = "test";
  return test;
}

RunnerConfig shell(const std::string& script) {
  return RunnerConfig{RunnerKind::command, {"sh", "-c", script}, {}};
}

bool running(const std::string& marker) {
  return !processes_with_argument(marker).empty();
}

bool gone(const std::string& marker) {
  return eventually([&] { return !running(marker); }, generous_bound);
}

// Shell words that wait until `pid_file` is written: the escapee writes it
// once it has escaped, so the test does not end before the escape.
std::string wait_for(const std::string& pid_file) {
  return "while [ ! -s '" + pid_file + "' ]; do sleep 0.01; done";
}

// An escapee in a session of its own that writes its pid, then sleeps with
// the marker in its argv; `env_prefix` goes before the sleep (`env -i`).
std::string escapee(const std::string& marker, const std::string& pid_file,
                    const std::string& env_prefix = "") {
  return "setsid " + env_prefix + "/bin/sh -c 'echo $$ > \"" + pid_file + "\"; exec " +
         "/bin/sleep " + marker + "' > /dev/null 2>&1";
}

class Escapees : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(become_subreaper()); }

  test_support::ScratchDir scratch;
};

TEST_F(Escapees, a_setsid_process_dies_when_its_test_exits) {
  auto marker = unique_sleep_seconds();
  // The leader exits only once the escapee runs, so the escape has happened.
  auto pid_file = scratch.file("escapee.pid");
  auto result = run_command(
      a_test(), shell(escapee(marker, pid_file) + " & " + wait_for(pid_file) + "; exit 0"),
      test_timeout);

  EXPECT_EQ(result.status, TestStatus::passed) << result.error.value_or("");
  EXPECT_TRUE(gone(marker)) << "the setsid escapee outlived its test";
}

TEST_F(Escapees, a_double_forked_daemon_dies_when_its_test_exits) {
  auto marker = unique_sleep_seconds();
  // ( ... & ) : the middle process exits at once, the daemon is an orphan in
  // a session of its own before the test ends.
  auto pid_file = scratch.file("daemon.pid");
  auto result = run_command(
      a_test(),
      shell("( " + escapee(marker, pid_file) + " & ); " + wait_for(pid_file) + "; exit 0"),
      test_timeout);

  EXPECT_EQ(result.status, TestStatus::passed) << result.error.value_or("");
  EXPECT_TRUE(gone(marker)) << "the daemon outlived its test";
}

TEST_F(Escapees, an_escapee_of_a_cancelled_test_dies_with_it) {
  auto marker = unique_sleep_seconds();
  CommandRun run(a_test(), shell("setsid sleep " + marker + " > /dev/null 2>&1 & exec sleep 1000"),
                 test_timeout);
  std::thread canceller([&] {
    eventually([&] { return running(marker); }, generous_bound);
    run.cancel();
  });
  auto result = run.run();
  canceller.join();

  EXPECT_EQ(result.status, TestStatus::skipped);
  EXPECT_TRUE(gone(marker)) << "the escapee outlived its cancelled test";
}

TEST_F(Escapees, an_escapee_of_a_timed_out_test_dies_with_it) {
  auto marker = unique_sleep_seconds();
  auto result = run_command(
      a_test(), shell("setsid sleep " + marker + " > /dev/null 2>&1 & exec sleep 1000"), 500ms);

  EXPECT_EQ(result.status, TestStatus::timed_out);
  EXPECT_TRUE(gone(marker));
}

TEST_F(Escapees, an_escapee_that_clears_its_environment_dies_in_the_tests_cgroup) {
  if (!test_cgroup_parent())
    GTEST_SKIP() << "no writable cgroup v2 here: " << containment_mode();
  auto marker = unique_sleep_seconds();
  auto pid_file = scratch.file("bare.pid");
  auto result = run_command(
      a_test(),
      shell(escapee(marker, pid_file, "env -i ") + " & " + wait_for(pid_file) + "; exit 0"),
      test_timeout);

  EXPECT_EQ(result.status, TestStatus::passed) << result.error.value_or("");
  EXPECT_TRUE(gone(marker)) << "the cgroup let an escapee without the marker live";
}

// -- the subreaper's scan alone (what is left where no cgroup can be made) --

// Starts `sh -c 'setsid sleep MARKER &'` with SHARDLINE_TEST_RUN=run, in a
// group of its own, and waits for the shell: the escapee is then an orphan
// re-parented to this process.
void leave_marked_escapee(const std::string& run, const std::string& marker,
                          const std::string& pid_file) {
  std::string variable = std::string(test_run_variable) + "=" + run;
  std::string script = escapee(marker, pid_file) + " & " + wait_for(pid_file);
  std::vector<std::string> argv = {"env", variable, "sh", "-c", script};
  std::vector<char*> args;
  for (auto& arg : argv)
    args.push_back(arg.data());
  args.push_back(nullptr);
  posix_spawnattr_t attributes;
  ::posix_spawnattr_init(&attributes);
  ::posix_spawnattr_setpgroup(&attributes, 0);
  ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  pid_t pid = 0;
  ASSERT_EQ(::posix_spawnp(&pid, "env", nullptr, &attributes, args.data(), environ), 0);
  ::posix_spawnattr_destroy(&attributes);
  ASSERT_EQ(::waitpid(pid, nullptr, 0), pid);
}

TEST_F(Escapees, kill_leftovers_kills_the_orphans_of_one_test_run_only) {
  auto mine = unique_sleep_seconds();
  auto other = unique_sleep_seconds();
  leave_marked_escapee("escapees-test:1", mine, scratch.file("mine.pid"));
  leave_marked_escapee("escapees-test:2", other, scratch.file("other.pid"));
  ASSERT_TRUE(running(mine));
  ASSERT_TRUE(running(other));

  EXPECT_GE(kill_leftovers("escapees-test:1"), 1U);

  EXPECT_TRUE(gone(mine));
  EXPECT_TRUE(running(other)) << "another test's process was killed";
  EXPECT_GE(kill_leftovers("escapees-test:2"), 1U);
  EXPECT_TRUE(gone(other));
}

} // namespace
} // namespace shardline
