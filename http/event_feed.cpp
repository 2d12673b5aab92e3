#include "http/event_feed.hpp"

#include "model/json_text.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace shardline::http {

namespace {

// The feed is a session observer that also ticks: shard and worker changes
// are found by comparing what the session and the coordinator answer with
// what the client was last told, at each tick after a progress and at least
// every `quiet_ticks` ticks. Not after every progress: a worker list asks each
// running session which tests it holds, a scan of its suite, and a session
// of no-op tests makes progress thousands of times a second.
using event_feed_actor =
    session_observer_actor::extend_with<caf::typed_actor<caf::reacts_to<atom::tick>>>;

struct event_feed_state {
  static inline constexpr auto name = "event-feed";
  event_feed_state() = default;

  std::shared_ptr<EventStream> stream;
  session_actor session;
  coordinator_actor coordinator;
  std::chrono::milliseconds tick{250};
  int quiet_ticks = 4; // a refresh at least this often, progress or not
  int ticks_since_refresh = 0;
  bool progressed = false;                    // since the last refresh
  std::map<int, std::string> shards;          // shard index -> its last event's data
  std::map<std::string, std::string> workers; // worker id -> its last event's data
  bool refreshing = false;                    // a status query is under way
  bool refresh_again = false;                 // something changed meanwhile
  bool ended = false;
};

using self_pointer = event_feed_actor::stateful_pointer<event_feed_state>;

constexpr auto query_timeout = std::chrono::seconds{5};

void push(self_pointer self, std::string_view name, const nlohmann::json& data,
          std::string_view coalesce_key = {}) {
  if (!self->state.stream->push(name, to_json_text(data), coalesce_key))
    self->quit();
}

// Tells the client about shards and workers that changed since last time.
void compare(self_pointer self, const ExecutionSession& session, const std::vector<Worker>& all) {
  auto& st = self->state;
  std::set<std::string> session_workers;
  for (const auto& shard : session.shards) {
    if (!shard.worker_id.empty())
      session_workers.insert(shard.worker_id);
    auto json = encode(shard);
    auto text = to_json_text(json);
    auto& last = st.shards[shard.shard_index];
    if (last != text) {
      last = std::move(text);
      push(self, "shard", json);
    }
  }
  for (const auto& worker : all) {
    if (!session_workers.contains(worker.id) && !st.workers.contains(worker.id))
      continue;
    auto json = encode(worker);
    json.erase("lastHeartbeat"); // changes every heartbeat; not news
    auto text = to_json_text(json);
    auto& last = st.workers[worker.id];
    if (last != text) {
      last = std::move(text);
      push(self, "worker", encode(worker));
    }
  }
}

void refresh(self_pointer self) {
  auto& st = self->state;
  if (st.ended)
    return;
  if (st.refreshing) {
    st.refresh_again = true;
    return;
  }
  st.refreshing = true;
  st.refresh_again = false;
  st.progressed = false;
  st.ticks_since_refresh = 0;
  auto done = [self] {
    self->state.refreshing = false;
    if (self->state.refresh_again)
      refresh(self);
  };
  self->request(st.session, query_timeout, atom::status::value)
      .then(
          [self, done](const ExecutionSession& session) {
            self->request(self->state.coordinator, query_timeout, atom::workers::value)
                .then(
                    [self, session, done](const std::vector<Worker>& workers) {
                      if (!self->state.ended)
                        compare(self, session, workers);
                      done();
                    },
                    [done](const caf::error&) { done(); });
          },
          [done](const caf::error&) { done(); });
}

event_feed_actor::behavior_type event_feed(self_pointer self, std::shared_ptr<EventStream> stream,
                                           session_actor session, coordinator_actor coordinator,
                                           std::chrono::milliseconds tick) {
  auto& st = self->state;
  st.stream = std::move(stream);
  st.session = std::move(session);
  st.coordinator = std::move(coordinator);
  st.tick = tick;
  // The current state first: the session, then (compare) its shards and workers,
  // then the subscription's first progress.
  self->request(st.session, query_timeout, atom::status::value)
      .then(
          [self](const ExecutionSession& current) {
            push(self, "session", encode(current));
            self->request(self->state.coordinator, query_timeout, atom::workers::value)
                .then(
                    [self, current](const std::vector<Worker>& workers) {
                      compare(self, current, workers);
                      self->send(self->state.session, atom::subscribe::value,
                                 session_observer_actor{self});
                      self->delayed_send(self, self->state.tick, atom::tick::value);
                    },
                    [self](const caf::error&) { self->quit(); });
          },
          [self](const caf::error&) { self->quit(); });
  return {
      [self](atom::result, const TestResult& result) { push(self, "result", encode(result)); },
      [self](atom::progress, const ExecutionProgress& progress) {
        push(self, "progress", encode(progress), "progress");
        self->state.progressed = true;
      },
      [self](atom::ended, const ExecutionSession& final_state) {
        auto& st = self->state;
        for (const auto& shard : final_state.shards)
          if (st.shards[shard.shard_index] != to_json_text(encode(shard)))
            push(self, "shard", encode(shard));
        st.ended = true;
        push(self, "session", encode(final_state));
        st.stream->close();
        self->quit();
      },
      [self](atom::tick) {
        auto& st = self->state;
        if (st.progressed || ++st.ticks_since_refresh >= st.quiet_ticks)
          refresh(self);
        self->delayed_send(self, st.tick, atom::tick::value);
      },
  };
}

} // namespace

void spawn_event_feed(caf::actor_system& system, std::shared_ptr<EventStream> stream,
                      session_actor session, coordinator_actor coordinator,
                      std::chrono::milliseconds tick) {
  auto feed = system.spawn(event_feed, stream, std::move(session), std::move(coordinator), tick);
  stream->on_close([feed] { caf::anon_send_exit(feed, caf::exit_reason::user_shutdown); });
}

} // namespace shardline::http
