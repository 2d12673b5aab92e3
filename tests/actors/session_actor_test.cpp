#include "actor_fixture.hpp"

#include "actors/failure.hpp"

#include <algorithm>

namespace shardline::testing {
namespace {

using namespace std::chrono_literals;

ParallelExecutionConfig config_for(int workers, std::string strategy = "round-robin") {
  ParallelExecutionConfig config;
  config.worker_count = workers;
  config.strategy = std::move(strategy);
  config.runner.argv = {"true"};
  return config;
}

class SessionActor : public ActorFixture {};

struct recorder_state {
  static inline constexpr auto name = "recorder";
  recorder_state() = default;
  std::vector<std::string> events;
};

session_observer_actor::behavior_type
recorder(session_observer_actor::stateful_pointer<recorder_state> self) {
  return {
      [self](atom::result, const TestResult& result) {
        self->state.events.push_back("result " + result.test_id);
      },
      [self](atom::progress, const ExecutionProgress& progress) {
        self->state.events.push_back("progress " + std::to_string(progress.completed));
      },
      [self](atom::ended, const ExecutionSession&) { self->state.events.push_back("ended"); },
  };
}

TEST_F(SessionActor, runs_every_test_on_the_workers_and_completes) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  auto started = start(coordinator, suite(4), config_for(2), session);
  ASSERT_EQ(started.allocations.size(), 2u);
  EXPECT_EQ(status(session).progress.running, 2); // one slot each
  for (int i = 0; i < 2; ++i) {
    answer(w1, TestStatus::passed);
    answer(w2, TestStatus::passed);
  }
  auto final_state = status(session);
  EXPECT_EQ(final_state.status, SessionStatus::completed);
  EXPECT_EQ(final_state.progress.passed, 4);
  EXPECT_TRUE(final_state.finished_at.has_value());
  EXPECT_EQ(results(session).size(), 4u);
}

TEST_F(SessionActor, tells_each_worker_it_used_once_the_session_is_over) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  auto started = start(coordinator, suite(2), config_for(2), session);
  answer(w1, TestStatus::passed);
  EXPECT_TRUE(state_of(w1).ended_sessions.empty()) << "not while a test runs";

  answer(w2, TestStatus::passed);

  ASSERT_EQ(status(session).status, SessionStatus::completed);
  EXPECT_EQ(state_of(w1).ended_sessions, (std::vector<std::string>{started.session_id}));
  EXPECT_EQ(state_of(w2).ended_sessions, (std::vector<std::string>{started.session_id}));
}

TEST_F(SessionActor, progress_holds_its_invariant_while_running) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1, 2);
  session_actor session;
  start(coordinator, suite(5), config_for(1), session);
  for (int i = 0; i < 5; ++i) {
    auto p = status(session).progress;
    EXPECT_EQ(p.completed + p.running + p.pending, p.total);
    EXPECT_EQ(p.running, std::min<std::int64_t>(2, 5 - i));
    answer(w1, TestStatus::passed);
  }
}

TEST_F(SessionActor, moves_a_lost_workers_remaining_tests_to_the_others) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  auto id2 = add_worker(coordinator, w2);
  session_actor session;
  auto config = config_for(2);
  config.steal = false; // only the rebalance may move tests
  start(coordinator, suite(6), config, session);
  // Round-robin: w1 has t0 t2 t4, w2 has t1 t3 t5.
  EXPECT_EQ(answer(w1, TestStatus::passed), "t0"); // t2 is now in flight on w1
  // w2 heartbeats, w1 falls silent and misses its 90 s timeout.
  for (std::uint64_t seq = 1; seq <= 3; ++seq) {
    advance(30s);
    caf::anon_send(coordinator, atom::heartbeat::value, id2, seq);
    run();
  }
  advance(1s);
  auto lost = status(session);
  EXPECT_EQ(lost.shards[0].status, ShardState::lost);
  EXPECT_EQ(lost.progress.completed, 1); // t0's result is kept
  // The late result of the fenced worker is dropped and counted.
  EXPECT_EQ(answer(w1, TestStatus::failed), "t2");
  EXPECT_EQ(status(session).dropped.stale, 1);
  std::vector<std::string> on_w2;
  while (!state_of(w2).runs.empty())
    on_w2.push_back(answer(w2, TestStatus::passed));
  std::sort(on_w2.begin(), on_w2.end());
  EXPECT_EQ(on_w2, (std::vector<std::string>{"t1", "t2", "t3", "t4", "t5"}));
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 6);
  auto all = results(session);
  ASSERT_EQ(all.size(), 6u); // one result per test: the stale one is not among them
  for (const auto& result : all)
    if (result.test_id == "t2") {
      EXPECT_EQ(result.attempt, 1) << "a lost worker does not use up a retry";
      EXPECT_EQ(result.worker_id, id2);
    }
}

