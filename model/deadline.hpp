#pragma once

// Deadline arithmetic that cannot overflow. Clocks count nanoseconds in 64
// bits (292 years); a timeout given in milliseconds becomes nanoseconds when
// it is added to now(), and a large one wrapped around into the past: a test
// "timed out" after 2 ms. Every deadline and every wait handed to a timer goes
// through these, so a value that slipped past the documented ranges
// (model/ranges.hpp) means "very late", never "already".

#include <chrono>
#include <cstdint>
#include <limits>

namespace shardline {

/// The longest wait any timer is given: about 100 years, far beyond every
/// documented range and far from the 292 years a clock of nanoseconds holds,
/// so `now() + longest_wait` fits in any such clock for another century.
inline constexpr std::chrono::milliseconds longest_wait{100LL * 365 * 24 * 3'600'000};

/// `wait` clamped to 0 .. longest_wait: what to give a timer (delayed_send, a
/// request timeout, poll()) so that the clock's own `now() + wait` cannot
/// overflow.
template <class Rep, class Period>
constexpr std::chrono::milliseconds bounded_wait(std::chrono::duration<Rep, Period> wait) {
  if (wait <= wait.zero())
    return std::chrono::milliseconds{0};
  // Compared in the coarser of the two units, so neither side is multiplied.
  if constexpr (std::ratio_greater_equal_v<Period, std::milli>) {
    if (wait >= std::chrono::duration_cast<std::chrono::duration<Rep, Period>>(longest_wait))
      return longest_wait;
    return std::chrono::duration_cast<std::chrono::milliseconds>(wait);
  } else {
    auto in_ms = std::chrono::duration_cast<std::chrono::milliseconds>(wait);
    return in_ms >= longest_wait ? longest_wait : in_ms;
  }
}

/// `from + after`: `after` is bounded (bounded_wait), and a sum that would not
/// fit is the clock's max() (never). A negative `after` is `from`.
template <class Clock, class Duration, class Rep, class Period>
constexpr std::chrono::time_point<Clock, Duration>
deadline_after(std::chrono::time_point<Clock, Duration> from,
               std::chrono::duration<Rep, Period> after) {
  using TimePoint = std::chrono::time_point<Clock, Duration>;
  auto wait = std::chrono::duration_cast<Duration>(bounded_wait(after));
  if (from.time_since_epoch() > Duration::max() - wait)
    return TimePoint::max();
  return from + wait;
}

/// a + b in milliseconds, saturating at the largest count (for sums of
/// timeouts before they reach bounded_wait).
constexpr std::chrono::milliseconds saturating_sum(std::chrono::milliseconds a,
                                                   std::chrono::milliseconds b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a.count(), b.count(), &sum))
    return b.count() > 0 ? std::chrono::milliseconds::max() : std::chrono::milliseconds::min();
  return std::chrono::milliseconds{sum};
}

/// a * n in milliseconds, saturating (a timeout per test times a batch's size).
constexpr std::chrono::milliseconds saturating_product(std::chrono::milliseconds a,
                                                       std::int64_t n) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a.count(), n, &product))
    return (a.count() < 0) != (n < 0) ? std::chrono::milliseconds::min()
                                      : std::chrono::milliseconds::max();
  return std::chrono::milliseconds{product};
}

} // namespace shardline
