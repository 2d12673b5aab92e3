#pragma once

// Logging that never makes serve wait. Before, every line was written to
// stdout on the thread that logged it: with stdout on a pipe nobody read, a
// flood of refused connections filled the pipe, the I/O threads blocked in
// write(2), serve stopped answering and SIGTERM went unheeded.
//
// Now lines are queued (a bounded queue; when full, the oldest line goes)
// and one thread writes them. A line the output cannot take at once (a full
// pipe, a paused terminal) is dropped, never waited for; drops are counted,
// and the next line written says how many were lost. A pipe is reopened
// non-blocking for this process alone (the shell's end is untouched), so
// serve's own few lines on stdout cannot block either.

#include <spdlog/common.h>

#include <cstddef>
#include <memory>

namespace spdlog::details {
class thread_pool;
}

namespace shardline::cli {

class AsyncLog {
public:
  /// Makes the default spdlog logger asynchronous, writing to `fd`.
  explicit AsyncLog(int fd, std::size_t queue_lines = 8192);
  /// Waits up to a second for the queued lines, then logs synchronously
  /// (still dropping what the output cannot take) and ends the writer thread.
  ~AsyncLog();
  AsyncLog(const AsyncLog&) = delete;
  AsyncLog& operator=(const AsyncLog&) = delete;

  /// Lines lost so far: pushed out of a full queue, or not taken by the output.
  std::size_t dropped() const;

  class FdSink;

private:
  std::shared_ptr<FdSink> sink_;
  std::shared_ptr<spdlog::details::thread_pool> pool_;
};

} // namespace shardline::cli
