#include "runners/process.hpp"

#include "model/deadline.hpp"
#include "runners/folder_beneath.hpp"
#include "runners/subreaper.hpp"
#include "runners/test_cgroup.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h> // sigabbrev_np
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <string_view>
#include <system_error>
#include <utility>

namespace shardline {

namespace {

using SteadyClock = std::chrono::steady_clock;

// glibc 2.36's <sys/pidfd.h> lacks extern "C" (fixed in 2.37), so C++ cannot
// link its pidfd_open; the system call is the same.
int pidfd_open(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0U));
}

Error system_error(std::string_view what, int error_number) {
  return Error{"", std::string(what) + ": " + std::generic_category().message(error_number)};
}

constexpr auto no_deadline = SteadyClock::time_point::max();

// poll() wants milliseconds; rounding up means it never wakes just before the
// deadline only to go round again with a timeout of zero.
int poll_timeout(SteadyClock::time_point deadline) {
  if (deadline == no_deadline)
    return -1;
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - SteadyClock::now());
  return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, INT_MAX));
}

// Where the output goes: always the bounded tail, and line by line to the
// spec's on_line when there is one.
struct OutputSink {
  OutputTail tail;
  LineSplitter lines;
  const std::function<void(std::string_view)>& on_line;

  explicit OutputSink(const ProcessSpec& spec)
      : tail(spec.tail_limit), lines(spec.line_limit), on_line(spec.on_line) {}

  void append(std::string_view bytes) {
    tail.append(bytes);
    if (on_line)
      lines.append(bytes, on_line);
  }
  void finish() {
    if (on_line)
      lines.finish(on_line);
  }
};

// One read per wake-up, so a process that writes without pause cannot keep
// us from looking at the clock. False at end of output.
bool read_chunk(int fd, OutputSink& sink) {
  std::array<char, 64 * 1024> buffer; // one full pipe
  for (;;) {
    auto count = ::read(fd, buffer.data(), buffer.size());
    if (count > 0) {
      sink.append(std::string_view(buffer.data(), static_cast<std::size_t>(count)));
      return true;
    }
    if (count < 0 && errno == EINTR)
      continue;
    // EAGAIN: nothing yet. Zero or any other error: the output has ended.
    return count < 0 && errno == EAGAIN;
  }
}

// Only called while the leader is not yet reaped: its pid keeps naming this
// group and cannot be reused, so the signal cannot reach another test's group.
void signal_group(pid_t group, int signal) {
  ::kill(-group, signal);
}

// The leader's wait status, or the errno of waitpid.
std::pair<int, int> reap_leader(pid_t pid) {
  int status = 0;
  for (;;) {
    if (::waitpid(pid, &status, 0) == pid)
      return {status, 0};
    if (errno != EINTR)
      return {0, errno};
  }
}

// Members of the group that are our children: orphans re-parented to us
// because we are a subreaper (or PID 1). They have all been sent SIGKILL, so
// this waits only for them to finish dying. A member's own children are
// re-parented before it becomes reapable, so none is missed. Once the group is
// empty its id is free again, but Linux hands out pids cyclically, so another
// test's group cannot take it before the final ECHILD.
void reap_group(pid_t group) {
  for (;;) {
    if (::waitpid(-group, nullptr, 0) > 0)
      continue;
    if (errno != EINTR)
      return; // ECHILD: none left
  }
}

// Kills and reaps everything we started when we cannot watch it any more.
void abandon(pid_t pid) {
  signal_group(pid, SIGKILL);
  reap_leader(pid);
  reap_group(pid);
}

// Keeps reap_orphans() off a leader until it is reaped: destroyed when run()
// returns, after every path that reaps.
class LeaderRecord {
public:
  explicit LeaderRecord(pid_t pid) : pid_(pid) {}
  LeaderRecord(const LeaderRecord&) = delete;
  LeaderRecord& operator=(const LeaderRecord&) = delete;
  ~LeaderRecord() { detail::forget_leader(pid_); }

private:
  pid_t pid_;
};

enum class Stage { running, terminating, killing };

// The descriptors poll() watches; -1 stops watching one.
struct Watched {
  pid_t pid;
  int leader;
  int output;
  int cancel_event;
};

// Returns once the leader has exited (a zombie, not yet reaped), or the errno
// of a failed poll. Output is read as it comes; timeout and cancel step the
// group from SIGTERM to SIGKILL.
int watch_until_leader_exits(Watched& watched, const ProcessSpec& spec,
                             SteadyClock::time_point started, OutputSink& sink,
                             ProcessOutcome& outcome) {
  auto stage = Stage::running;
  auto deadline = spec.timeout.count() > 0 ? deadline_after(started, spec.timeout) : no_deadline;
  auto terminate = [&] {
    signal_group(watched.pid, SIGTERM);
    signal_group(watched.pid, SIGCONT); // a stopped process can only act on SIGTERM once resumed
    stage = Stage::terminating;
    deadline = deadline_after(SteadyClock::now(), spec.kill_grace);
  };

  for (;;) {
    std::array<pollfd, 3> fds{{{watched.leader, POLLIN, 0},
                               {watched.output, POLLIN, 0},
                               {watched.cancel_event, POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), poll_timeout(deadline)) < 0) {
      if (errno == EINTR)
        continue;
      return errno;
    }
    if (fds[1].revents != 0 && !read_chunk(watched.output, sink))
      watched.output = -1;
    if (fds[0].revents != 0)
      return 0;
    if (fds[2].revents != 0) {
      watched.cancel_event = -1;
      if (stage == Stage::running) {
        outcome.cancelled = true;
        terminate();
      }
    }
    if (deadline != no_deadline && SteadyClock::now() >= deadline) {
      if (stage == Stage::running) {
        outcome.timed_out = true;
        terminate();
      } else if (stage == Stage::terminating) {
        signal_group(watched.pid, SIGKILL);
        stage = Stage::killing;
        deadline = no_deadline;
      }
    }
  }
}

