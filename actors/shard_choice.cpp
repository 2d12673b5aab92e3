#include "actors/shard_choice.hpp"

#include <tuple>

namespace shardline {

std::optional<int> retry_shard(std::span<const ShardLoad> shards, std::string_view last_worker) {
  std::optional<int> best;
  // Ranks lower is better: (same worker, queued work).
  auto rank = [&](const ShardLoad& shard) {
    return std::make_tuple(shard.worker_id == last_worker, shard.queued_ms);
  };
  for (std::size_t k = 0; k < shards.size(); ++k) {
    if (shards[k].worker_id.empty())
      continue;
    if (!best || rank(shards[k]) < rank(shards[static_cast<std::size_t>(*best)]))
      best = static_cast<int>(k);
  }
  return best;
}

std::optional<int> steal_victim(std::span<const ShardLoad> shards, int thief) {
  std::optional<int> victim;
  // Ranks higher is better: (has no worker, queued work).
  auto rank = [](const ShardLoad& shard) {
    return std::make_tuple(shard.worker_id.empty(), shard.queued_ms);
  };
  for (std::size_t k = 0; k < shards.size(); ++k) {
    if (static_cast<int>(k) == thief || shards[k].queued_ms <= 0)
      continue;
    if (!victim || rank(shards[k]) > rank(shards[static_cast<std::size_t>(*victim)]))
      victim = static_cast<int>(k);
  }
  return victim;
}

} // namespace shardline
