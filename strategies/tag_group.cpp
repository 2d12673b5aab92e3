#include "strategies/fair_share.hpp"
#include "strategies/tag_modes.hpp"

#include <vector>

namespace shardline {

void place_tag_groups(const Groups& tags, std::span<const std::int64_t> estimates,
                      std::int64_t fair_share, BinHeap& shards, ShardPlan& plan) {
  const auto weights = group_weights(tags, estimates);
  for (const auto tag : heaviest_first(weights)) {
    const auto members = tags.of(tag);
    if (shards.size() == 1 || weights[tag] <= fair_share) {
      plan.append(shards.add_to_least(weights[tag]), members);
      continue;
    }
    // Taking the chosen shards out of the heap and putting them back after
    // costs O(k log m) per heavy tag instead of a scan over all shards.
    const auto count = shares_needed(weights[tag], fair_share, shards.size());
    std::vector<Bin> chosen;
    chosen.reserve(count);
    while (chosen.size() < count)
      chosen.push_back(shards.pop_least());
    BinHeap group_shards(std::move(chosen));
    for (const auto& placement : place_tests_longest_first(members, estimates, group_shards))
      plan.append(placement.bin, placement.item);
    while (!group_shards.empty())
      shards.push(group_shards.pop_least());
  }
}

} // namespace shardline
