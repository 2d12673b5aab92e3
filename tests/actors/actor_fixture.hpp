#pragma once

// A deterministic actor system for tests: CAF's test coordinator runs every
// actor on the test's thread, and time moves only when the test advances it.
// (CAF's own test DSL cannot be used under GoogleTest.)

#include "actors/actor_config.hpp"
#include "actors/coordinator.hpp"
#include "actors/interfaces.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace shardline::testing {

/// Stands in for a worker: records the batches it is asked to run. The test
/// reports their results to the sink, as a worker does, and ends a batch by
/// sending the mock `done` with the batch's key. (A promise must be delivered
/// from inside its actor: delivering it from the test's thread crashes CAF
/// 0.17.)
struct mock_worker_state {
  static inline constexpr auto name = "mock_worker";
  mock_worker_state() = default;

  struct Run {
    std::uint64_t key = 0;
    std::vector<TestAssignment> batch;
    result_sink_actor sink;
    caf::typed_response_promise<std::vector<std::uint64_t>> promise;
    std::size_t answered = 0; // tests of the batch already reported
  };

  std::string id;        // as registered
  std::vector<Run> runs; // batches received and not yet over, oldest first
  std::uint64_t next_key = 1;
  std::vector<std::string> cancelled_sessions;
  std::vector<std::string> ended_sessions; // told the session is over
};

worker_actor::behavior_type mock_worker(worker_actor::stateful_pointer<mock_worker_state> self);

class ActorFixture : public ::testing::Test {
protected:
  struct Config : caf::actor_system_config {
    Config() {
      set("scheduler.policy", caf::atom("testing"));
      set("logger.verbosity", caf::atom("quiet"));
      register_message_types(*this);
    }
  };

  ActorFixture();
  ~ActorFixture() override;

  /// Runs every job that is ready.
  void run() { sched.run(); }

  /// Moves virtual time forward one second at a time, running what fires.
  void advance(std::chrono::seconds by);

  coordinator_actor spawn_coordinator(CoordinatorSettings settings = {});

  /// A mock worker registered with `coordinator`; returns its id.
  std::string add_worker(const coordinator_actor& coordinator, worker_actor& handle, int slots = 1);

  mock_worker_state& state_of(const worker_actor& worker);

  /// Ends the oldest batch of `worker` with its unreported tests not run (as
  /// when Playwright is killed); returns how many.
  std::size_t hand_back(const worker_actor& worker);

  /// Reports the next test of the oldest batch of `worker` with `status`,
  /// ending the batch after its last test; returns the test's id.
  std::string answer(const worker_actor& worker, TestStatus status);

  SessionStarted start(const coordinator_actor& coordinator, std::vector<TestFile> tests,
                       ParallelExecutionConfig config, session_actor& session);

  ExecutionSession status(const session_actor& session);
  std::vector<TestResult> results(const session_actor& session);
  std::vector<Worker> workers(const coordinator_actor& coordinator);

  /// Sends a request and waits for its one answer (runs the scheduler).
  template <class... Answers, class Handle, class... Ts>
  std::optional<std::tuple<Answers...>> ask(const Handle& dest, Ts&&... xs) {
    caf::scoped_actor self{sys};
    auto pending = self->request(dest, caf::infinite, std::forward<Ts>(xs)...);
    run();
    std::optional<std::tuple<Answers...>> answer;
    pending.receive([&](Answers&... values) { answer.emplace(std::move(values)...); },
                    [&](caf::error& error) { last_error = std::move(error); });
    return answer;
  }

  Config config;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  caf::error last_error;
  std::vector<caf::strong_actor_ptr> spawned; // killed at teardown
};

/// A suite of `count` tests named t0, t1 ... with the given estimates.
std::vector<TestFile> suite(int count, std::int64_t estimate_ms = 1000);

} // namespace shardline::testing
