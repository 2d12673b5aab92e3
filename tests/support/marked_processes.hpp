#pragma once

// Finds live processes by a marker in their argv, for tests that must show
// that a process they caused to be started (and whose pid they never learn)
// is gone. Zombies have an empty cmdline, so a killed but unreaped process
// counts as gone.

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <vector>

namespace shardline::test_support {

/// A marker no other process on the machine carries: `sleep 1000.<digits>`
/// is a valid sleep whose argv says which test started it.
inline std::string unique_sleep_seconds() {
  static std::atomic<int> counter{0};
  return "1000." + std::to_string(::getpid()) + std::to_string(++counter);
}

/// Pids of live processes one of whose argv elements equals `marker`.
inline std::vector<pid_t> processes_with_argument(const std::string& marker) {
  std::vector<pid_t> found;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr)
    return found;
  while (const dirent* entry = ::readdir(proc)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
      continue;
    auto path = std::string("/proc/") + entry->d_name + "/cmdline";
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      continue;
    std::string cmdline;
    char buffer[4096];
    for (ssize_t count; (count = ::read(fd, buffer, sizeof buffer)) > 0;)
      cmdline.append(buffer, static_cast<std::size_t>(count));
    ::close(fd);
    for (std::size_t at = 0; at < cmdline.size();) {
      auto end = cmdline.find('\0', at);
      if (end == std::string::npos)
        end = cmdline.size();
      if (cmdline.compare(at, end - at, marker) == 0) {
        found.push_back(static_cast<pid_t>(std::stol(entry->d_name)));
        break;
      }
      at = end + 1;
    }
  }
  ::closedir(proc);
  return found;
}

} // namespace shardline::test_support
