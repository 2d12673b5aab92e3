#pragma once

#include "actors/interfaces.hpp"
#include "http/exchange.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <memory>

namespace shardline::http {

/// Spawns the actor behind one client's server-sent event stream of a
/// session. It sends the current state first (a `session` event, a `shard`
/// event per shard, a `worker` event per worker of the session, `progress`),
/// then what happens: `result` per attempt, `progress` (coalesced: a slow
/// client skips to the latest), `shard` and `worker` when one changes, and a
/// final `session` event, after which the stream ends. It stops when the
/// client goes away. Shard and worker changes are looked for every `tick`
/// after a progress, and every 4 ticks in any case.
void spawn_event_feed(caf::actor_system& system, std::shared_ptr<EventStream> stream,
                      session_actor session, coordinator_actor coordinator,
                      std::chrono::milliseconds tick = std::chrono::milliseconds{250});

} // namespace shardline::http
