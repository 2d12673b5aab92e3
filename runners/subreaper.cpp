#include "runners/subreaper.hpp"

#include <dirent.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <system_error>
#include <unordered_set>
#include <vector>

namespace shardline {

namespace {

// The leaders of running Processes. The mutex is held from before a leader
// is started until its pid is recorded, and while reap_orphans decides and
// reaps: it never sees a leader that is not recorded yet.
std::mutex leaders_mutex;
std::unordered_set<pid_t> running_leaders;

bool is_subreaper() {
  int flag = 0;
  return ::prctl(PR_GET_CHILD_SUBREAPER, &flag, 0L, 0L, 0L) == 0 && flag != 0;
}

struct ProcessState {
  char state = 0;
  pid_t parent = 0;
  pid_t group = 0;
};

// From /proc/PID/stat: `pid (comm) state ppid pgrp ...`; comm may hold
// spaces and parentheses, so read after the last ')'.
std::optional<ProcessState> read_state(const char* pid) {
  std::string path = "/proc/";
  path += pid;
  path += "/stat";
  std::FILE* file = std::fopen(path.c_str(), "re");
  if (file == nullptr)
    return std::nullopt;
  char buffer[1024];
  auto size = std::fread(buffer, 1, sizeof buffer - 1, file);
  std::fclose(file);
  buffer[size] = '\0';
  std::string_view text(buffer, size);
  auto after_name = text.rfind(')');
  if (after_name == std::string_view::npos)
    return std::nullopt;
  ProcessState state;
  int parent = 0;
  int group = 0;
  if (std::sscanf(buffer + after_name + 1, " %c %d %d", &state.state, &parent, &group) != 3)
    return std::nullopt;
  state.parent = parent;
  state.group = group;
  return state;
}

// Zombie children of ours that are neither running leaders nor in our group.
std::vector<pid_t> orphan_zombies() {
  std::vector<pid_t> zombies;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr)
    return zombies;
  pid_t self = ::getpid();
  pid_t own_group = ::getpgrp();
  while (const dirent* entry = ::readdir(proc)) {
    const char* name = entry->d_name;
    if (name[0] < '1' || name[0] > '9')
      continue;
    auto state = read_state(name);
    if (!state || state->state != 'Z' || state->parent != self || state->group == own_group)
      continue;
    auto pid = static_cast<pid_t>(std::strtol(name, nullptr, 10));
    if (!running_leaders.contains(pid))
      zombies.push_back(pid);
  }
  ::closedir(proc);
  return zombies;
}

// Whether any child of ours has exited and waits to be reaped, without
// reaping it (WNOWAIT): one system call, where the /proc scan reads the state
// of every process on the machine. Most runs end with none left over.
bool has_zombie_child() {
  siginfo_t info{};
  if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return errno != ECHILD; // no children at all; other errors: look anyway
  return info.si_pid != 0;
}

} // namespace

std::optional<Error> become_subreaper() {
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L) != 0)
    return Error{"", "cannot become the reaper of orphaned test processes: " +
                         std::generic_category().message(errno)};
  return std::nullopt;
}

std::size_t reap_orphans() {
  if (!is_subreaper() || !has_zombie_child())
    return 0;
  std::lock_guard lock(leaders_mutex);
  std::size_t reaped = 0;
  for (pid_t pid : orphan_zombies())
    if (::waitpid(pid, nullptr, WNOHANG) == pid)
      ++reaped;
  return reaped;
}

namespace detail {

Result<pid_t> spawn_leader(const std::function<Result<pid_t>()>& spawn) {
  std::lock_guard lock(leaders_mutex);
  auto pid = spawn();
  if (pid)
    running_leaders.insert(*pid);
  return pid;
}

void forget_leader(pid_t pid) {
  std::lock_guard lock(leaders_mutex);
  running_leaders.erase(pid);
}

} // namespace detail

} // namespace shardline
