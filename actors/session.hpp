#pragma once

#include "actors/interfaces.hpp"
#include "actors/readouts.hpp"

#include <string>
#include <vector>

namespace shardline {

/// A worker a session may use.
struct WorkerBinding {
  std::string id;
  worker_actor handle;
  int slots = 1;
};

/// The behavior of a SESSION actor. Plans `request.tests` with the
/// configured strategy into `config.workerCount` shards, binds the first
/// shards to `workers` (the rest wait for a worker, or are stolen from), and
/// runs until every test has a final result, a cancel, or maxFailures.
/// The strategy name must be valid (the coordinator checks it). It publishes
/// its state to `readouts.board` and its counts to `readouts.metrics`, and
/// tells `coordinator` (when given) that it ended. With a `store`, a result
/// counts (for observers, status, results and whoever reported it) once the
/// store has committed it, and the session is saved at its start and end.
session_actor::behavior_type session(session_actor::stateful_pointer<struct session_state> self,
                                     std::string id, SessionRequest request,
                                     std::vector<WorkerBinding> workers, Readouts readouts,
                                     coordinator_actor coordinator, store_actor store = {});

} // namespace shardline
