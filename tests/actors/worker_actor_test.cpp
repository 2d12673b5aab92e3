// The real WORKER actor on virtual time, with an executor the test drives.

#include "actor_fixture.hpp"

#include "actors/worker.hpp"

#include <mutex>

namespace shardline::testing {
namespace {

using namespace std::chrono_literals;

/// Records the batches the worker starts; finishes them when the test says so.
class ManualExecutor final : public TestExecutor {
public:
  void start(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report,
             Done done) override {
    started.push_back({run_id, std::move(batch), std::move(report), std::move(done)});
  }
  void cancel(std::uint64_t run_id) override { cancelled.push_back(run_id); }
  void session_over(const std::string& session_id) override { over.push_back(session_id); }

  /// Ends the oldest started batch, each of its tests with `status`.
  void finish(TestStatus status) {
    auto run = std::move(started.front());
    started.erase(started.begin());
    for (const auto& assignment : run.batch) {
      TestResult result;
      result.test_id = assignment.test.id;
      result.status = status;
      run.report(assignment.epoch, result);
    }
    run.done({});
  }

  struct Run {
    std::uint64_t id;
    std::vector<TestAssignment> batch;
    Report report;
    Done done;
  };
  std::vector<Run> started;
  std::vector<std::uint64_t> cancelled;
  std::vector<std::string> over; // sessions the worker said are over
};

class WorkerActor : public ActorFixture {
protected:
  worker_actor spawn_real_worker(const coordinator_actor& coordinator, int slots) {
    WorkerProfile profile;
    profile.name = "real";
    profile.capabilities.max_concurrent = slots;
    auto worker = spawn_worker(sys, coordinator, profile, executor);
    spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(worker));
    run();
    return worker;
  }

  std::shared_ptr<ManualExecutor> executor = std::make_shared<ManualExecutor>();
};

struct sink_state {
  static inline constexpr auto name = "sink";
  sink_state() = default;
  std::vector<TestResult> results;
};

result_sink_actor::behavior_type sink(result_sink_actor::stateful_pointer<sink_state> self) {
  return {
      [self](atom::result, std::uint64_t, const TestResult& result) {
        self->state.results.push_back(result);
      },
      [self](atom::commit, std::uint64_t, const TestResult& result) {
        self->state.results.push_back(result);
        return true;
      },
  };
}

TEST_F(WorkerActor, a_batch_handed_over_before_registration_is_answered_waits_for_its_id) {
  auto coordinator = spawn_coordinator();
  WorkerProfile profile;
  auto worker = spawn_worker(sys, coordinator, profile, executor);
  spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(worker));
  auto results = sys.spawn(sink);
  spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(results));
  // A shard's batch can overtake the coordinator's answer to the worker.
  TestAssignment assignment;
  assignment.test = suite(1).front();
  assignment.epoch = 1;
  caf::anon_send(worker, atom::run::value, std::vector<TestAssignment>{assignment}, results);
  run();
  ASSERT_EQ(executor->started.size(), 1u);
  executor->finish(TestStatus::passed);
  run();
  auto* actor = caf::actor_cast<caf::abstract_actor*>(results);
  auto& got = dynamic_cast<result_sink_actor::stateful_pointer<sink_state>>(actor)->state.results;
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].worker_id, workers(coordinator).at(0).id);
}

TEST_F(WorkerActor, a_session_that_is_over_is_passed_on_to_the_executor) {
  auto coordinator = spawn_coordinator();
  auto worker = spawn_real_worker(coordinator, 1);

  caf::anon_send(worker, atom::ended::value, std::string("s-1"));
  run();

  EXPECT_EQ(executor->over, (std::vector<std::string>{"s-1"}));
}

TEST_F(WorkerActor, registers_and_heartbeats_so_it_stays_online) {
  auto coordinator = spawn_coordinator();
  spawn_real_worker(coordinator, 1);
  auto listed = workers(coordinator);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name, "real");
  advance(300s); // ten heartbeat intervals, three timeouts
  EXPECT_EQ(workers(coordinator)[0].status, WorkerState::idle);
}

TEST_F(WorkerActor, runs_at_most_its_slots_at_once_and_the_rest_in_order) {
  auto coordinator = spawn_coordinator();
  spawn_real_worker(coordinator, 2);
  ParallelExecutionConfig config;
  config.worker_count = 1;
  config.strategy = "round-robin";
  config.runner.argv = {"true"};
  session_actor session;
  start(coordinator, suite(5), config, session);
  ASSERT_EQ(executor->started.size(), 2u);
  EXPECT_EQ(executor->started[0].batch.at(0).test.id, "t0");
  EXPECT_EQ(executor->started[1].batch.at(0).test.id, "t1");
  executor->finish(TestStatus::passed);
  run();
  ASSERT_EQ(executor->started.size(), 2u);
  EXPECT_EQ(executor->started[1].batch.at(0).test.id, "t2");
  while (!executor->started.empty()) {
    executor->finish(TestStatus::passed);
    run();
  }
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 5);
  for (const auto& result : results(session))
    EXPECT_EQ(result.worker_id, workers(coordinator)[0].id);
}

TEST_F(WorkerActor, cancel_stops_the_sessions_running_tests) {
  auto coordinator = spawn_coordinator();
  spawn_real_worker(coordinator, 1);
  ParallelExecutionConfig config;
  config.runner.argv = {"true"};
  session_actor session;
  start(coordinator, suite(2), config, session);
  ASSERT_EQ(executor->started.size(), 1u);
  auto running = executor->started[0].id;
  ASSERT_TRUE(ask<ExecutionSession>(session, atom::cancel::value));
  EXPECT_EQ(executor->cancelled, (std::vector<std::uint64_t>{running}));
}

} // namespace
} // namespace shardline::testing
