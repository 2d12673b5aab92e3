#pragma once

#include "actors/interfaces.hpp"

#include <caf/fwd.hpp>

#include <chrono>

namespace shardline {

/// How much longer than the coordinator the agent keeps its tests after the
/// last poll: the coordinator takes a silent worker offline (and its session
/// moves the tests on) first, so the batches the agent then ends count as
/// lost once, not twice.
inline constexpr std::chrono::seconds agent_expiry_grace{1};

/// How long an agent that lost its tests for silence is kept (listed offline,
/// answered as before) before it is dropped: long enough for an agent behind
/// a network hiccup or a restart to come back under its id, short enough that
/// agents that are gone for good do not pile up in the workers list.
inline constexpr std::chrono::minutes agent_drop_after{5};

/// The behavior of the HTTP AGENT actor. On start it registers with
/// `coordinator` as `profile` (`register_` answers the outcome). Batches it
/// is handed wait in its book until the agent polls; each poll forwards a
/// heartbeat to the coordinator and restarts the expiry: an agent silent for
/// the heartbeat timeout (plus agent_expiry_grace) loses every test it holds,
/// and each batch answers its unreported epochs as not run; so does one whose
/// poll comes later than the heartbeat timeout, before anything else. Silent
/// for `drop_after` more, it quits normally: the coordinator and the
/// directory forget it. Results the agent reports go to their batch's sink
/// signed with the worker id; a batch answers once all its tests reported. If
/// the coordinator refuses it, the actor quits with that error. When it
/// exits, the coordinator (which monitors it) has its sessions release its
/// tests.
http_agent_actor::behavior_type
http_agent(http_agent_actor::stateful_pointer<struct http_agent_state> self,
           coordinator_actor coordinator, WorkerProfile profile,
           std::chrono::milliseconds drop_after);

/// Spawns an HTTP agent in `system` that registers with `coordinator`; ask it
/// `register_` for the worker id.
http_agent_actor spawn_http_agent(caf::actor_system& system, coordinator_actor coordinator,
                                  WorkerProfile profile,
                                  std::chrono::milliseconds drop_after = agent_drop_after);

} // namespace shardline
