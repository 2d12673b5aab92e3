#include "actor_fixture.hpp"

#include "actors/runtime_metrics.hpp"
#include "actors/session_board.hpp"

namespace shardline::testing {
namespace {

using namespace std::chrono_literals;

ParallelExecutionConfig config_for(int workers) {
  ParallelExecutionConfig config;
  config.worker_count = workers;
  config.strategy = "round-robin";
  config.runner.argv = {"true"};
  return config;
}

class Readouts : public ActorFixture {
protected:
  coordinator_actor spawn_publishing_coordinator() {
    CoordinatorSettings settings;
    settings.readouts.board = board;
    settings.readouts.metrics = metrics;
    settings.readouts.publish_interval = publish_interval;
    return spawn_coordinator(settings);
  }

  static constexpr std::chrono::milliseconds publish_interval{50};
  std::shared_ptr<SessionBoard> board = std::make_shared<SessionBoard>();
  std::shared_ptr<RuntimeMetrics> metrics = std::make_shared<RuntimeMetrics>();
};

TEST_F(Readouts, the_board_holds_a_sessions_progress_after_the_publish_interval) {
  auto coordinator = spawn_publishing_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  auto started = start(coordinator, suite(3), config_for(1), session);
  ASSERT_NE(board->find(started.session_id), nullptr);
  EXPECT_EQ(board->ids(), (std::vector<std::string>{started.session_id}));
  answer(w1, TestStatus::passed);
  advance(1s); // past the interval: what changed meanwhile is published
  auto published = board->find(started.session_id);
  ASSERT_NE(published, nullptr);
  EXPECT_EQ(published->progress.completed, 1);
  EXPECT_EQ(*published, status(session));
}

TEST_F(Readouts, the_board_holds_the_final_state_at_once) {
  auto coordinator = spawn_publishing_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  auto started = start(coordinator, suite(3), config_for(1), session);
  for (int i = 0; i < 3; ++i)
    answer(w1, TestStatus::passed); // faster than the interval
  auto published = board->find(started.session_id);
  ASSERT_NE(published, nullptr);
  EXPECT_EQ(published->status, SessionStatus::completed);
  EXPECT_EQ(published->progress.passed, 3);
  EXPECT_EQ(*published, status(session));
}

TEST_F(Readouts, lists_sessions_newest_first) {
  auto coordinator = spawn_publishing_coordinator();
  session_actor first, second;
  auto a = start(coordinator, suite(1), config_for(1), first);
  auto b = start(coordinator, suite(1), config_for(1), second);
  EXPECT_EQ(board->ids(), (std::vector<std::string>{b.session_id, a.session_id}));
}

TEST_F(Readouts, metrics_count_a_running_session_its_tests_and_the_workers) {
  auto coordinator = spawn_publishing_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  auto id2 = add_worker(coordinator, w2);
  session_actor session;
  start(coordinator, suite(4), config_for(2), session);
  advance(1s);
  auto running = metrics->read();
  EXPECT_EQ(metrics->sessions(SessionStatus::running), 1);
  EXPECT_EQ(running.tests.running, 2);
  EXPECT_EQ(running.tests.pending, 2);
  EXPECT_EQ(metrics->workers(WorkerState::idle), 2);
  ask<Worker>(coordinator, atom::drain::value, id2);
  EXPECT_EQ(metrics->workers(WorkerState::idle), 1);
  EXPECT_EQ(metrics->workers(WorkerState::draining), 1);
}

TEST_F(Readouts, metrics_after_a_session_hold_its_totals_and_every_dispatch) {
  auto coordinator = spawn_publishing_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  start(coordinator, suite(3), config_for(1), session);
  answer(w1, TestStatus::passed);
  answer(w1, TestStatus::failed);
  answer(w1, TestStatus::passed);
  auto counts = metrics->read();
  EXPECT_EQ(metrics->sessions(SessionStatus::running), 0);
  EXPECT_EQ(metrics->sessions(SessionStatus::completed), 1);
  EXPECT_EQ(counts.tests, ExecutionProgress{}) << "only running sessions count there";
  EXPECT_EQ(counts.finished_passed, 2);
  EXPECT_EQ(counts.finished_failed, 1);
  // One batch per test with the command runner; no virtual time passed.
  auto latency = metrics->dispatch_latency().read();
  EXPECT_EQ(latency.count, 3u);
  EXPECT_EQ(latency.cumulative.front(), 3u);
}

TEST_F(Readouts, dispatch_latency_leaves_out_a_busy_worker_and_counts_shardlines_own_waits) {
  auto coordinator = spawn_publishing_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  start(coordinator, suite(3), config_for(1), session);
  advance(5s); // t1 and t2 wait for the busy slot: the worker's time, not ours
  answer(w1, TestStatus::passed);
  auto before = metrics->dispatch_latency().read();
  EXPECT_EQ(before.count, 2u);
  EXPECT_EQ(before.sum_seconds, 0.0);
  // t1 ends, and from now on every message takes a virtual second to handle:
  // the slot waits for the shard and the session to hand out t2.
  auto& oldest = state_of(w1).runs.front();
  TestResult result;
  result.test_id = oldest.batch.front().test.id;
  result.worker_id = state_of(w1).id;
  caf::anon_send(oldest.sink, atom::result::value, oldest.batch.front().epoch, result);
  caf::anon_send(w1, atom::done::value, oldest.key, std::vector<std::uint64_t>{});
  while (sched.has_job()) {
    sched.run_once();
    sched.advance_time(1s);
  }
  auto after = metrics->dispatch_latency().read();
  EXPECT_EQ(after.count, 3u);
  EXPECT_GT(after.sum_seconds, 0.0);
  EXPECT_EQ(state_of(w1).runs.back().batch.front().test.id, "t2");
}

} // namespace
} // namespace shardline::testing
