#include "strategies/shard_plan.hpp"

#include "strategies/saturating.hpp"

#include <utility>

namespace shardline {

ShardPlan::ShardPlan(int worker_count) : order_(static_cast<std::size_t>(worker_count)) {}

void ShardPlan::append(int shard, std::size_t test) {
  order_[static_cast<std::size_t>(shard)].push_back(test);
}

void ShardPlan::append(int shard, std::span<const std::size_t> tests) {
  auto& order = order_[static_cast<std::size_t>(shard)];
  order.insert(order.end(), tests.begin(), tests.end());
}

std::vector<TestAllocation> ShardPlan::allocate(std::vector<TestFile> tests,
                                                std::span<const std::int64_t> estimates) && {
  std::vector<TestAllocation> allocations(order_.size());
  for (std::size_t shard = 0; shard < order_.size(); ++shard) {
    auto& allocation = allocations[shard];
    allocation.shard_index = static_cast<int>(shard);
    allocation.tests.reserve(order_[shard].size());
    for (const auto test : order_[shard]) {
      allocation.tests.push_back(std::move(tests[test]));
      allocation.estimated_duration_ms =
          saturating_add(allocation.estimated_duration_ms, estimates[test]);
    }
    order_[shard] = {}; // hand the memory back while the next shard fills
  }
  return allocations;
}

} // namespace shardline
