#include "strategies/tag.hpp"

#include "strategies/estimates.hpp"
#include "strategies/fair_share.hpp"
#include "strategies/tag_modes.hpp"

#include <utility>

namespace shardline {

std::vector<TestAllocation> TagStrategy::plan(std::vector<TestFile> tests, int worker_count,
                                              const StrategyOptions& options) const {
  const auto estimates = effective_estimates(tests);
  const auto tags = group_by_tag(tests);
  BinHeap shards(worker_count);
  ShardPlan plan(worker_count);
  if (options.tag_mode == TagMode::group)
    place_tag_groups(tags, estimates, fair_share(total_estimate(estimates), worker_count), shards,
                     plan);
  else
    spread_tags(tags, estimates, shards, plan);

  std::vector<std::size_t> untagged;
  for (std::size_t test = 0; test < tests.size(); ++test)
    if (!group_tag(tests[test]))
      untagged.push_back(test);
  for (const auto& placement : place_tests_longest_first(untagged, estimates, shards))
    plan.append(placement.bin, placement.item);
  return std::move(plan).allocate(std::move(tests), estimates);
}

} // namespace shardline
