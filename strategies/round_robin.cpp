#include "strategies/round_robin.hpp"

#include "strategies/estimates.hpp"
#include "strategies/shard_plan.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

namespace shardline {

std::vector<TestAllocation> RoundRobinStrategy::plan(std::vector<TestFile> tests, int worker_count,
                                                     const StrategyOptions&) const {
  std::vector<std::size_t> order(tests.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return tests[a].priority > tests[b].priority;
  });
  ShardPlan plan(worker_count);
  const auto shards = static_cast<std::size_t>(worker_count);
  for (std::size_t turn = 0; turn < order.size(); ++turn)
    plan.append(static_cast<int>(turn % shards), order[turn]);
  const auto estimates = effective_estimates(tests);
  return std::move(plan).allocate(std::move(tests), estimates);
}

} // namespace shardline
