#pragma once

// Measuring in a forked child: a fresh heap and a ru_maxrss of its own, so a
// peak belongs to one measurement. Fork only while the process has a single
// thread (no actor system alive).

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <string>

namespace shardline::bench {

/// Resident set size now, in KiB.
inline long current_rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long size = 0;
  long resident = 0;
  statm >> size >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/// The largest resident set size so far, in KiB.
inline long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss; // KiB on Linux
}

/// Threads of this process; fork() copies only the calling one.
inline int thread_count() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("Threads:")) {
      return std::stoi(line.substr(8));
    }
  }
  return -1;
}

/// What a child wrote, or why it wrote nothing usable.
struct ChildReport {
  std::string text;
  std::string error; // empty when the job returned
};

/// Runs `job` in a forked child, killed after `timeout_seconds`, and returns
/// the text it returned (through a pipe). An exception or a signal becomes
/// the error.
inline ChildReport run_in_child(const std::function<std::string()>& job, unsigned timeout_seconds) {
  int fds[2];
  if (pipe(fds) != 0) {
    return {"", std::string("pipe: ") + std::strerror(errno)};
  }
  std::fflush(nullptr); // or the child would flush the parent's buffered output again
  const pid_t pid = fork();
  if (pid < 0) {
    return {"", std::string("fork: ") + std::strerror(errno)};
  }
  if (pid == 0) {
    close(fds[0]);
    alarm(timeout_seconds);
    std::string report;
    try {
      report = "ok\n" + job();
    } catch (const std::exception& e) {
      report = std::string("error\nexception: ") + e.what();
    }
    for (std::size_t sent = 0; sent < report.size();) {
      const ssize_t n = write(fds[1], report.data() + sent, report.size() - sent);
      if (n <= 0) {
        break;
      }
      sent += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    return {"", signal == SIGALRM ? "no result within " + std::to_string(timeout_seconds) + " s"
                                  : std::string("killed by signal ") + std::to_string(signal) +
                                        " (" + strsignal(signal) + ")"};
  }
  if (text.starts_with("ok\n")) {
    return {text.substr(3), ""};
  }
  if (text.starts_with("error\n")) {
    return {"", text.substr(6)};
  }
  return {"", "could not read the child's report"};
}

} // namespace shardline::bench
