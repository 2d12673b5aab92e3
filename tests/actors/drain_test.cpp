#include "actor_fixture.hpp"

#include "actors/failure.hpp"

#include <algorithm>

namespace shardline::testing {
namespace {

ParallelExecutionConfig round_robin(int workers) {
  ParallelExecutionConfig config;
  config.worker_count = workers;
  config.strategy = "round-robin";
  config.runner.argv = {"true"};
  config.steal = false; // only the drain may move tests
  return config;
}

class Drain : public ActorFixture {
protected:
  std::optional<Worker> drain(const coordinator_actor& coordinator, const std::string& id) {
    auto answer = ask<Worker>(coordinator, atom::drain::value, id);
    if (!answer)
      return std::nullopt;
    return std::get<0>(*answer);
  }

  /// Answers every batch `worker` is given, passing each test, until it has
  /// none; the ids in the order run.
  std::vector<std::string> run_all(const worker_actor& worker) {
    std::vector<std::string> ran;
    while (!state_of(worker).runs.empty())
      ran.push_back(answer(worker, TestStatus::passed));
    return ran;
  }
};

TEST_F(Drain, keeps_the_in_flight_result_and_runs_the_rest_on_the_other_worker) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  auto id1 = add_worker(coordinator, w1);
  auto id2 = add_worker(coordinator, w2);
  session_actor session;
  start(coordinator, suite(6), round_robin(2), session);
  // Round-robin: w1 has t0 t2 t4 (t0 in flight), w2 has t1 t3 t5.
  auto drained = drain(coordinator, id1);
  ASSERT_TRUE(drained);
  EXPECT_EQ(drained->status, WorkerState::draining);
  EXPECT_EQ(answer(w1, TestStatus::passed), "t0");
  EXPECT_TRUE(state_of(w1).runs.empty()) << "a draining worker takes no more";
  auto on_w2 = run_all(w2);
  std::sort(on_w2.begin(), on_w2.end());
  EXPECT_EQ(on_w2, (std::vector<std::string>{"t1", "t2", "t3", "t4", "t5"}));
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 6);
  EXPECT_EQ(done.dropped.stale, 0);
  for (const auto& result : results(session))
    EXPECT_EQ(result.worker_id, result.test_id == "t0" ? id1 : id2) << result.test_id;
  EXPECT_EQ(done.shards[0].worker_id, "") << "unbound once it held nothing";
}

TEST_F(Drain, of_an_unknown_worker_fails) {
  auto coordinator = spawn_coordinator();
  EXPECT_FALSE(drain(coordinator, "w-404"));
  EXPECT_EQ(failure_of(last_error), failure::unknown_worker);
  EXPECT_NE(message_of(last_error).find("w-404"), std::string::npos);
}

TEST_F(Drain, a_draining_worker_is_listed_as_draining_and_joins_no_new_session) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  auto id1 = add_worker(coordinator, w1);
  auto id2 = add_worker(coordinator, w2);
  drain(coordinator, id1);
  for (const auto& worker : workers(coordinator))
    EXPECT_EQ(worker.status, worker.id == id1 ? WorkerState::draining : WorkerState::idle);
  session_actor session;
  start(coordinator, suite(2), round_robin(2), session);
  EXPECT_TRUE(state_of(w1).runs.empty());
  EXPECT_EQ(status(session).shards[0].worker_id, id2);
}

TEST_F(Drain, with_no_other_worker_the_rest_waits_for_one_to_join) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  auto id1 = add_worker(coordinator, w1);
  session_actor session;
  start(coordinator, suite(3), round_robin(1), session);
  drain(coordinator, id1);
  EXPECT_EQ(answer(w1, TestStatus::passed), "t0");
  EXPECT_TRUE(state_of(w1).runs.empty());
  auto waiting = status(session);
  EXPECT_EQ(waiting.progress.pending, 2);
  EXPECT_EQ(waiting.waiting_for, "no worker available");
  worker_actor w2;
  add_worker(coordinator, w2);
  EXPECT_EQ(run_all(w2), (std::vector<std::string>{"t1", "t2"}));
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

TEST_F(Drain, a_failed_attempt_on_a_draining_worker_retries_elsewhere) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  auto id1 = add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  auto config = round_robin(2);
  config.retries = 1;
  start(coordinator, suite(2), config, session);
  drain(coordinator, id1);
  EXPECT_EQ(answer(w1, TestStatus::failed), "t0");
  EXPECT_TRUE(state_of(w1).runs.empty());
  EXPECT_EQ(run_all(w2), (std::vector<std::string>{"t1", "t0"}));
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 2);
}

} // namespace
} // namespace shardline::testing