TEST_F(SessionActor, a_worker_actor_that_dies_mid_test_loses_no_result) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  start(coordinator, suite(4), config_for(2), session);
  caf::anon_send_exit(w1, caf::exit_reason::kill); // t0 was in flight there
  run();
  std::vector<std::string> on_w2;
  while (!state_of(w2).runs.empty())
    on_w2.push_back(answer(w2, TestStatus::passed));
  EXPECT_EQ(on_w2.size(), 4u);
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 4);
  EXPECT_EQ(results(session).size(), 4u);
}

TEST_F(SessionActor, tests_a_batch_never_reported_run_again_as_the_same_attempt) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  start(coordinator, suite(2), config_for(1), session); // no retries
  EXPECT_EQ(hand_back(w1), 1u);                         // t0 never reported: Playwright died
  EXPECT_EQ(status(session).progress.failed, 0);
  EXPECT_EQ(answer(w1, TestStatus::passed), "t1");
  ASSERT_EQ(state_of(w1).runs.size(), 1u);
  EXPECT_EQ(state_of(w1).runs.front().batch.at(0).test.id, "t0"); // runs again ...
  EXPECT_EQ(state_of(w1).runs.front().batch.at(0).attempt, 1);    // ... as the same attempt
  answer(w1, TestStatus::passed);
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 2);
  EXPECT_EQ(results(session).size(), 2u);
}

TEST_F(SessionActor, retries_a_failed_test_on_another_worker_and_marks_it_flaky) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  auto id1 = add_worker(coordinator, w1);
  auto id2 = add_worker(coordinator, w2);
  session_actor session;
  auto config = config_for(2);
  config.retries = 1;
  start(coordinator, suite(2), config, session);
  EXPECT_EQ(answer(w1, TestStatus::failed), "t0");
  EXPECT_EQ(answer(w2, TestStatus::passed), "t1");
  ASSERT_EQ(state_of(w2).runs.size(), 1u); // the retry went to the other worker
  EXPECT_EQ(state_of(w2).runs.front().batch.at(0).attempt, 2);
  EXPECT_EQ(answer(w2, TestStatus::passed), "t0");
  auto all = results(session);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].status, TestStatus::failed);
  EXPECT_EQ(all[0].worker_id, id1);
  EXPECT_EQ(all[2].test_id, "t0");
  EXPECT_EQ(all[2].attempt, 2);
  EXPECT_TRUE(all[2].flaky);
  EXPECT_EQ(all[2].worker_id, id2);
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 2);
  EXPECT_EQ(done.progress.failed, 0);
}

TEST_F(SessionActor, a_test_failing_every_attempt_fails_once_retries_are_used_up) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  auto config = config_for(1);
  config.retries = 2;
  start(coordinator, suite(1), config, session);
  for (int attempt = 1; attempt <= 3; ++attempt)
    EXPECT_EQ(answer(w1, TestStatus::timed_out), "t0");
  EXPECT_TRUE(state_of(w1).runs.empty());
  auto done = status(session);
  EXPECT_EQ(done.progress.failed, 1);
  EXPECT_EQ(results(session).size(), 3u);
}

TEST_F(SessionActor, cancel_stops_running_tests_and_keeps_results) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  auto started = start(coordinator, suite(3), config_for(1), session);
  answer(w1, TestStatus::passed); // t0; t1 in flight
  auto cancelled = ask<ExecutionSession>(session, atom::cancel::value);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(std::get<0>(*cancelled).status, SessionStatus::cancelled);
  EXPECT_EQ(state_of(w1).cancelled_sessions, (std::vector<std::string>{started.session_id}));
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::cancelled);
  EXPECT_EQ(done.progress.passed, 1);
  EXPECT_EQ(done.progress.skipped, 2);
  // The killed test's answer arrives late and changes nothing.
  answer(w1, TestStatus::failed);
  EXPECT_EQ(results(session).size(), 3u);
  EXPECT_EQ(status(session).progress.failed, 0);
  // A second cancel is refused.
  EXPECT_FALSE(ask<ExecutionSession>(session, atom::cancel::value));
  EXPECT_EQ(failure_of(last_error), failure::session_finished);
}

