#pragma once

#include "actors/interfaces.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace shardline {

class RuntimeMetrics;

/// The behavior of a SHARD actor: shard `index` of `session`. `estimates`
/// holds every test's effective estimate (for batches and work stealing); a
/// batch request to the worker fails after `run_timeout` per test in it;
/// `runner` decides the batch sizes; each batch's dispatch latency goes to
/// `metrics` when given. `units` holds every test's unit number
/// (strategies/units.hpp): a batch or a steal never splits a unit. Null:
/// every test is a unit of its own. Starts unbound with an empty queue.
shard_actor::behavior_type shard(shard_actor::stateful_pointer<struct shard_state> self,
                                 session_actor session, int index,
                                 std::shared_ptr<const std::vector<std::int64_t>> estimates,
                                 std::chrono::milliseconds run_timeout, RunnerKind runner,
                                 std::shared_ptr<RuntimeMetrics> metrics = nullptr,
                                 std::shared_ptr<const std::vector<std::uint32_t>> units = nullptr);

} // namespace shardline
