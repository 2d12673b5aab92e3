#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace shardline {

/// Cuts a stream of output chunks into lines, whatever the chunk boundaries:
/// a reporter's line may arrive in pieces or many lines in one read. A line is
/// handed over without its '\n' as soon as it is complete. A line longer than
/// `limit` bytes is dropped whole (and counted), so a process that never
/// writes a newline cannot grow a worker's memory.
class LineSplitter {
public:
  using Sink = std::function<void(std::string_view line)>;

  static constexpr std::size_t default_limit = 4 * 1024 * 1024;

  explicit LineSplitter(std::size_t limit = default_limit) : limit_(limit) {}

  /// Calls `sink` once for each line that `bytes` completes.
  void append(std::string_view bytes, const Sink& sink);

  /// At the end of the output: hands over the last line if it had no '\n'.
  void finish(const Sink& sink);

  /// Lines dropped because they were longer than the limit.
  std::uint64_t dropped_lines() const { return dropped_lines_; }

private:
  std::size_t limit_;
  std::string partial_;
  bool dropping_ = false; // inside a line that is already over the limit
  std::uint64_t dropped_lines_ = 0;
};

} // namespace shardline
