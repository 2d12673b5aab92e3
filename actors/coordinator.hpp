#pragma once

#include "actors/interfaces.hpp"
#include "actors/readouts.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <vector>

namespace shardline {

struct CoordinatorSettings {
  /// How often workers heartbeat, and how long a silent worker stays online.
  std::chrono::milliseconds heartbeat_interval{30000};
  std::chrono::milliseconds heartbeat_timeout{90000};
  /// Where sessions publish their state and everyone their metrics.
  Readouts readouts{}; // an initializer, so {interval, timeout} stays a complete aggregate
  /// Finished sessions kept for their status and results; older ones end
  /// and are forgotten (404), so a long-running server does not grow.
  std::size_t finished_sessions_kept = 100;
  /// A worker whose actor failed (a remote node that died) stays listed
  /// offline this long, then leaves the list; it cannot come back (a new
  /// actor registers under a new id).
  std::chrono::milliseconds dead_worker_listed_for{5 * 60 * 1000};
  /// Where sessions, results and workers are saved; none: nothing is.
  store_actor store{};
  /// Sessions kept from before (oldest first), served as they ended; their
  /// results come from `reader`.
  std::vector<ExecutionSession> restored{};
  store_reader_actor reader{};
};

/// The behavior of the COORDINATOR actor: registers workers, watches their
/// heartbeats (each heartbeat schedules a delayed check carrying its sequence
/// number; a check that finds no newer heartbeat takes the worker offline),
/// monitors them (a worker actor that fails is lost at once and listed
/// offline; one that ends normally has left and is no longer listed), and starts
/// sessions, telling each running session when workers come and go.
coordinator_actor::behavior_type
coordinator(coordinator_actor::stateful_pointer<struct coordinator_state> self,
            CoordinatorSettings settings);

/// Spawns a coordinator in `system`.
coordinator_actor spawn_coordinator(caf::actor_system& system, CoordinatorSettings settings = {});

} // namespace shardline
