#include "runners/subreaper.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
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

std::string read_environment(pid_t pid) {
  auto path = "/proc/" + std::to_string(pid) + "/environ";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return {};
  std::string text;
  char buffer[8192];
  for (;;) {
    auto count = ::read(fd, buffer, sizeof buffer);
    if (count <= 0)
      break;
    text.append(buffer, static_cast<std::size_t>(count));
  }
  ::close(fd);
  return text;
}

// The children of a process, from /proc/PID/task/*/children: an orphan is
// re-parented to one thread of its new parent, any of them.
std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> children;
  auto tasks = "/proc/" + std::to_string(pid) + "/task";
  DIR* dir = ::opendir(tasks.c_str());
  if (dir == nullptr)
    return children;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
      continue;
    std::string listed_path = tasks + "/" + entry->d_name + "/children";
    int fd = ::open(listed_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      continue;
    std::string listed;
    char buffer[4096];
    for (ssize_t count; (count = ::read(fd, buffer, sizeof buffer)) > 0;)
      listed.append(buffer, static_cast<std::size_t>(count));
    ::close(fd);
    const char* at = listed.c_str();
    for (char* end = nullptr;; at = end) {
      long child = std::strtol(at, &end, 10);
      if (end == at)
        break;
      children.push_back(static_cast<pid_t>(child));
    }
  }
  ::closedir(dir);
  return children;
}

// `name=value` among the NUL-separated entries of an environment, where
// value equals `marker`, or only starts with it when `prefix`.
bool carries_marker(const std::string& environment, std::string_view marker, bool prefix) {
  std::string wanted = std::string(test_run_variable) + "=" + std::string(marker);
  for (std::size_t at = 0; at < environment.size();) {
    auto end = environment.find('\0', at);
    if (end == std::string::npos)
      end = environment.size();
    std::string_view entry(environment.data() + at, end - at);
    if (prefix ? entry.rfind(wanted, 0) == 0 : entry == wanted)
      return true;
    at = end + 1;
  }
  return false;
}

std::size_t kill_marked(std::string_view marker, bool prefix) {
  std::size_t killed = 0;
  pid_t self = ::getpid();
  pid_t own_group = ::getpgrp();
  // Bounded: a process that forks faster than it is killed cannot keep us here.
  for (int round = 0; round < 100; ++round) {
    std::vector<pid_t> tree;
    {
      std::lock_guard lock(leaders_mutex);
      for (pid_t child : children_of(self)) {
        auto name = std::to_string(child);
        auto state = read_state(name.c_str());
        if (!state || state->state == 'Z' || state->group == own_group ||
            running_leaders.contains(child))
          continue;
        if (carries_marker(read_environment(child), marker, prefix))
          tree.push_back(child);
      }
    }
    if (tree.empty())
      break;
    // Stopped before its children are listed, a process cannot add one unseen.
    for (std::size_t i = 0; i < tree.size(); ++i) {
      ::kill(tree[i], SIGSTOP);
      auto more = children_of(tree[i]);
      tree.insert(tree.end(), more.begin(), more.end());
    }
    for (pid_t pid : tree)
      if (::kill(pid, SIGKILL) == 0)
        ++killed;
    // Ours die as zombies; reap them so the next round does not see them.
    for (pid_t pid : tree)
      ::waitpid(pid, nullptr, 0);
  }
  return killed;
}

} // namespace

std::string next_test_run_marker() {
  static std::atomic<std::uint64_t> counter{0};
  return std::to_string(::getpid()) + ":" + std::to_string(++counter);
}

std::size_t kill_leftovers(std::string_view marker) {
  return kill_marked(marker, false);
}

std::size_t kill_all_leftovers() {
  return kill_marked(std::to_string(::getpid()) + ":", true);
}

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
