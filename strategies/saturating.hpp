#pragma once

#include <cstdint>
#include <limits>

namespace shardline {

/// a + b, clamped to the int64 range: estimates near INT64_MAX must make a
/// shard look very long, never wrap it around to a negative load.
constexpr std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum))
    return b > 0 ? std::numeric_limits<std::int64_t>::max()
                 : std::numeric_limits<std::int64_t>::min();
  return sum;
}

} // namespace shardline
