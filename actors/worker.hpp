#pragma once

#include "actors/interfaces.hpp"
#include "actors/test_executor.hpp"

#include <caf/fwd.hpp>

#include <memory>

namespace shardline {

/// Spawns nothing by itself: the behavior of a WORKER actor. On start it
/// registers with `coordinator`, then heartbeats at the interval the
/// coordinator answers. Runs at most `profile.capabilities.maxConcurrent`
/// tests at once through `executor`; further runs wait in order.
worker_actor::behavior_type worker(worker_actor::stateful_pointer<struct worker_state> self,
                                   coordinator_actor coordinator, WorkerProfile profile,
                                   std::shared_ptr<TestExecutor> executor);

/// Spawns a worker in `system` that registers with `coordinator`.
worker_actor spawn_worker(caf::actor_system& system, coordinator_actor coordinator,
                          WorkerProfile profile, std::shared_ptr<TestExecutor> executor);

} // namespace shardline
