#include "http/event_feed.hpp"

#include "http/event_hub.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/system_messages.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace shardline::http {

namespace {

struct event_hub_state {
  static inline constexpr auto name = "event-hub";
  event_hub_state() = default; // not an aggregate: see actors/session_state.hpp

  EventHub hub;
  std::string session_id;
  session_actor session;
  std::shared_ptr<EventFeeds> feeds;
  std::chrono::milliseconds interval{20};
  std::uint64_t joins = 0; // received
  int joining = 0;         // joins waiting for the session's current state
  bool publish_scheduled = false;
  bool cooling = false; // handed events over less than `interval` ago
};

using self_pointer = event_hub_actor::stateful_pointer<event_hub_state>;

constexpr auto status_timeout = std::chrono::seconds{5};

// Ends the hub once it has no stream and none is on its way.
void retire_if_idle(self_pointer self) {
  auto& st = self->state;
  if (st.joining == 0 && st.hub.streams() == 0 &&
      st.feeds->retire(st.session_id, self->address(), st.joins))
    self->quit();
}

void hand_over(self_pointer self) {
  auto& st = self->state;
  st.hub.flush();
  st.cooling = true;
  self->delayed_send(self, st.interval, atom::tick::value);
  retire_if_idle(self); // a stream that overflowed is gone
}

// Events go out at the end of what the mailbox holds now (the first after a
// quiet spell), then at most once per interval.
void schedule(self_pointer self) {
  auto& st = self->state;
  if (!st.hub.pending() || st.publish_scheduled || st.cooling)
    return;
  st.publish_scheduled = true;
  self->send(self, atom::publish::value);
}

event_hub_actor::behavior_type event_hub(self_pointer self, std::string session_id,
                                         session_actor session, coordinator_actor coordinator,
                                         std::shared_ptr<EventFeeds> feeds,
                                         std::chrono::milliseconds interval) {
  auto& st = self->state;
  st.session_id = std::move(session_id);
  st.session = std::move(session);
  st.feeds = std::move(feeds);
  st.interval = interval;
  self->monitor(st.session);
  self->set_down_handler([self](const caf::down_msg& down) {
    if (down.source != self->state.session.address())
      return;
    self->state.hub.lost(); // no final state: the clients reconnect and hear
    retire_if_idle(self);
  });
  // Both tell their current state first: every shard, every worker.
  self->send(st.session, atom::subscribe::value, session_events_actor{self});
  self->send(coordinator, atom::watch::value, worker_observer_actor{self});
  return {
      [self](atom::result, const TestResult& result) {
        self->state.hub.result(result);
        schedule(self);
      },
      [self](atom::progress, const ExecutionProgress& progress) {
        self->state.hub.progress(progress);
        schedule(self);
      },
      [self](atom::shard, const ShardStatus& shard) {
        self->state.hub.shard(shard);
        schedule(self);
      },
      [self](atom::worker, const Worker& worker) {
        self->state.hub.worker(worker);
        schedule(self);
      },
      [self](atom::ended, const ExecutionSession& final_state) {
        self->state.hub.ended(final_state);
        retire_if_idle(self);
      },
      [self](join_atom, std::shared_ptr<EventStream> stream) {
        auto& st = self->state;
        ++st.joins;
        if (st.hub.over()) {
          st.hub.join(std::move(stream), {});
          return retire_if_idle(self);
        }
        // The session answers after every event it sent before: the state
        // is as new as what the hub heard.
        ++st.joining;
        stream->on_close(
            [hub = event_hub_actor{self}] { caf::anon_send(hub, atom::forget::value); });
        self->request(st.session, status_timeout, atom::status::value)
            .then(
                [self, stream](const ExecutionSession& current) {
                  --self->state.joining;
                  self->state.hub.join(stream, current);
                  retire_if_idle(self);
                },
                [self, stream](const caf::error&) {
                  --self->state.joining;
                  stream->close(); // the client reconnects
                  retire_if_idle(self);
                });
      },
      [self](atom::forget) { retire_if_idle(self); },
      [self](atom::publish) {
        self->state.publish_scheduled = false;
        if (!self->state.cooling)
          hand_over(self);
      },
      [self](atom::tick) {
        auto& st = self->state;
        st.cooling = false;
        if (st.hub.pending())
          hand_over(self);
      },
  };
}

} // namespace

void EventFeeds::join(caf::actor_system& system, const coordinator_actor& coordinator,
                      const std::string& session_id, const session_actor& session,
                      std::shared_ptr<EventStream> stream) {
  std::lock_guard lock(mutex_);
  auto it = hubs_.find(session_id);
  if (it == hubs_.end()) {
    auto hub =
        system.spawn(event_hub, session_id, session, coordinator, shared_from_this(), interval_);
    it = hubs_.emplace(session_id, Entry{std::move(hub), 0}).first;
  }
  // Sent under the lock: retire() compares the count with what the hub received.
  ++it->second.joins_sent;
  caf::anon_send(it->second.hub, join_atom::value, std::move(stream));
}

bool EventFeeds::retire(const std::string& session_id, const caf::actor_addr& hub,
                        std::uint64_t joins_received) {
  std::lock_guard lock(mutex_);
  auto it = hubs_.find(session_id);
  if (it == hubs_.end() || it->second.hub.address() != hub)
    return true; // not (or no longer) the session's hub
  if (it->second.joins_sent != joins_received)
    return false;
  hubs_.erase(it);
  return true;
}

std::size_t EventFeeds::hubs() const {
  std::lock_guard lock(mutex_);
  return hubs_.size();
}

} // namespace shardline::http
