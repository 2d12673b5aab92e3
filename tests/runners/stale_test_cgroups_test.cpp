// The per-test cgroups a shardline killed with SIGKILL left behind are
// removed, with whatever still runs in them; nothing else is touched. Real
// cgroups, where this machine lets this process make them.

#include "runners/test_cgroup.hpp"
#include "tests/support/child.hpp"
#include "tests/support/marked_processes.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace shardline {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_support::unique_sleep_seconds;

// A pid no process has: a child's, once it is reaped.
pid_t a_dead_pid() {
  pid_t pid = ::fork();
  if (pid == 0)
    ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

std::string cgroup_name(pid_t owner, const std::string& number) {
  return std::string("shardline-").append(std::to_string(owner)).append("-").append(number);
}

class StaleTestCgroups : public ::testing::Test {
protected:
  void SetUp() override {
    if (!test_cgroup_parent())
      GTEST_SKIP() << "no writable cgroup v2 here: " << containment_mode();
    parent = *test_cgroup_parent();
  }

  std::string make(const std::string& name) {
    auto path = parent + "/" + name;
    EXPECT_EQ(::mkdir(path.c_str(), 0755), 0) << path;
    made.push_back(path);
    return path;
  }

  void TearDown() override {
    for (auto it = made.rbegin(); it != made.rend(); ++it)
      ::rmdir(it->c_str()); // what the test expects kept; the rest is gone already
  }

  std::string parent;
  std::vector<std::string> made;
};

TEST_F(StaleTestCgroups, those_of_dead_shardlines_go_with_their_processes_others_stay) {
  auto dead = a_dead_pid();
  auto empty = make(cgroup_name(dead, "1"));
  auto busy = make(cgroup_name(dead, "2"));
  auto nested = make(cgroup_name(dead, "3"));
  make(cgroup_name(dead, "3") + "/inner"); // a test may make cgroups of its own
  auto alive = make(cgroup_name(::getpid(), "999999"));
  auto not_ours = make("other-" + std::to_string(dead) + "-1");
  auto not_our_name = make(cgroup_name(dead, "x"));

  // A test's process that outlived its shardline, in its cgroup.
  auto marker = unique_sleep_seconds();
  test_support::Child sleeper({"/bin/sleep", marker}, "/dev/null");
  ASSERT_GT(sleeper.pid(), 0);
  std::ofstream(busy + "/cgroup.procs") << sleeper.pid() << std::flush;
  ASSERT_NE(test_support::read_file(busy + "/cgroup.events").find("populated 1"),
            std::string::npos);

  EXPECT_GE(remove_stale_test_cgroups(parent), 3u);

  EXPECT_FALSE(fs::exists(empty));
  EXPECT_FALSE(fs::exists(busy));
  EXPECT_FALSE(fs::exists(nested));
  EXPECT_EQ(sleeper.wait(5s), 128 + SIGKILL) << "killed through cgroup.kill";
  EXPECT_TRUE(fs::exists(alive)) << "its shardline still runs";
  EXPECT_TRUE(fs::exists(not_ours));
  EXPECT_TRUE(fs::exists(not_our_name));
}

} // namespace
} // namespace shardline
