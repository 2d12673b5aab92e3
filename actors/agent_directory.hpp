#pragma once

#include "actors/http_agent.hpp"
#include "actors/interfaces.hpp"

#include <caf/fwd.hpp>

#include <chrono>

namespace shardline {

/// Spawns the AGENT DIRECTORY in `system`: it spawns an HTTP agent per
/// registration (linked to it, so they stop together), registers it with
/// `coordinator`, and passes each poll and report to the agent of that
/// worker id, which answers the caller directly. An agent silent for
/// `drop_after` after its expiry leaves, and the directory forgets its id:
/// its polls and reports then fail with `unknown_worker`.
agent_directory_actor
spawn_agent_directory(caf::actor_system& system, coordinator_actor coordinator,
                      std::chrono::milliseconds drop_after = agent_drop_after);

} // namespace shardline
