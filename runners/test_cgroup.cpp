#include "runners/test_cgroup.hpp"

#include "model/deadline.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace shardline {

namespace {

// Small files of cgroupfs and procfs, read and written with plain system
// calls: a process that exits between open and read makes read(2) fail,
// which is an answer here, never an exception.
std::string read_small_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return {};
  std::string text;
  char buffer[4096];
  for (;;) {
    auto count = ::read(fd, buffer, sizeof buffer);
    if (count <= 0)
      break;
    text.append(buffer, static_cast<std::size_t>(count));
  }
  ::close(fd);
  return text;
}

bool write_small_file(const std::string& path, std::string_view text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return written;
}

// The cgroup v2 mount point, from /proc/self/mountinfo: `... - cgroup2 ...`.
std::optional<std::string> cgroup2_mount() {
  std::istringstream lines(read_small_file("/proc/self/mountinfo"));
  for (std::string line; std::getline(lines, line);) {
    auto separator = line.find(" - ");
    if (separator == std::string::npos || line.compare(separator + 3, 8, "cgroup2 ") != 0)
      continue;
    std::istringstream fields(line);
    std::string id, parent, device, root, mount_point;
    fields >> id >> parent >> device >> root >> mount_point;
    if (!mount_point.empty())
      return mount_point;
  }
  return std::nullopt;
}

// This process's cgroup v2 path, from the `0::/path` line of /proc/self/cgroup.
std::optional<std::string> own_cgroup() {
  std::istringstream lines(read_small_file("/proc/self/cgroup"));
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("0::", 0) == 0)
      return line.substr(3);
  return std::nullopt;
}

std::string next_name() {
  static std::atomic<std::uint64_t> counter{0};
  return "shardline-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

bool populated(const std::string& path) {
  auto events = read_small_file(path + "/cgroup.events");
  return events.find("populated 1") != std::string::npos;
}

// The children of a process, from /proc/PID/task/*/children.
std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> children;
  auto tasks = "/proc/" + std::to_string(pid) + "/task";
  DIR* dir = ::opendir(tasks.c_str());
  if (dir == nullptr)
    return children;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
      continue;
    std::istringstream listed(read_small_file(tasks + "/" + entry->d_name + "/children"));
    for (pid_t child = 0; listed >> child;)
      children.push_back(child);
  }
  ::closedir(dir);
  return children;
}

constexpr std::string_view name_prefix = "shardline-";

