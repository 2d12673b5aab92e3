#pragma once

#include "actors/interfaces.hpp"

#include <caf/fwd.hpp>

namespace shardline {

/// Spawns the AGENT DIRECTORY in `system`: it spawns an HTTP agent per
/// registration (linked to it, so they stop together), registers it with
/// `coordinator`, and passes each poll and report to the agent of that
/// worker id, which answers the caller directly.
agent_directory_actor spawn_agent_directory(caf::actor_system& system,
                                            coordinator_actor coordinator);

} // namespace shardline
