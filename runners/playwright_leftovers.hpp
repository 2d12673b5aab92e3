#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

/// The environment variable that marks every process a Playwright batch
/// starts: Playwright, its workers, the browsers and the config's webServer
/// all inherit it, whatever process group or session they move to.
inline constexpr std::string_view playwright_batch_marker = "SHARDLINE_PLAYWRIGHT_BATCH";

/// A value for the marker that no other batch, in this process or another,
/// has: the pid, a counter and the time.
std::string new_batch_mark();

/// A process that outlived its batch.
struct Leftover {
  pid_t pid = 0;
  std::string command; // its command line, arguments joined by spaces, at most 200 bytes
};

/// The processes (other than this one) whose environment holds
/// `<marker>=<mark>`, read from /proc/PID/environ (only those of this user
/// can be read: the others are not ours).
std::vector<Leftover> find_marked_processes(std::string_view mark);

/// Kills what a batch left running: Playwright starts a config's webServer in
/// a process group of its own (`detached`), which killing Playwright's group
/// does not reach, and with `reuseExistingServer: !process.env.CI` the next
/// run would fail every test on the port it holds (CI=1) or silently test the
/// old server. Each marked process's group gets SIGTERM (and SIGCONT), and
/// whatever is left `grace` later gets SIGKILL. Returns what was found.
std::vector<Leftover> kill_marked_processes(std::string_view mark, std::chrono::milliseconds grace);

} // namespace shardline
