#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace shardline {

/// What a session knows of one of its shards when it picks one.
struct ShardLoad {
  std::string_view worker_id; // empty while the shard has no worker
  std::int64_t queued_ms = 0; // estimated work planned there, not yet handed out
};

/// Where a retry goes: to a shard whose worker is not the one the test just
/// failed on, the least queued of them; failing that, the least queued shard
/// with a worker. None when no shard has a worker.
std::optional<int> retry_shard(std::span<const ShardLoad> shards, std::string_view last_worker);

/// Whom an idle shard steals from: a shard with queued work other than the
/// thief, preferring one without a worker (its tests would only wait), then
/// the one with the most estimated work left. None when nobody has work.
std::optional<int> steal_victim(std::span<const ShardLoad> shards, int thief);

} // namespace shardline
