// The HTTP AGENT proxy on virtual time, registered with a real coordinator
// and taking part in real sessions: the test plays the agent on the other
// side of REST, polling and reporting.

#include "actor_fixture.hpp"

#include "actors/agent_directory.hpp"
#include "actors/failure.hpp"
#include "actors/http_agent.hpp"

#include <algorithm>

namespace shardline::testing {
namespace {

using namespace std::chrono_literals;

ParallelExecutionConfig config_for(int workers, RunnerKind runner = RunnerKind::command) {
  ParallelExecutionConfig config;
  config.worker_count = workers;
  config.strategy = "round-robin";
  config.steal = false; // only a lost worker moves tests
  config.runner.kind = runner;
  config.runner.argv = {"true"};
  return config;
}

class HttpAgent : public ActorFixture {
protected:
  /// An agent registered with `coordinator`; its worker id in `id`.
  http_agent_actor spawn_agent(const coordinator_actor& coordinator, int slots, std::string& id) {
    WorkerProfile profile;
    profile.name = "rest-agent";
    profile.type = WorkerType::remote;
    profile.capabilities.max_concurrent = slots;
    auto agent = spawn_http_agent(sys, coordinator, profile);
    spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(agent));
    run();
    auto registered = ask<std::string, std::int64_t, std::int64_t>(agent, atom::register_::value);
    EXPECT_TRUE(registered.has_value()) << caf::to_string(last_error);
    if (registered)
      id = std::get<0>(*registered);
    return agent;
  }

  /// An agent directory of `coordinator` whose agents may be silent for
  /// `grace`, and one agent registered through it with `profile`; its worker
  /// id in `id`.
  agent_directory_actor spawn_directory_with_agent(const coordinator_actor& coordinator,
                                                   std::chrono::milliseconds grace, std::string& id,
                                                   const WorkerProfile& profile = {}) {
    auto directory = spawn_agent_directory(sys, coordinator, grace);
    spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(directory));
    auto registered =
        ask<std::string, std::int64_t, std::int64_t>(directory, atom::register_::value, profile);
    EXPECT_TRUE(registered.has_value()) << caf::to_string(last_error);
    if (registered)
      id = std::get<0>(*registered);
    return directory;
  }

  AgentPoll poll(const http_agent_actor& agent) {
    auto answer = ask<AgentPoll>(agent, atom::poll::value);
    EXPECT_TRUE(answer.has_value());
    return answer ? std::get<0>(*answer) : AgentPoll{};
  }

  /// Posts the result of `assignment` with `status`, at `epoch` when given.
  ResultReceipt report(const http_agent_actor& agent, const TestAssignment& assignment,
                       TestStatus status = TestStatus::passed,
                       std::optional<std::uint64_t> epoch = std::nullopt) {
    TestResult result;
    result.test_id = assignment.test.id;
    result.status = status;
    result.duration_ms = 10;
    auto answer = ask<ResultReceipt>(agent, atom::report::value, assignment.session_id,
                                     epoch.value_or(assignment.epoch), result);
    EXPECT_TRUE(answer.has_value());
    return answer ? std::get<0>(*answer) : ResultReceipt{};
  }

  WorkerState state_of_worker(const coordinator_actor& coordinator, const std::string& id) {
    for (const auto& worker : workers(coordinator))
      if (worker.id == id)
        return worker.status;
    ADD_FAILURE() << "no worker " << id;
    return WorkerState::offline;
  }
};

TEST_F(HttpAgent, registers_with_the_coordinator_and_answers_its_id_and_heartbeat_settings) {
  auto coordinator = spawn_coordinator({5s, 15s});
  std::string id;
  auto agent = spawn_agent(coordinator, 2, id);
  auto listed = workers(coordinator);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, id);
  EXPECT_EQ(listed[0].name, "rest-agent");
  EXPECT_EQ(listed[0].type, WorkerType::remote);
  EXPECT_EQ(listed[0].capabilities.max_concurrent, 2);
  auto again = ask<std::string, std::int64_t, std::int64_t>(agent, atom::register_::value);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, std::make_tuple(id, std::int64_t{5000}, std::int64_t{15000}));
}

