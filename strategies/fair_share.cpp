#include "strategies/fair_share.hpp"

#include "strategies/saturating.hpp"

#include <algorithm>

namespace shardline {

std::int64_t total_estimate(std::span<const std::int64_t> estimates) {
  std::int64_t total = 0;
  for (const auto estimate : estimates)
    total = saturating_add(total, estimate);
  return total;
}

std::int64_t fair_share(std::int64_t total, int worker_count) {
  return total / worker_count;
}

std::size_t shares_needed(std::int64_t weight, std::int64_t fair_share, std::size_t limit) {
  if (fair_share <= 0)
    return limit;
  const auto needed = weight / fair_share + (weight % fair_share != 0 ? 1 : 0);
  return std::min(static_cast<std::size_t>(std::max<std::int64_t>(needed, 1)), limit);
}

} // namespace shardline
