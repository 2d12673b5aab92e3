#pragma once

// A warning that can repeat thousands of times a second (a refused
// connection, a failed accept) is written at most once per interval, and the
// line says how many were held back since the last one: a flood of clients
// cannot turn into a flood of log lines.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace shardline::http {

class LogThrottle {
public:
  using clock = std::chrono::steady_clock;

  /// Every line held back is also added to `tally`, when given (for /metrics);
  /// it must outlive the throttle.
  explicit LogThrottle(clock::duration interval, std::atomic<std::uint64_t>* tally = nullptr)
      : interval_(interval), tally_(tally) {}

  /// Whether a line may be written at `now`; if so, how many were held back
  /// since the last line written. Thread-safe.
  std::optional<std::size_t> admit(clock::time_point now);

  /// "" for none, else " (and N more like it held back)": for the end of the line.
  static std::string held_back(std::size_t count);

private:
  const clock::duration interval_;
  std::atomic<std::uint64_t>* const tally_;
  std::mutex mutex_;
  std::optional<clock::time_point> last_;
  std::size_t held_ = 0;
};

} // namespace shardline::http