TEST_F(HttpAgent, polls_its_tests_and_reports_them_until_the_session_completes) {
  auto coordinator = spawn_coordinator();
  std::string id;
  auto agent = spawn_agent(coordinator, 2, id);
  session_actor session;
  start(coordinator, suite(3), config_for(1), session);
  auto first = poll(agent);
  EXPECT_EQ(first.status, WorkerState::busy);
  ASSERT_EQ(first.assignments.size(), 2u); // one test per batch, two slots
  EXPECT_EQ(first.assignments[0].test.id, "t0");
  EXPECT_EQ(first.assignments[1].test.id, "t1");
  EXPECT_TRUE(poll(agent).assignments.empty()); // each handed out once
  EXPECT_EQ(report(agent, first.assignments[0]).verdict, ReportVerdict::accepted);
  auto second = poll(agent); // t0's slot took t2
  ASSERT_EQ(second.assignments.size(), 1u);
  EXPECT_EQ(second.assignments[0].test.id, "t2");
  EXPECT_EQ(report(agent, first.assignments[1]).verdict, ReportVerdict::accepted);
  EXPECT_EQ(report(agent, second.assignments[0]).verdict, ReportVerdict::accepted);
  EXPECT_EQ(poll(agent).status, WorkerState::idle);
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 3);
  for (const auto& result : results(session))
    EXPECT_EQ(result.worker_id, id);
}

TEST_F(HttpAgent, a_batch_of_several_tests_ends_when_its_last_test_reported) {
  auto coordinator = spawn_coordinator();
  std::string id;
  auto agent = spawn_agent(coordinator, 1, id);
  session_actor session;
  start(coordinator, suite(3), config_for(1, RunnerKind::playwright), session);
  auto batch = poll(agent).assignments; // short tests: one Playwright batch
  ASSERT_EQ(batch.size(), 3u);
  report(agent, batch[2], TestStatus::failed);
  report(agent, batch[0]);
  EXPECT_EQ(status(session).status, SessionStatus::running);
  report(agent, batch[1]);
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 2);
  EXPECT_EQ(done.progress.failed, 1);
}

TEST_F(HttpAgent, a_result_reported_twice_is_a_duplicate_and_counts_once) {
  auto coordinator = spawn_coordinator();
  std::string id;
  auto agent = spawn_agent(coordinator, 1, id);
  session_actor session;
  start(coordinator, suite(2), config_for(1), session);
  auto t0 = poll(agent).assignments.at(0);
  EXPECT_EQ(report(agent, t0).verdict, ReportVerdict::accepted);
  EXPECT_EQ(report(agent, t0).verdict, ReportVerdict::duplicate); // its 202 was lost
  auto recorded = results(session);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].test_id, "t0");
  auto now = status(session);
  EXPECT_EQ(now.progress.completed, 1);
  EXPECT_EQ(now.dropped.duplicate, 0); // it never reached the session
}

