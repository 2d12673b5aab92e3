#pragma once

// A cgroup v2 per test, where the machine lets this process make one: every
// process the test starts stays in it whatever it does to its group or
// session (setsid, a double fork), and `cgroup.kill` ends them all at once
// when the test is over. Where cgroups cannot be made (no cgroup v2 mount,
// no write access) a TestCgroup is empty and the test relies on the
// subreaper's scan (runners/subreaper.hpp, kill_leftovers).

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace shardline {

class TestCgroup {
public:
  /// A fresh cgroup under this process's own, or an empty one (see above).
  static TestCgroup create();

  TestCgroup() = default;
  TestCgroup(TestCgroup&& other) noexcept;
  TestCgroup& operator=(TestCgroup&& other) noexcept;
  TestCgroup(const TestCgroup&) = delete;
  TestCgroup& operator=(const TestCgroup&) = delete;
  /// Kills what is left and removes the cgroup.
  ~TestCgroup();

  explicit operator bool() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

  /// Moves the test's leader into the cgroup, then whatever it already
  /// started (a process it forked between its start and this call), so that
  /// later children are born inside. False when the move failed.
  bool adopt(pid_t leader);

  /// Kills every process in the cgroup (cgroup.kill) and waits until none is
  /// left, at most `limit`. Returns whether it is empty.
  bool kill_all(std::chrono::milliseconds limit = std::chrono::seconds{5});

private:
  explicit TestCgroup(std::string path) : path_(std::move(path)) {}
  void remove();

  std::string path_;
};

/// Where test cgroups are made (`/sys/fs/cgroup/unified/...`), or nothing
/// when they cannot be: probed once, by making and removing one. The
/// environment variable SHARDLINE_TEST_CGROUPS=off turns them off.
const std::optional<std::string>& test_cgroup_parent();

/// Removes the per-test cgroups under `parent` that shardline processes gone
/// now left behind (one killed with SIGKILL never removed its own): folders
/// named `shardline-<pid>-<n>` (the names TestCgroup::create gives) whose
/// <pid> is no process; any other folder, and those of a live pid, are left
/// alone. A populated one holds a test's processes that outlived it: they are
/// killed (cgroup.kill) first. Returns how many were removed. Called once by
/// test_cgroup_parent() when it finds cgroups usable.
std::size_t remove_stale_test_cgroups(const std::string& parent);

/// One line for the log: how this process keeps a test's processes from
/// outliving it (and how many leftover cgroups it removed at start).
std::string containment_mode();

} // namespace shardline
