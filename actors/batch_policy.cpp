#include "actors/batch_policy.hpp"

#include <algorithm>

namespace shardline {

std::size_t batch_size(RunnerKind kind, const std::deque<std::uint64_t>& queue,
                       const std::vector<std::int64_t>& estimates) {
  if (queue.empty())
    return 0;
  if (kind == RunnerKind::command)
    return 1;
  long double total = 0; // estimates may each be near INT64_MAX
  for (auto test : queue)
    total += static_cast<long double>(estimates[test]);
  auto target = std::max<long double>(total / 2, min_playwright_batch_ms);
  long double taken = 0;
  std::size_t count = 0;
  while (count < queue.size() && (count == 0 || taken < target))
    taken += static_cast<long double>(estimates[queue[count++]]);
  return count;
}

} // namespace shardline