// After the group is gone the rest of the output is already in the pipe. Only
// a process that escaped the group can keep it open; wait for that at most
// `limit`.
void drain_output(int fd, OutputSink& sink, std::chrono::milliseconds limit) {
  auto deadline = deadline_after(SteadyClock::now(), limit);
  while (fd >= 0) {
    pollfd output{fd, POLLIN, 0};
    int ready = ::poll(&output, 1, poll_timeout(deadline));
    if (ready == 0 || (ready < 0 && errno != EINTR))
      return;
    if (ready > 0 && !read_chunk(fd, sink))
      return;
  }
}

} // namespace

Process::Process(ProcessSpec spec) : spec_(std::move(spec)) {
  cancel_event_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!cancel_event_)
    cancel_event_error_ = errno;
}

void Process::cancel() {
  cancel_requested_.store(true);
  if (cancel_event_)
    ::eventfd_write(cancel_event_.get(), 1); // fails only if already signalled 2^64-2 times
}

Result<ProcessOutcome> Process::run() {
  if (ran_.exchange(true))
    return Error{"", "a process runs only once"};
  if (!cancel_event_)
    return system_error("cannot create a cancel event", cancel_event_error_);
  ProcessOutcome outcome;
  if (cancel_requested_.load()) {
    outcome.cancelled = true;
    return outcome;
  }

  std::array<int, 2> pipe_ends{};
  if (::pipe2(pipe_ends.data(), O_CLOEXEC) != 0)
    return system_error("cannot create an output pipe", errno);
  UniqueFd output(pipe_ends[0]);
  UniqueFd output_write_end(pipe_ends[1]);
  if (::fcntl(output.get(), F_SETFL, O_NONBLOCK) != 0)
    return system_error("cannot set up the output pipe", errno);

  // Marked and, where the machine allows, in a cgroup of its own: whatever
  // the test starts can be found and killed once it is over, even outside
  // its process group.
  // The folder a client named, checked again now and entered by descriptor:
  // a symlink swapped in since the server's check leads nowhere.
  UniqueFd working_dir;
  if (!spec_.confine_to.empty() && !spec_.working_dir.empty()) {
    auto opened = open_folder_beneath(spec_.confine_to, spec_.working_dir);
    if (!opened)
      return opened.error();
    working_dir = std::move(*opened);
  }

  auto marker = next_test_run_marker();
  auto environment = spec_.environment;
  environment.emplace_back(test_run_variable, marker);
  auto cgroup = TestCgroup::create();

  auto started = SteadyClock::now();
  auto spawned = detail::spawn_leader([&] {
    return spawn_in_own_group(spec_.argv, spec_.working_dir, environment, output_write_end.get(),
                              working_dir ? working_dir.get() : -1);
  });
  // From here the children hold the only write ends: end of file means they
  // have all exited or closed their output.
  output_write_end.reset();
  if (!spawned)
    return spawned.error();
  pid_t pid = *spawned;
  outcome.pid = pid;
  cgroup.adopt(pid);
  // Declared after nothing that reaps: runs last, once the leader is reaped.
  LeaderRecord record(pid);

  UniqueFd leader(pidfd_open(pid));
  if (!leader) {
    int error_number = errno;
    abandon(pid);
    return system_error("cannot watch process " + std::to_string(pid) +
                            " (pidfd_open needs Linux 5.3 or later)",
                        error_number);
  }

  OutputSink sink(spec_);
  Watched watched{pid, leader.get(), output.get(), cancel_event_.get()};
  if (int error_number = watch_until_leader_exits(watched, spec_, started, sink, outcome)) {
    abandon(pid);
    return system_error("cannot watch process " + std::to_string(pid), error_number);
  }

  // The test is over: nothing it left behind may outlive it.
  signal_group(pid, SIGKILL);
  auto [status, wait_error] = reap_leader(pid);
  outcome.duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
  reap_group(pid);
  // What left the group (setsid, a double fork) dies with the test too.
  cgroup.kill_all();
  kill_leftovers(marker);
  drain_output(watched.output, sink, spec_.kill_grace);
  sink.finish();
  reap_orphans(); // what the test started outside its group (Chromium) and has exited
  if (wait_error != 0)
    return system_error("lost the exit status of process " + std::to_string(pid), wait_error);

  if (WIFEXITED(status))
    outcome.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    outcome.signal = WTERMSIG(status);
  outcome.output = sink.tail.str();
  outcome.output_truncated = sink.tail.truncated();
  return outcome;
}

std::string signal_text(int signal) {
  std::string text = "signal " + std::to_string(signal);
  if (const char* name = ::sigabbrev_np(signal)) {
    text += " (SIG";
    text += name;
    text += ')';
  }
  return text;
}

} // namespace shardline
