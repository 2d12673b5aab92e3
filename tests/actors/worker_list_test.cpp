// The coordinator's list of workers (GET /api/sharding/workers) on virtual
// time: what each worker runs now, its live view, and which workers leave it.

#include "actor_fixture.hpp"

#include "actors/runtime_metrics.hpp"

namespace shardline::testing {
namespace {

using Ids = std::vector<std::string>;

ParallelExecutionConfig round_robin(int workers) {
  ParallelExecutionConfig config;
  config.worker_count = workers;
  config.strategy = "round-robin";
  config.runner.argv = {"true"};
  config.steal = false; // each worker keeps its shard
  return config;
}

// A worker that runs nothing and, told `tick`, ends normally: it leaves.
worker_actor::behavior_type leaving_worker(worker_actor::pointer self) {
  return {
      [](atom::run, const std::vector<TestAssignment>&, const result_sink_actor&) {
        return std::vector<std::uint64_t>{};
      },
      [](atom::cancel, const std::string&) {},
      [](atom::ended, const std::string&) {},
      [](atom::done, std::uint64_t, const std::vector<std::uint64_t>&) {},
      [self](atom::tick) { self->quit(); },
  };
}

class WorkerList : public ActorFixture {
protected:
  Worker listed(const coordinator_actor& coordinator, const std::string& id) {
    for (auto& worker : workers(coordinator))
      if (worker.id == id)
        return worker;
    ADD_FAILURE() << "no worker " << id;
    return {};
  }

  /// Registers `worker` with `profile`; returns its id.
  std::string add(const coordinator_actor& coordinator, const worker_actor& worker,
                  const WorkerProfile& profile = {}) {
    spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(worker));
    auto answer = ask<std::string, std::int64_t, std::int64_t>(coordinator, atom::register_::value,
                                                               profile, worker);
    EXPECT_TRUE(answer.has_value());
    return answer ? std::get<0>(*answer) : std::string{};
  }
};

TEST_F(WorkerList, a_worker_is_busy_with_the_tests_it_holds_and_idle_once_they_reported) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  auto id1 = add_worker(coordinator, w1);
  auto id2 = add_worker(coordinator, w2);
  session_actor session;
  start(coordinator, suite(3), round_robin(2), session); // w1: t0 t2, w2: t1

  auto w1_now = listed(coordinator, id1);
  EXPECT_EQ(w1_now.status, WorkerState::busy);
  EXPECT_EQ(w1_now.current_tests, Ids{"t0"});
  EXPECT_EQ(listed(coordinator, id2).current_tests, Ids{"t1"});

  answer(w1, TestStatus::passed);
  EXPECT_EQ(listed(coordinator, id1).current_tests, Ids{"t2"});
  answer(w1, TestStatus::passed);
  answer(w2, TestStatus::failed);

  for (const auto& worker : workers(coordinator)) {
    EXPECT_EQ(worker.status, WorkerState::idle) << worker.id;
    EXPECT_TRUE(worker.current_tests.empty()) << worker.id;
  }
}

TEST_F(WorkerList, a_worker_lists_its_last_heartbeat_from_its_registration_on) {
  auto coordinator = spawn_coordinator();
  worker_actor worker;
  auto id = add_worker(coordinator, worker);
  EXPECT_TRUE(listed(coordinator, id).last_heartbeat.has_value());
}

TEST_F(WorkerList, a_worker_keeps_the_vnc_port_and_url_it_registered_with) {
  auto coordinator = spawn_coordinator();
  WorkerProfile profile;
  profile.vnc_port = 5901;
  profile.vnc_url = "http://10.0.0.7:6080/vnc.html";
  auto id = add(coordinator, sys.spawn(mock_worker), profile);
  auto worker = listed(coordinator, id);
  EXPECT_EQ(worker.vnc_port, 5901);
  EXPECT_EQ(worker.vnc_url, "http://10.0.0.7:6080/vnc.html");
}

TEST_F(WorkerList, a_worker_without_a_live_view_has_no_vnc) {
  auto coordinator = spawn_coordinator();
  worker_actor worker;
  auto id = add_worker(coordinator, worker);
  EXPECT_EQ(listed(coordinator, id).vnc_port, std::nullopt);
  EXPECT_EQ(listed(coordinator, id).vnc_url, std::nullopt);
}

TEST_F(WorkerList, a_worker_actor_that_ends_normally_left_and_is_no_longer_listed) {
  CoordinatorSettings settings;
  settings.readouts.metrics = std::make_shared<RuntimeMetrics>();
  auto coordinator = spawn_coordinator(settings);
  auto leaving = sys.spawn(leaving_worker);
  add(coordinator, leaving);
  ASSERT_EQ(settings.readouts.metrics->workers(WorkerState::idle), 1);

  caf::anon_send(leaving, atom::tick::value);
  run();

  EXPECT_TRUE(workers(coordinator).empty());
  for (auto state : {WorkerState::idle, WorkerState::busy, WorkerState::offline})
    EXPECT_EQ(settings.readouts.metrics->workers(state), 0) << to_string(state);
}

TEST_F(WorkerList, a_worker_actor_that_fails_is_listed_offline_then_leaves_the_list) {
  CoordinatorSettings settings;
  settings.readouts.metrics = std::make_shared<RuntimeMetrics>();
  settings.dead_worker_listed_for = std::chrono::minutes{5};
  settings.heartbeat_interval = std::chrono::hours{1}; // the live mock never heartbeats
  settings.heartbeat_timeout = std::chrono::hours{2};
  auto coordinator = spawn_coordinator(settings);
  worker_actor worker, other;
  auto id = add_worker(coordinator, worker);
  add_worker(coordinator, other);
  caf::anon_send_exit(worker, caf::exit_reason::kill);
  run();
  EXPECT_EQ(listed(coordinator, id).status, WorkerState::offline);

  advance(std::chrono::seconds{4 * 60});
  EXPECT_EQ(listed(coordinator, id).status, WorkerState::offline) << "listed for 5 minutes";
  advance(std::chrono::seconds{61});

  auto now = workers(coordinator);
  ASSERT_EQ(now.size(), 1u) << "the dead worker left, the live one stays";
  EXPECT_NE(now[0].id, id);
  EXPECT_EQ(now[0].status, WorkerState::idle);
  EXPECT_EQ(settings.readouts.metrics->workers(WorkerState::offline), 0);
}

} // namespace
} // namespace shardline::testing
