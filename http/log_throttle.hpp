#pragma once

// A warning that can repeat thousands of times a second (a refused
// connection, a failed accept) is written at most once per interval, and the
// line says how many were held back since the last one: a flood of clients
// cannot turn into a flood of log lines.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

namespace shardline::http {

class LogThrottle {
public:
  using clock = std::chrono::steady_clock;

  explicit LogThrottle(clock::duration interval) : interval_(interval) {}

  /// Whether a line may be written at `now`; if so, how many were held back
  /// since the last line written. Thread-safe.
  std::optional<std::size_t> admit(clock::time_point now);

  /// "" for none, else " (and N more like it held back)": for the end of the line.
  static std::string held_back(std::size_t count);

private:
  const clock::duration interval_;
  std::mutex mutex_;
  std::optional<clock::time_point> last_;
  std::size_t held_ = 0;
};

} // namespace shardline::http
