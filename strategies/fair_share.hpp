#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace shardline {

/// The saturating sum of `estimates`.
std::int64_t total_estimate(std::span<const std::int64_t> estimates);

/// What each of `worker_count` shards would hold if the suite split
/// perfectly: total / worker_count, rounded down. A group is heavier than the
/// fair share exactly when weight > fair_share(...), rounding included.
std::int64_t fair_share(std::int64_t total, int worker_count);

/// How many shards a group of `weight` needs at a fair share each:
/// ceil(weight / fair_share), at most `limit`. With a fair share of 0 every
/// group is heavier than it, so the answer is `limit`.
std::size_t shares_needed(std::int64_t weight, std::int64_t fair_share, std::size_t limit);

} // namespace shardline
