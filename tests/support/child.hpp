#pragma once

// A command started from a test as a user starts it, whose process the test
// can signal and wait for: its output goes to a file, and a child still
// running when the test ends is killed.

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <optional>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace shardline::test_support {

/// Polls `condition` until it holds or `limit` passes (an upper bound for a
/// real process to get somewhere, never a delay the test relies on).
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::seconds{30}) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return true;
}

/// The state letter of process `pid` from /proc/PID/stat (R, S, Z...), or
/// nothing once the process is gone. Read with read(2): a process that exits
/// between the open and the read makes the read fail with ESRCH, which an
/// istream would turn into an exception.
inline std::optional<char> process_state(pid_t pid) {
  auto path = "/proc/" + std::to_string(pid) + "/stat";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return std::nullopt;
  char buffer[1024];
  auto length = ::read(fd, buffer, sizeof buffer);
  ::close(fd);
  if (length <= 0)
    return std::nullopt;
  std::string text(buffer, static_cast<std::size_t>(length));
  auto paren = text.rfind(')');
  if (paren == std::string::npos || paren + 2 >= text.size())
    return std::nullopt;
  return text[paren + 2];
}

/// Whether process `pid` is gone (or a zombie nobody has reaped yet).
inline bool process_gone(pid_t pid) {
  auto state = process_state(pid);
  return !state || *state == 'Z' || *state == 'X';
}

class Child {
public:
  Child(const std::vector<std::string>& argv, const std::string& output_file) {
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output_file.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> args;
    for (const auto& arg : argv)
      args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    if (::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0)
      pid_ = -1;
    ::posix_spawn_file_actions_destroy(&actions);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  pid_t pid() const { return pid_; }
  void signal(int number) const { ::kill(pid_, number); }

  /// The exit code (128 + the signal when killed by one), or nothing if it
  /// is still running after `limit`.
  std::optional<int> wait(std::chrono::milliseconds limit) {
    eventually(
        [&] {
          int status = 0;
          if (::waitpid(pid_, &status, WNOHANG) == pid_)
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
          return status_.has_value();
        },
        limit);
    return status_;
  }

private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

} // namespace shardline::test_support
