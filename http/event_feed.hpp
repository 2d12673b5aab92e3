#pragma once

// The server-sent event streams of sessions: one EVENT HUB actor per session
// with streams open, subscribed to the session (results, progress, shards) and
// watching the coordinator's workers, pushes each event, encoded once, to all
// of that session's streams (EventHub). Nothing is polled: the session and the
// coordinator tell the hub as things happen. A hub lives while it has streams.

#include "actors/interfaces.hpp"
#include "http/exchange.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/fwd.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

// A stream is handed to its hub within this process, never serialised.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<shardline::http::EventStream>)

namespace shardline::http {

using join_atom = caf::atom_constant<caf::atom("join")>;

/// The EVENT HUB actor interface: hears a session's events and its
/// coordinator's worker changes, and hands them to the session's streams.
using event_hub_actor = session_events_actor::extend_with<worker_observer_actor>::extend<
    // A stream joins: it gets the current state, then what happens.
    caf::reacts_to<join_atom, std::shared_ptr<EventStream>>,
    // A stream closed.
    caf::reacts_to<atom::forget>,
    // Internal: hand what is pending to the streams.
    caf::reacts_to<atom::publish>,
    // Internal: the least time between two hand-overs has passed.
    caf::reacts_to<atom::tick>>;

/// The event hubs of a server, by session id. Thread-safe: any I/O thread
/// joins a stream, a hub retires itself from its own actor.
class EventFeeds : public std::enable_shared_from_this<EventFeeds> {
public:
  /// `interval`: the least time between two hand-overs of events to the
  /// streams (the first event after a quiet spell goes at once). Writing
  /// every event to every socket alone would cost a system call per event
  /// and stream; a client sees events at most this much later.
  explicit EventFeeds(std::chrono::milliseconds interval = std::chrono::milliseconds{20})
      : interval_(interval) {}

  /// Joins `stream` to the hub of session `session_id`, spawning one (it
  /// subscribes to `session` and watches `coordinator`'s workers) when the
  /// session has none.
  void join(caf::actor_system& system, const coordinator_actor& coordinator,
            const std::string& session_id, const session_actor& session,
            std::shared_ptr<EventStream> stream);

  /// For a hub without streams: whether it may end, because no join is on
  /// its way to it (it has received `joins_received` of them). Then it is
  /// forgotten, and the next stream of its session gets a new hub.
  bool retire(const std::string& session_id, const caf::actor_addr& hub,
              std::uint64_t joins_received);

  /// Hubs alive.
  std::size_t hubs() const;

private:
  struct Entry {
    event_hub_actor hub;
    std::uint64_t joins_sent = 0;
  };
  std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> hubs_;
};

} // namespace shardline::http
