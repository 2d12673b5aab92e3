#pragma once

#include "model/result.hpp"

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace shardline {

/// Makes this process the reaper of its orphaned descendants
/// (PR_SET_CHILD_SUBREAPER), so that what a test leaves in its group is
/// re-parented here and reaped by Process::run() instead of being left to
/// PID 1, which in a container may never reap. Process-wide: call it once at
/// the start of a process that runs tests. Orphans that left their test's
/// group come here too (Chromium starts in a group of its own, its crash
/// handlers in a session of their own: several per Playwright run); those
/// are reaped by reap_orphans(), which every Process::run() calls at its end.
std::optional<Error> become_subreaper();

/// Reaps the children of this process that have exited and that nobody
/// waits for: orphans re-parented here that left their test's group. Leaves
/// alone the leader of every Process that is running (it reaps its own, for
/// the exit status) and every child in this process's own group (what
/// popen() or system() started, which their callers wait for). Does nothing
/// unless this process is a subreaper: then no orphan comes here. Returns
/// how many it reaped. Any thread; Process::run() calls it as it ends, so a
/// worker that keeps running tests keeps no more zombies than the last test
/// left; a worker may also call it when idle.
///
/// Code in this process that starts a child in a group or session of its
/// own other than through Process must not rely on waiting for it by pid.
std::size_t reap_orphans();

/// The environment variable that marks every process of one test run:
/// Process::run() sets it to a value of its own (`<our pid>:<n>`), and the
/// test's descendants inherit it wherever they move.
inline constexpr const char* test_run_variable = "SHARDLINE_TEST_RUN";

/// A fresh value for test_run_variable.
std::string next_test_run_marker();

/// Kills what a test left outside its process group once its leader has
/// exited: every child of this process (orphans are re-parented here) that
/// is not a running leader nor of this process's own group and whose
/// environment carries test_run_variable=`marker`, with all it started
/// (stopped first, so that it cannot fork while it is collected). Rounds
/// repeat until one finds nothing. Needs this process to be a subreaper;
/// a test that clears its environment is beyond this (a TestCgroup is not).
/// Returns how many processes were sent SIGKILL.
std::size_t kill_leftovers(std::string_view marker);

/// As kill_leftovers, for every test this process ran: at shutdown.
std::size_t kill_all_leftovers();

namespace detail {

/// Starts a process group leader with `spawn` and records its pid as one
/// that reap_orphans() must leave alone, in one step that reap_orphans()
/// cannot come between. For Process::run().
Result<pid_t> spawn_leader(const std::function<Result<pid_t>()>& spawn);

/// Forgets a leader once it has been reaped.
void forget_leader(pid_t pid);

} // namespace detail

} // namespace shardline
