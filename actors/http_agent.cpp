#include "actors/http_agent.hpp"

#include "actors/http_agent_state.hpp"
#include "model/deadline.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/system_messages.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace shardline {

namespace {

using self_pointer = http_agent_actor::stateful_pointer<http_agent_state>;

// Answers the batches that are over with the epochs that never reported.
void end_runs(self_pointer self, std::vector<AgentBook::EndedRun> ended) {
  auto& runs = self->state.runs;
  for (auto& run : ended) {
    auto it = runs.find(run.run_id);
    if (it == runs.end())
      continue;
    it->second.promise.deliver(std::move(run.not_run));
    runs.erase(it);
  }
}

// The agent must poll again within the heartbeat timeout (and the grace);
// each poll makes the previous check stale (CAF 0.17 cannot cancel it).
void schedule_check(self_pointer self) {
  auto& st = self->state;
  self->delayed_send(self, bounded_wait(saturating_sum(st.heartbeat_timeout, agent_expiry_grace)),
                     atom::check::value, ++st.generation);
}

// Answers whoever waits for the registration (it failed, or the agent exits).
void refuse_registration(self_pointer self, const caf::error& reason) {
  auto& st = self->state;
  for (auto& promise : st.awaiting_registration)
    promise.deliver(reason ? reason : caf::make_error(caf::sec::request_receiver_down));
  st.awaiting_registration.clear();
}

void registered(self_pointer self, std::string id, std::int64_t interval_ms,
                std::int64_t timeout_ms) {
  auto& st = self->state;
  st.id = std::move(id);
  st.heartbeat_interval = std::chrono::milliseconds{interval_ms};
  st.heartbeat_timeout = std::chrono::milliseconds{timeout_ms};
  st.heard = self->clock().now();
  schedule_check(self); // the coordinator, too, expects a first heartbeat
  for (auto& promise : st.awaiting_registration)
    promise.deliver(st.id, interval_ms, timeout_ms);
  st.awaiting_registration.clear();
}

} // namespace

http_agent_actor::behavior_type http_agent(self_pointer self, coordinator_actor coordinator,
                                           WorkerProfile profile,
                                           std::chrono::milliseconds drop_after) {
  auto& st = self->state;
  st.coordinator = std::move(coordinator);
  st.profile = std::move(profile);
  st.drop_after = drop_after;
  // An agent that exits leaves its batches unanswered on purpose: the
  // coordinator monitors it and its sessions release its tests at once, while
  // an answer now would free the shards' slots for new batches to a dead
  // actor, each costing its test a lost run. The shards' requests end by
  // their own timeout.
  self->set_exit_handler([self](const caf::exit_msg& exit) {
    refuse_registration(self, exit.reason);
    self->quit(exit.reason);
  });
  self->request(st.coordinator, caf::infinite, atom::register_::value, st.profile,
                caf::actor_cast<worker_actor>(self))
      .then(
          [self](std::string& id, std::int64_t interval_ms, std::int64_t timeout_ms) {
            registered(self, std::move(id), interval_ms, timeout_ms);
          },
          [self](const caf::error& error) {
            refuse_registration(self, error);
            self->quit(error);
          });
  return {
      // -- registration --
      [self](atom::register_) -> caf::result<std::string, std::int64_t, std::int64_t> {
        auto& st = self->state;
        if (!st.id.empty())
          return {st.id, st.heartbeat_interval.count(), st.heartbeat_timeout.count()};
        auto promise = self->make_response_promise<std::string, std::int64_t, std::int64_t>();
        st.awaiting_registration.push_back(promise);
        return promise;
      },
      // -- the worker interface --
      [self](atom::run, std::vector<TestAssignment>& batch,
             result_sink_actor& sink) -> caf::result<std::vector<std::uint64_t>> {
        auto& st = self->state;
        auto run_id = st.next_run++;
        if (st.book.add_batch(run_id, std::move(batch)) == 0)
          return std::vector<std::uint64_t>{};
        auto promise = self->make_response_promise<std::vector<std::uint64_t>>();
        st.runs.emplace(run_id, http_agent_state::Run{std::move(sink), promise});
        return promise;
      },
      [self](atom::cancel, const std::string& session_id) {
        end_runs(self, self->state.book.cancel(session_id));
      },
      // An agent has no executor and heartbeats only when it polls; what it
      // keeps for a session is its own business.
      [](atom::ended, const std::string&) {},
      [](atom::done, std::uint64_t, const std::vector<std::uint64_t>&) {},
      [](atom::tick) {},
      // -- the agent --
      [self](atom::poll) {
        auto& st = self->state;
        if (!st.id.empty()) {
          // Silent past the timeout, it was taken offline (or is about to be)
          // and its tests moved on: it holds none of them any more, whether
          // or not its expiry check has fired yet.
          auto now = self->clock().now();
          if (now - st.heard >= bounded_wait(st.heartbeat_timeout))
            end_runs(self, st.book.expire());
          st.heard = now;
          self->send(st.coordinator, atom::heartbeat::value, st.id, ++st.heartbeat_seq);
          schedule_check(self);
        }
        AgentPoll answer;
        answer.assignments = st.book.poll();
        answer.status = st.book.status();
        return answer;
      },
      [self](atom::report, const std::string& session_id, std::uint64_t epoch,
             TestResult& result) -> caf::result<ResultReceipt> {
        auto& st = self->state;
        auto outcome = st.book.report(session_id, epoch, result);
        if (outcome.verdict != ReportVerdict::accepted)
          return ResultReceipt{outcome.verdict, std::move(outcome.detail)};
        auto run = st.runs.find(outcome.run_id); // the book holds only runs kept here
        result.worker_id = st.id;
        result.attempt = outcome.attempt;
        // The agent hears "accepted" once the result counts: committed to
        // the store, when there is one. The result goes before the batch's
        // answer: the shard is both.
        auto promise = self->make_response_promise<ResultReceipt>();
        if (run != st.runs.end())
          self->request(run->second.sink, caf::infinite, atom::commit::value, epoch,
                        std::move(result))
              .then(
                  [promise](bool) mutable {
                    promise.deliver(ResultReceipt{ReportVerdict::accepted, {}});
                  },
                  [promise](const caf::error&) mutable {
                    promise.deliver(
                        ResultReceipt{ReportVerdict::stale, "its session ended before it counted"});
                  });
        else
          promise.deliver(ResultReceipt{ReportVerdict::accepted, {}});
        if (outcome.run_complete)
          end_runs(self, {{outcome.run_id, {}}});
        return promise;
      },
      [self](atom::check, std::uint64_t generation) {
        auto& st = self->state;
        if (generation != st.generation)
          return; // it polled since
        end_runs(self, st.book.expire());
        self->delayed_send(self, st.drop_after, atom::forget::value, generation);
      },
      [self](atom::forget, std::uint64_t generation) {
        // Still silent: it leaves. A normal exit tells the coordinator (which
        // monitors it) and the directory (linked to it) to forget it.
        if (generation == self->state.generation)
          self->quit();
      },
  };
}

http_agent_actor spawn_http_agent(caf::actor_system& system, coordinator_actor coordinator,
                                  WorkerProfile profile, std::chrono::milliseconds drop_after) {
  return system.spawn(http_agent, std::move(coordinator), std::move(profile), drop_after);
}

} // namespace shardline