TEST_F(HttpAgent, a_result_for_another_epoch_is_stale_and_changes_nothing) {
  auto coordinator = spawn_coordinator();
  std::string id;
  auto agent = spawn_agent(coordinator, 1, id);
  session_actor session;
  start(coordinator, suite(1), config_for(1), session);
  auto t0 = poll(agent).assignments.at(0);
  auto refused = report(agent, t0, TestStatus::passed, t0.epoch + 1);
  EXPECT_EQ(refused.verdict, ReportVerdict::stale);
  EXPECT_FALSE(refused.detail.empty());
  EXPECT_EQ(status(session).progress.completed, 0);
  EXPECT_EQ(report(agent, t0).verdict, ReportVerdict::accepted); // still its test
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

TEST_F(HttpAgent, an_agent_that_stops_polling_goes_offline_and_its_tests_move_to_another_worker) {
  auto coordinator = spawn_coordinator(); // 30 s interval, 90 s timeout
  std::string agent_id;
  auto agent = spawn_agent(coordinator, 1, agent_id);
  worker_actor w2;
  auto id2 = add_worker(coordinator, w2);
  session_actor session;
  start(coordinator, suite(4), config_for(2), session);
  // Round-robin: the agent has t0 t2, w2 has t1 t3.
  auto held = poll(agent).assignments;
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].test.id, "t0");
  // w2 heartbeats, the agent falls silent and misses its 90 s timeout.
  for (std::uint64_t seq = 1; seq <= 3; ++seq) {
    advance(30s);
    caf::anon_send(coordinator, atom::heartbeat::value, id2, seq);
    run();
  }
  advance(2s);
  EXPECT_EQ(state_of_worker(coordinator, agent_id), WorkerState::offline);
  std::vector<std::string> on_w2;
  while (!state_of(w2).runs.empty())
    on_w2.push_back(answer(w2, TestStatus::passed));
  std::sort(on_w2.begin(), on_w2.end());
  EXPECT_EQ(on_w2, (std::vector<std::string>{"t0", "t1", "t2", "t3"}));
  // The agent wakes up: its result comes too late, and it holds nothing.
  EXPECT_EQ(report(agent, held[0]).verdict, ReportVerdict::stale);
  auto back = poll(agent);
  EXPECT_EQ(back.status, WorkerState::idle);
  EXPECT_TRUE(back.assignments.empty());
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.progress.passed, 4);
  for (const auto& result : results(session)) {
    EXPECT_EQ(result.worker_id, id2);
    EXPECT_EQ(result.attempt, 1) << "a lost agent does not use up a retry";
  }
}

TEST_F(HttpAgent, an_agent_that_polls_within_the_timeout_keeps_its_tests) {
  auto coordinator = spawn_coordinator();
  std::string id;
  auto agent = spawn_agent(coordinator, 1, id);
  session_actor session;
  auto config = config_for(1);
  config.test_timeout_ms = 600'000; // a long test, far longer than the heartbeat timeout
  start(coordinator, suite(1), config, session);
  auto t0 = poll(agent).assignments.at(0);
  for (int i = 0; i < 4; ++i) { // 240 s, polling every 60 s
    advance(60s);
    EXPECT_EQ(poll(agent).status, WorkerState::busy);
  }
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::busy) << "online, running t0";
  EXPECT_EQ(report(agent, t0).verdict, ReportVerdict::accepted);
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

TEST_F(HttpAgent, a_poll_later_than_the_timeout_finds_its_old_tests_taken_away) {
  auto coordinator = spawn_coordinator(); // 30 s interval, 90 s timeout
  std::string id;
  auto agent = spawn_agent(coordinator, 1, id);
  session_actor session;
  start(coordinator, suite(1), config_for(1), session);
  auto old = poll(agent).assignments.at(0);
  // The coordinator takes it offline at 90 s; its own expiry (at 91 s) has
  // not fired yet when it polls again.
  advance(90s);
  ASSERT_EQ(state_of_worker(coordinator, id), WorkerState::offline);

  EXPECT_EQ(poll(agent).status, WorkerState::idle);

  EXPECT_EQ(report(agent, old).verdict, ReportVerdict::stale) << "t0 moved on at 90 s";
  auto again = poll(agent).assignments; // it came back, and t0 with it
  ASSERT_EQ(again.size(), 1u);
  EXPECT_GT(again[0].epoch, old.epoch);
  EXPECT_EQ(report(agent, again[0]).verdict, ReportVerdict::accepted);
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::completed);
  EXPECT_EQ(done.dropped.stale, 0);
}

TEST_F(HttpAgent, an_agent_silent_past_its_grace_leaves_the_directory_and_the_workers_list) {
  auto coordinator = spawn_coordinator(); // 90 s timeout; its tests expire at 91 s
  std::string id;
  auto directory = spawn_directory_with_agent(coordinator, 300s, id);
  ASSERT_FALSE(id.empty());

  advance(390s);
  ASSERT_EQ(state_of_worker(coordinator, id), WorkerState::offline) << "listed during its grace";
  advance(2s);

  EXPECT_TRUE(workers(coordinator).empty());
  EXPECT_FALSE(ask<AgentPoll>(directory, atom::poll::value, id));
  EXPECT_EQ(failure_of(last_error), failure::unknown_worker);
  EXPECT_NE(message_of(last_error).find("register again"), std::string::npos)
      << message_of(last_error);
}

