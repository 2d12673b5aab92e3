#include "runners/playwright_leftovers.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <thread>

namespace shardline {

namespace {

constexpr std::size_t max_command_bytes = 200;

// The whole of a small /proc file (environ, cmdline); empty when unreadable.
std::string read_proc_file(const std::string& path) {
  std::string content;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return content;
  char buffer[8192];
  for (;;) {
    auto n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return content;
}

bool has_entry(const std::string& environ, std::string_view entry) {
  std::size_t start = 0;
  while (start < environ.size()) {
    auto end = environ.find('\0', start);
    if (end == std::string::npos)
      end = environ.size();
    if (std::string_view(environ).substr(start, end - start) == entry)
      return true;
    start = end + 1;
  }
  return false;
}

std::string command_of(pid_t pid) {
  auto command = read_proc_file("/proc/" + std::to_string(pid) + "/cmdline");
  std::replace(command.begin(), command.end(), '\0', ' ');
  while (!command.empty() && command.back() == ' ')
    command.pop_back();
  if (command.size() > max_command_bytes)
    command.resize(max_command_bytes);
  return command;
}

bool alive(pid_t pid) {
  // A zombie is as good as gone: its parent (maybe us, a subreaper) reaps it.
  auto stat = read_proc_file("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

} // namespace

std::string new_batch_mark() {
  static std::atomic<unsigned long> counter{0};
  auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  return std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" + std::to_string(now);
}

std::vector<Leftover> find_marked_processes(std::string_view mark) {
  std::vector<Leftover> found;
  std::string entry{playwright_batch_marker};
  entry += '=';
  entry += mark;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr)
    return found;
  auto self = ::getpid();
  while (auto* item = ::readdir(proc)) {
    char* end = nullptr;
    long pid = std::strtol(item->d_name, &end, 10);
    if (end == item->d_name || *end != '\0' || pid <= 0 || pid == self)
      continue;
    auto environ = read_proc_file("/proc/" + std::to_string(pid) + "/environ");
    if (has_entry(environ, entry) && alive(static_cast<pid_t>(pid)))
      found.push_back({static_cast<pid_t>(pid), command_of(static_cast<pid_t>(pid))});
  }
  ::closedir(proc);
  return found;
}

std::vector<Leftover> kill_marked_processes(std::string_view mark,
                                            std::chrono::milliseconds grace) {
  auto found = find_marked_processes(mark);
  if (found.empty())
    return found;
  auto signal_all = [](const std::vector<Leftover>& processes, int signal) {
    for (const auto& process : processes) {
      auto group = ::getpgid(process.pid);
      // Never our own group: a marked process there is one we wait for.
      if (group > 0 && group != ::getpgrp())
        ::kill(-group, signal);
      ::kill(process.pid, signal);
    }
  };
  signal_all(found, SIGTERM);
  signal_all(found, SIGCONT);
  auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    auto left = find_marked_processes(mark);
    if (left.empty())
      break;
    if (std::chrono::steady_clock::now() >= deadline) {
      signal_all(left, SIGKILL);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return found;
}

} // namespace shardline
