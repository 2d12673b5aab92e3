#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace shardline {

/// When shardline gives up on a Playwright process: only once Playwright has
/// had every chance its own timeouts give, so that the deadline catches a
/// hung process and never a healthy test (Playwright ends a test at its
/// timeout by itself).
///
/// - From the start: `startup_allowance` to load the config.
/// - Once the reporter says the config is loaded: the web servers' and
///   global setup's timeouts on top (`setup_timeout_ms`).
/// - Once it says the run begins: the tests' time budget (each test's
///   timeout x 3 for test.slow() x its tries, summed by the reporter) plus
///   `end_allowance` for hooks, worker restarts and teardown; no deadline
///   when some test has no timeout.
/// - `cap`, when set (a batch timeout someone asked for), always applies.
class PlaywrightDeadline {
public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds startup_allowance{180'000};
  static constexpr std::chrono::milliseconds end_allowance{120'000};

  PlaywrightDeadline(Clock::time_point start, std::chrono::milliseconds cap);

  /// {"event":"configure"} arrived at `now`.
  void configured(Clock::time_point now, std::int64_t setup_timeout_ms);
  /// {"event":"begin"} arrived at `now`.
  void began(Clock::time_point now, std::optional<std::int64_t> time_budget_ms);

  /// The deadline; Clock::time_point::max() when there is none.
  Clock::time_point at() const;
  /// What it allowed, in words, for the result of a test it stopped:
  /// `612000 ms (the tests' timeouts x 3 per try, plus 120000 ms)`.
  std::string explain() const;

private:
  Clock::time_point start_;
  Clock::time_point cap_ = Clock::time_point::max();
  Clock::time_point at_;
  std::string why_;
};

} // namespace shardline
