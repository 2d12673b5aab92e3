#pragma once

#include "actors/interfaces.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace shardline {

/// The behavior of a SHARD actor: shard `index` of `session`. `estimates`
/// holds every test's effective estimate (for work stealing); a run request
/// to the worker fails after `run_timeout`. Starts unbound with an empty queue.
shard_actor::behavior_type shard(shard_actor::stateful_pointer<struct shard_state> self,
                                 session_actor session, int index,
                                 std::shared_ptr<const std::vector<std::int64_t>> estimates,
                                 std::chrono::milliseconds run_timeout);

} // namespace shardline
