#include "strategies/duration.hpp"

#include "strategies/estimates.hpp"
#include "strategies/lpt.hpp"
#include "strategies/shard_plan.hpp"

#include <utility>

namespace shardline {

std::vector<TestAllocation> DurationStrategy::plan(std::vector<TestFile> tests, int worker_count,
                                                   const StrategyOptions&) const {
  const auto estimates = effective_estimates(tests);
  BinHeap shards(worker_count);
  ShardPlan plan(worker_count);
  for (const auto& placement : place_longest_first(estimates, shards))
    plan.append(placement.bin, placement.item);
  return std::move(plan).allocate(std::move(tests), estimates);
}

} // namespace shardline
