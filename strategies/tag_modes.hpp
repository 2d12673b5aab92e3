#pragma once

#include "strategies/groups.hpp"
#include "strategies/lpt.hpp"
#include "strategies/shard_plan.hpp"

#include <cstdint>
#include <span>

namespace shardline {

// The two ways strategy `tag` places tagged tests. Both take the tags
// heaviest first (ties by first appearance), place from and update the
// shards' loads in `shards` (all shards), and append each test to `plan` as
// it is placed.

/// Tag mode group: a tag no heavier than `fair_share` goes as a unit, in input
/// order, onto the least-loaded shard; a heavier one is spread by LPT over the
/// min(shards, ceil(weight / fair_share)) currently least-loaded shards.
void place_tag_groups(const Groups& tags, std::span<const std::int64_t> estimates,
                      std::int64_t fair_share, BinHeap& shards, ShardPlan& plan);

/// Tag mode distribute: a tag's tests, longest first, each onto the shard
/// with the least of this tag's load, then the fewest of this tag's tests,
/// then the least total load, then the lowest index; so every tag spreads
/// evenly over all shards, by count when its estimates are all 0.
void spread_tags(const Groups& tags, std::span<const std::int64_t> estimates, BinHeap& shards,
                 ShardPlan& plan);

} // namespace shardline
