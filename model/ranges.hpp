#pragma once

// The documented range of every number a client sends: milliseconds, counts
// and sizes (docs/API.md, "Ranges"). Codecs, the command line and the OpenAPI
// document read them from here, so the three cannot disagree. The bounds keep
// every deadline the runtime computes from them far from overflow: the
// largest millisecond value is 24 h.

#include <cstdint>
#include <string>
#include <string_view>

namespace shardline {

/// The integers a field accepts, both ends included, and how a person says
/// the upper end (`24 h`), or empty for plain counts.
struct ValueRange {
  std::int64_t min;
  std::int64_t max;
  std::string_view spoken_max = {};

  constexpr bool contains(std::int64_t value) const { return value >= min && value <= max; }
};

namespace ranges {

inline constexpr std::int64_t hour_ms = 3'600'000;
inline constexpr std::int64_t day_ms = 24 * hour_ms;

inline constexpr ValueRange test_timeout_ms{1, day_ms, "24 h"};
inline constexpr ValueRange heartbeat_interval_ms{1, hour_ms, "1 h"};
inline constexpr ValueRange heartbeat_timeout_ms{2, day_ms, "24 h"};
inline constexpr ValueRange worker_count{1, 10'000};
inline constexpr ValueRange retries{0, 100};
inline constexpr ValueRange max_failures{0, 1'000'000}; // 0: no limit
inline constexpr ValueRange estimated_duration_ms{0, day_ms, "24 h"};
inline constexpr ValueRange priority{-1'000'000, 1'000'000};
inline constexpr ValueRange line{1, 100'000'000};

} // namespace ranges

/// `1 to 86400000 (24 h)`.
std::string describe(const ValueRange& range);

/// `9007199254740992 is out of range; allowed: 1 to 86400000 (24 h)`; `value`
/// is the number as the user wrote it.
std::string out_of_range_message(std::string_view value, const ValueRange& range);

} // namespace shardline