TEST_F(SessionActor, max_failures_skips_the_rest_and_fails_the_session) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  auto config = config_for(1);
  config.max_failures = 1;
  start(coordinator, suite(3), config, session);
  answer(w1, TestStatus::failed);
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::failed);
  EXPECT_EQ(done.progress.failed, 1);
  EXPECT_EQ(done.progress.skipped, 2);
  auto all = results(session);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_NE(all[1].error.value_or("").find("maxFailures (1)"), std::string::npos);
  EXPECT_TRUE(state_of(w1).runs.empty());
}

TEST_F(SessionActor, an_idle_shard_steals_from_the_tail_of_the_busiest) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  start(coordinator, suite(6), config_for(2), session); // steal is on by default
  // w1 finishes t0 t2 t4 while w2 is still busy with t1.
  EXPECT_EQ(answer(w1, TestStatus::passed), "t0");
  EXPECT_EQ(answer(w1, TestStatus::passed), "t2");
  EXPECT_EQ(answer(w1, TestStatus::passed), "t4");
  // It took the tail of w2's queue: about half of w2's remaining work.
  EXPECT_EQ(answer(w1, TestStatus::passed), "t5");
  // Idle again, it takes the last queued test too; w2 only finishes t1.
  EXPECT_EQ(answer(w1, TestStatus::passed), "t3");
  EXPECT_EQ(answer(w2, TestStatus::passed), "t1");
  EXPECT_TRUE(state_of(w2).runs.empty());
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.shards[0].progress.total, 5);
}

TEST_F(SessionActor, without_steal_an_idle_worker_stays_idle) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  auto config = config_for(2);
  config.steal = false;
  start(coordinator, suite(6), config, session);
  for (int i = 0; i < 3; ++i)
    answer(w1, TestStatus::passed);
  EXPECT_TRUE(state_of(w1).runs.empty());
}

TEST_F(SessionActor, waits_for_a_worker_and_runs_when_one_joins) {
  auto coordinator = spawn_coordinator();
  session_actor session;
  start(coordinator, suite(3), config_for(2), session);
  auto waiting = status(session);
  EXPECT_EQ(waiting.status, SessionStatus::running);
  EXPECT_EQ(waiting.waiting_for, "no worker available");
  EXPECT_EQ(waiting.progress.pending, 3);
  worker_actor w1;
  add_worker(coordinator, w1);
  EXPECT_EQ(status(session).waiting_for, std::nullopt);
  int answered = 0;
  while (!state_of(w1).runs.empty() && answered < 10) {
    answer(w1, TestStatus::passed);
    ++answered;
  }
  EXPECT_EQ(answered, 3); // it stole the tests of the shard that has no worker
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

TEST_F(SessionActor, observers_see_the_current_state_then_each_result_then_the_end) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  start(coordinator, suite(2), config_for(1), session);
  answer(w1, TestStatus::passed); // before anyone watches
  auto watcher = sys.spawn(recorder);
  spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(watcher));
  caf::anon_send(session, atom::subscribe::value, watcher);
  run();
  answer(w1, TestStatus::failed);
  auto* actor = caf::actor_cast<caf::abstract_actor*>(watcher);
  auto& events =
      dynamic_cast<session_observer_actor::stateful_pointer<recorder_state>>(actor)->state.events;
  EXPECT_EQ(events, (std::vector<std::string>{"progress 1", "result t1", "progress 2", "progress 2",
                                              "ended"}));
}

TEST_F(SessionActor, an_empty_suite_completes_at_once) {
  auto coordinator = spawn_coordinator();
  session_actor session;
  start(coordinator, {}, config_for(3), session);
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.percentage(), 100.0);
}

TEST_F(SessionActor, an_unknown_strategy_is_refused_with_the_known_ones) {
  auto coordinator = spawn_coordinator();
  auto answer = ask<SessionStarted, session_actor>(
      coordinator, atom::start::value, SessionRequest{suite(1), config_for(1, "fastest")});
  EXPECT_FALSE(answer);
  EXPECT_NE(message_of(last_error).find("config.strategy: unknown strategy \"fastest\""),
            std::string::npos)
      << message_of(last_error);
}

} // namespace
} // namespace shardline::testing
