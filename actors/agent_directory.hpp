#pragma once

#include "actors/http_agent.hpp"
#include "actors/interfaces.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <cstddef>

namespace shardline {

/// How many HTTP agents a server keeps registered at once, by default: each
/// holds an actor, a book and a place in the workers list.
inline constexpr std::size_t default_max_agents = 256;

/// Spawns the AGENT DIRECTORY in `system`: it spawns an HTTP agent per
/// registration (linked to it, so they stop together), registers it with
/// `coordinator`, and passes each poll and report to the agent of that
/// worker id, which answers the caller directly. An agent silent for
/// `drop_after` after its expiry leaves, and the directory forgets its id:
/// its polls and reports then fail with `unknown_worker`. At most
/// `max_agents` are registered at once: one more registration fails with
/// `full` until one leaves.
agent_directory_actor spawn_agent_directory(caf::actor_system& system,
                                            coordinator_actor coordinator,
                                            std::chrono::milliseconds drop_after = agent_drop_after,
                                            std::size_t max_agents = default_max_agents);

} // namespace shardline
