#include "actors/archived_session.hpp"

#include "actors/failure.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <memory>

namespace shardline {

session_actor::behavior_type archived_session(session_actor::pointer self, ExecutionSession summary,
                                              store_reader_actor reader) {
  auto final_state = std::make_shared<const ExecutionSession>(std::move(summary));
  return {
      [final_state](atom::start) {
        return SessionStarted{final_state->session_id, final_state->status, {}};
      },
      // -- queries --
      [final_state](atom::status) { return *final_state; },
      [self, reader, final_state](atom::results) {
        return self->delegate(reader, atom::results::value, final_state->session_id);
      },
      [final_state](atom::cancel) -> caf::result<ExecutionSession> {
        return make_error(failure::session_finished,
                          "session " + final_state->session_id + " already ended (" +
                              std::string{to_string(final_state->status)} + ")");
      },
      [final_state](atom::await) { return *final_state; },
      [](atom::held) { return std::vector<HeldTests>{}; },
      // -- from the coordinator: it runs nothing --
      [](atom::lost, const std::string&) {},
      [](atom::joined, const std::string&, const worker_actor&, int) {},
      [](atom::drain, const std::string&) {},
      // -- from shards: it has none; a late result is stale --
      [](atom::dispatch, int, const std::vector<TestIndex>&) {
        return std::vector<TestAssignment>{};
      },
      [](atom::result, int, std::uint64_t, const TestResult&) {},
      [](atom::commit, int, std::uint64_t, const TestResult&) { return false; },
      [](atom::lost, int, const std::vector<HandedBack>&) {},
      [](atom::steal, int) {},
      [](atom::drained, int) {},
      // -- observers: it has ended --
      [self, final_state](atom::subscribe, const session_observer_actor& observer) {
        self->send(observer, atom::progress::value, final_state->progress);
        self->send(observer, atom::ended::value, *final_state);
      },
      [self, final_state](atom::subscribe, const session_events_actor& watcher) {
        self->send(watcher, atom::progress::value, final_state->progress);
        for (const auto& shard : final_state->shards)
          self->send(watcher, atom::shard::value, shard);
        self->send(watcher, atom::ended::value, *final_state);
      },
      [](atom::publish) {},
  };
}

} // namespace shardline