// The pid of `shardline-<pid>-<n>` (both decimal, nothing else), or nothing.
std::optional<pid_t> owner_of(std::string_view name) {
  if (name.substr(0, name_prefix.size()) != name_prefix)
    return std::nullopt;
  name.remove_prefix(name_prefix.size());
  auto dash = name.find('-');
  auto digits = [](std::string_view text) {
    return !text.empty() && text.size() <= 18 &&
           text.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (dash == std::string_view::npos || !digits(name.substr(0, dash)) ||
      !digits(name.substr(dash + 1)))
    return std::nullopt;
  auto pid = std::stoll(std::string(name.substr(0, dash)));
  if (pid <= 0 || pid > std::numeric_limits<pid_t>::max())
    return std::nullopt;
  return static_cast<pid_t>(pid);
}

// No process has that pid (in this pid namespace). EPERM: one lives, of another user.
bool process_gone(pid_t pid) {
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

// The folders directly under `path`.
std::vector<std::string> subfolders(const std::string& path) {
  std::vector<std::string> names;
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr)
    return names;
  while (const dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (entry->d_type == DT_DIR && name != "." && name != "..")
      names.emplace_back(name);
  }
  ::closedir(dir);
  return names;
}

// Kills every process of the cgroup and its descendants, then removes them
// all, deepest first (a test may have made cgroups of its own inside).
bool kill_and_remove(const std::string& path, int depth = 0) {
  if (populated(path)) {
    write_small_file(path + "/cgroup.kill", "1");
    auto deadline = deadline_after(std::chrono::steady_clock::now(), std::chrono::seconds{2});
    while (populated(path) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  if (depth < 32)
    for (const auto& child : subfolders(path))
      kill_and_remove(path + "/" + child, depth + 1);
  return ::rmdir(path.c_str()) == 0;
}

std::atomic<std::size_t> stale_removed_at_start{0};

} // namespace

std::size_t remove_stale_test_cgroups(const std::string& parent) {
  std::size_t removed = 0;
  for (const auto& name : subfolders(parent)) {
    auto owner = owner_of(name);
    if (!owner || !process_gone(*owner))
      continue;
    removed += kill_and_remove(parent + "/" + name);
  }
  return removed;
}

const std::optional<std::string>& test_cgroup_parent() {
  static const std::optional<std::string> parent = []() -> std::optional<std::string> {
    // A way to run without cgroups where they misbehave (and to test the
    // subreaper's scan on a machine that has them).
    if (const char* setting = std::getenv("SHARDLINE_TEST_CGROUPS");
        setting != nullptr && std::string_view(setting) == "off")
      return std::nullopt;
    auto mount = cgroup2_mount();
    auto own = own_cgroup();
    if (!mount || !own)
      return std::nullopt;
    std::string parent = *mount + (*own == "/" ? "" : *own);
    // Making one is the only test of permission that tells the truth.
    auto probe = parent + "/" + next_name();
    if (::mkdir(probe.c_str(), 0755) != 0)
      return std::nullopt;
    bool can_kill = ::access((probe + "/cgroup.kill").c_str(), W_OK) == 0; // Linux 5.14
    ::rmdir(probe.c_str());
    if (!can_kill)
      return std::nullopt;
    // Left by a shardline that was killed before it could remove them.
    stale_removed_at_start = remove_stale_test_cgroups(parent);
    return parent;
  }();
  return parent;
}

std::string containment_mode() {
  if (const auto& parent = test_cgroup_parent()) {
    std::string mode = "test processes: a cgroup v2 per test under " + *parent +
                       ", killed whole when the test ends";
    if (auto removed = stale_removed_at_start.load(); removed > 0)
      mode.append(" (removed ")
          .append(std::to_string(removed))
          .append(" test cgroups left by shardline processes that are gone)");
    return mode;
  }
  return "test processes: no writable cgroup v2 here; what a test leaves outside its process "
         "group is found through the subreaper and the test's SHARDLINE_TEST_RUN marker";
}

TestCgroup TestCgroup::create() {
  const auto& parent = test_cgroup_parent();
  if (!parent)
    return {};
  auto path = *parent + "/" + next_name();
  if (::mkdir(path.c_str(), 0755) != 0)
    return {};
  return TestCgroup(std::move(path));
}

TestCgroup::TestCgroup(TestCgroup&& other) noexcept : path_(std::exchange(other.path_, {})) {}

TestCgroup& TestCgroup::operator=(TestCgroup&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

TestCgroup::~TestCgroup() {
  remove();
}

bool TestCgroup::adopt(pid_t leader) {
  if (path_.empty())
    return false;
  auto procs = path_ + "/cgroup.procs";
  if (!write_small_file(procs, std::to_string(leader)))
    return false;
  // Each process is moved before its children are listed: a child it forks
  // after its move is born inside, one forked before is in the list.
  std::vector<pid_t> pending = children_of(leader);
  while (!pending.empty()) {
    pid_t pid = pending.back();
    pending.pop_back();
    write_small_file(procs, std::to_string(pid)); // it may have exited: fine
    auto more = children_of(pid);
    pending.insert(pending.end(), more.begin(), more.end());
  }
  return true;
}

bool TestCgroup::kill_all(std::chrono::milliseconds limit) {
  if (path_.empty())
    return true;
  if (!populated(path_))
    return true;
  write_small_file(path_ + "/cgroup.kill", "1");
  auto deadline = deadline_after(std::chrono::steady_clock::now(), limit);
  while (populated(path_)) {
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  return true;
}

void TestCgroup::remove() {
  if (path_.empty())
    return;
  kill_all();
  ::rmdir(path_.c_str());
  path_.clear();
}

} // namespace shardline
