#pragma once

#include "model/result.hpp"
#include "runners/line_splitter.hpp"
#include "runners/output_tail.hpp"
#include "runners/spawn.hpp"
#include "runners/unique_fd.hpp"

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

/// What to start and how long to let it run.
struct ProcessSpec {
  std::vector<std::string> argv;
  std::string working_dir; // empty: the worker's own
  /// When set, working_dir (set too) must be this folder or below it, with no
  /// symlink on its path below it, at the start: it is opened beneath it and
  /// entered by descriptor (runners/folder_beneath.hpp), else run() is an
  /// Error and nothing starts. serve sets its project root here.
  std::string confine_to;
  EnvironmentVariables environment;
  std::chrono::milliseconds timeout{0};       // zero or less: no limit
  std::chrono::milliseconds kill_grace{2000}; // from SIGTERM to SIGKILL
  std::size_t tail_limit = OutputTail::default_limit;
  /// Optional: called with each line of output (stdout and stderr share one
  /// pipe), without its '\n', as soon as the line is complete, and with the
  /// last line at the end even if it has no '\n'. It runs on the thread in
  /// run() while the pipe waits, so it should be quick, and it must not throw.
  /// Lines longer than `line_limit` bytes are not delivered. The tail in
  /// ProcessOutcome::output is kept either way.
  std::function<void(std::string_view line)> on_line;
  std::size_t line_limit = LineSplitter::default_limit;
};

/// How a process ended. Exactly one of `exit_code` and `signal` is set, unless
/// the run was cancelled before anything started.
struct ProcessOutcome {
  pid_t pid = 0; // also its group id, for logs; already reaped; 0 if never started
  std::optional<int> exit_code;
  std::optional<int> signal;
  bool timed_out = false;
  bool cancelled = false;
  std::chrono::milliseconds duration{0}; // steady clock, start to the leader's exit
  std::string output;                    // tail of stdout and stderr, interleaved
  bool output_truncated = false;
};

/// One child process, run to its end. The child leads a process group of its
/// own; the test is over when that leader exits, so whatever it left in its
/// group (`sleep 1000 &`) is killed then and cannot hold the output pipe open.
/// On timeout or cancel() the group gets SIGTERM (and SIGCONT, so a stopped
/// process can act on it) and, `kill_grace` later, SIGKILL. Every child of
/// ours in the group is reaped before run() returns: no zombies.
///
/// Processes a test moves out of its group (setsid, setpgid, a double fork)
/// die with it too: the test runs in a cgroup of its own where the machine
/// allows (runners/test_cgroup.hpp), killed whole once the leader has exited,
/// and every process carries the marker SHARDLINE_TEST_RUN, by which
/// kill_leftovers() finds the orphans re-parented to this process (a
/// subreaper). Output they wrote is awaited at most `kill_grace` after the
/// leader exits. Descendants orphaned in the group are re-parented to PID 1, or to
/// this process once become_subreaper() was called (runners/subreaper.hpp),
/// and are then reaped here; those that had left the group (Chromium, its
/// crash handlers) are reaped once they exit by reap_orphans(), called at the
/// end of every run.
///
/// Needs Linux 5.3 or later (pidfd_open: waiting for the leader without
/// SIGCHLD). Nothing else in the process may reap children it did not start
/// (waitpid(-1), SIGCHLD set to SIG_IGN): the group is signalled only while
/// its unreaped leader keeps the group id from being reused by another test.
class Process {
public:
  explicit Process(ProcessSpec spec);
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  /// Starts the process and blocks until it has ended; call it once (a second
  /// call is an Error), on a thread that may block. A process that cannot be
  /// started, or a system call that fails while watching it, is an Error; the
  /// group is killed and reaped before such an error returns.
  Result<ProcessOutcome> run();

  /// Ends the run like a timeout, reported as cancelled. Safe from any thread
  /// at any time; before run() it makes run() return at once without starting
  /// anything, after the end it does nothing.
  void cancel();

private:
  ProcessSpec spec_;
  std::atomic<bool> ran_{false};
  std::atomic<bool> cancel_requested_{false};
  UniqueFd cancel_event_; // eventfd that wakes run()'s poll
  int cancel_event_error_ = 0;
};

/// `signal 11 (SIGSEGV)`, for messages about a process a signal ended.
std::string signal_text(int signal);

} // namespace shardline
