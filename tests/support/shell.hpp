#pragma once

// Runs a command line through /bin/sh, as a user at a terminal would, and
// returns its exit code and everything it printed (stdout and stderr).

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace shardline::test_support {

struct ShellOutcome {
  int exit_code = -1; // -1: killed by a signal, or could not start
  std::string output;
};

inline ShellOutcome shell(const std::string& command) {
  ShellOutcome outcome;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe)
    return outcome;
  std::array<char, 4096> buffer{};
  while (auto n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    outcome.output.append(buffer.data(), n);
  auto status = ::pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

} // namespace shardline::test_support