TEST_F(HttpAgent, an_agent_back_within_its_grace_keeps_its_id) {
  auto coordinator = spawn_coordinator();
  std::string id;
  auto directory = spawn_directory_with_agent(coordinator, 300s, id);
  ASSERT_FALSE(id.empty());
  advance(200s);
  ASSERT_EQ(state_of_worker(coordinator, id), WorkerState::offline);

  ASSERT_TRUE(ask<AgentPoll>(directory, atom::poll::value, id));
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::idle);

  advance(200s); // past the first drop, not yet past the one its poll restarted
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::offline);
  EXPECT_TRUE(ask<AgentPoll>(directory, atom::poll::value, id));
}

TEST_F(HttpAgent, cancel_of_the_session_drops_its_assignments_and_a_later_result_is_stale) {
  auto coordinator = spawn_coordinator();
  std::string id;
  auto agent = spawn_agent(coordinator, 2, id);
  session_actor session;
  start(coordinator, suite(4), config_for(1), session);
  auto delivered = poll(agent).assignments;
  ASSERT_EQ(delivered.size(), 2u);
  ASSERT_TRUE(ask<ExecutionSession>(session, atom::cancel::value));
  auto after = poll(agent);
  EXPECT_EQ(after.status, WorkerState::idle);
  EXPECT_TRUE(after.assignments.empty());
  auto late = report(agent, delivered[0]);
  EXPECT_EQ(late.verdict, ReportVerdict::stale);
  EXPECT_NE(late.detail.find("was cancelled"), std::string::npos) << late.detail;
  auto done = status(session);
  EXPECT_EQ(done.status, SessionStatus::cancelled);
  EXPECT_EQ(done.progress.skipped, 4);
}

TEST_F(HttpAgent, an_agent_that_exits_ends_its_batches_and_its_tests_move_on) {
  auto coordinator = spawn_coordinator();
  std::string agent_id;
  auto agent = spawn_agent(coordinator, 1, agent_id);
  worker_actor w2;
  add_worker(coordinator, w2);
  session_actor session;
  start(coordinator, suite(2), config_for(2), session);
  ASSERT_EQ(poll(agent).assignments.size(), 1u);
  caf::anon_send_exit(agent, caf::exit_reason::user_shutdown);
  run();
  EXPECT_EQ(state_of_worker(coordinator, agent_id), WorkerState::offline);
  int answered = 0;
  while (!state_of(w2).runs.empty() && answered < 10) {
    answer(w2, TestStatus::passed);
    ++answered;
  }
  EXPECT_EQ(answered, 2);
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

TEST_F(HttpAgent, the_directory_registers_agents_and_reaches_each_by_its_worker_id) {
  auto coordinator = spawn_coordinator();
  WorkerProfile profile;
  profile.name = "rest-agent";
  std::string id;
  auto directory = spawn_directory_with_agent(coordinator, agent_drop_after, id, profile);
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(workers(coordinator).at(0).id, id);
  session_actor session;
  start(coordinator, suite(1), config_for(1), session);
  auto polled = ask<AgentPoll>(directory, atom::poll::value, id);
  ASSERT_TRUE(polled.has_value());
  auto t0 = std::get<0>(*polled).assignments.at(0);
  TestResult result;
  result.test_id = t0.test.id;
  auto receipt =
      ask<ResultReceipt>(directory, atom::report::value, id, t0.session_id, t0.epoch, result);
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(std::get<0>(*receipt).verdict, ReportVerdict::accepted);
  EXPECT_EQ(status(session).status, SessionStatus::completed);
  EXPECT_FALSE(ask<AgentPoll>(directory, atom::poll::value, std::string{"w-404"}));
  EXPECT_EQ(failure_of(last_error), failure::unknown_worker);
}

} // namespace
} // namespace shardline::testing
