#include "actors/worker.hpp"

#include "actors/failure.hpp"
#include "actors/worker_state.hpp"
#include "model/deadline.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>

namespace shardline {

namespace {

using self_pointer = worker_actor::stateful_pointer<worker_state>;

int slots(const worker_state& st) {
  return std::max(1, st.profile.capabilities.max_concurrent);
}

// Starts waiting batches while slots are free. Results go from the
// executor's thread straight to the sink; only the end of a batch comes back
// here, to free its slot and answer the request.
void start_waiting(self_pointer self) {
  auto& st = self->state;
  // Results are signed with the worker's id: a batch handed over before the
  // registration's answer arrived waits for it (unsigned results are stale).
  if (st.id.empty())
    return;
  while (st.running < slots(st) && !st.waiting.empty()) {
    auto run_id = st.waiting.front();
    st.waiting.pop_front();
    auto& run = st.runs.at(run_id);
    run.started = true;
    ++st.running;
    auto handle = caf::actor_cast<worker_actor>(self);
    st.executor->start(
        run_id, std::move(run.batch),
        [sink = run.sink, worker_id = st.id](std::uint64_t epoch, TestResult result) {
          result.worker_id = worker_id;
          caf::anon_send(sink, atom::result::value, epoch, std::move(result));
        },
        [handle, run_id](std::vector<std::uint64_t> not_run) {
          caf::anon_send(handle, atom::done::value, run_id, std::move(not_run));
        });
  }
}

void heartbeat(self_pointer self) {
  auto& st = self->state;
  self->send(st.coordinator, atom::heartbeat::value, st.id, ++st.heartbeat_seq);
  self->delayed_send(self, bounded_wait(st.heartbeat_interval), atom::tick::value);
}

} // namespace

worker_actor::behavior_type worker(self_pointer self, coordinator_actor coordinator,
                                   WorkerProfile profile, std::shared_ptr<TestExecutor> executor) {
  auto& st = self->state;
  st.coordinator = std::move(coordinator);
  st.profile = std::move(profile);
  st.executor = std::move(executor);
  self->request(st.coordinator, caf::infinite, atom::register_::value, st.profile,
                caf::actor_cast<worker_actor>(self))
      .then(
          [self](const std::string& id, std::int64_t interval_ms, std::int64_t) {
            self->state.id = id;
            self->state.heartbeat_interval = std::chrono::milliseconds{interval_ms};
            heartbeat(self);
            start_waiting(self);
          },
          [self](const caf::error& error) { self->quit(error); });
  return {
      [self](atom::run, std::vector<TestAssignment>& batch,
             result_sink_actor& sink) -> caf::result<std::vector<std::uint64_t>> {
        auto& st = self->state;
        auto run_id = st.next_run++;
        auto promise = self->make_response_promise<std::vector<std::uint64_t>>();
        auto session_id = batch.empty() ? std::string{} : batch.front().session_id;
        st.runs.emplace(run_id, worker_state::Run{std::move(session_id), std::move(batch),
                                                  std::move(sink), promise, false});
        st.waiting.push_back(run_id);
        start_waiting(self);
        return promise;
      },
      [self](atom::cancel, const std::string& session_id) {
        auto& st = self->state;
        for (auto it = st.runs.begin(); it != st.runs.end();) {
          auto& [run_id, run] = *it;
          if (run.session_id != session_id) {
            ++it;
          } else if (run.started) {
            st.executor->cancel(run_id); // its done() answers the request
            ++it;
          } else {
            run.promise.deliver(
                make_error(failure::cancelled, "session " + session_id + " was cancelled"));
            std::erase(st.waiting, run_id);
            it = st.runs.erase(it);
          }
        }
      },
      [self](atom::ended, const std::string& session_id) {
        self->state.executor->session_over(session_id);
      },
      [self](atom::done, std::uint64_t run_id, std::vector<std::uint64_t> not_run) {
        auto& st = self->state;
        auto it = st.runs.find(run_id);
        if (it == st.runs.end())
          return;
        it->second.promise.deliver(std::move(not_run));
        st.runs.erase(it);
        --st.running;
        start_waiting(self);
      },
      [self](atom::tick) { heartbeat(self); },
  };
}

worker_actor spawn_worker(caf::actor_system& system, coordinator_actor coordinator,
                          WorkerProfile profile, std::shared_ptr<TestExecutor> executor) {
  return system.spawn(worker, std::move(coordinator), std::move(profile), std::move(executor));
}

} // namespace shardline
