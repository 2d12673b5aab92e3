#include "actor_fixture.hpp"

namespace shardline::testing {
namespace {

using namespace std::chrono_literals;

class Heartbeats : public ActorFixture {
protected:
  WorkerState state_of_worker(const coordinator_actor& coordinator, const std::string& id) {
    for (const auto& worker : workers(coordinator))
      if (worker.id == id)
        return worker.status;
    ADD_FAILURE() << "no worker " << id;
    return WorkerState::offline;
  }
};

TEST_F(Heartbeats, a_heartbeat_at_89s_keeps_a_worker_past_the_90s_timeout) {
  auto coordinator = spawn_coordinator(); // 30 s interval, 90 s timeout
  worker_actor worker;
  auto id = add_worker(coordinator, worker);
  advance(89s);
  caf::anon_send(coordinator, atom::heartbeat::value, id, std::uint64_t{1});
  run();
  advance(2s); // 91 s after registering
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::idle);
}

TEST_F(Heartbeats, no_heartbeat_by_91s_takes_a_worker_offline) {
  auto coordinator = spawn_coordinator();
  worker_actor worker;
  auto id = add_worker(coordinator, worker);
  advance(89s);
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::idle);
  advance(2s);
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::offline);
}

TEST_F(Heartbeats, each_heartbeat_restarts_the_timeout) {
  auto coordinator = spawn_coordinator();
  worker_actor worker;
  auto id = add_worker(coordinator, worker);
  for (std::uint64_t seq = 1; seq <= 5; ++seq) {
    advance(30s);
    caf::anon_send(coordinator, atom::heartbeat::value, id, seq);
    run();
  }
  advance(89s); // 239 s in all, 89 s after the last heartbeat
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::idle);
  advance(2s);
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::offline);
}

TEST_F(Heartbeats, timeout_and_interval_are_configurable) {
  auto coordinator = spawn_coordinator({5s, 10s});
  worker_actor worker;
  auto id = add_worker(coordinator, worker);
  advance(9s);
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::idle);
  advance(2s);
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::offline);
}

TEST_F(Heartbeats, a_worker_actor_that_goes_down_is_lost_at_once) {
  auto coordinator = spawn_coordinator();
  worker_actor worker;
  auto id = add_worker(coordinator, worker);
  caf::anon_send_exit(worker, caf::exit_reason::kill);
  run();
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::offline);
}

TEST_F(Heartbeats, an_offline_worker_that_heartbeats_again_comes_back) {
  auto coordinator = spawn_coordinator();
  worker_actor worker;
  auto id = add_worker(coordinator, worker);
  advance(91s);
  ASSERT_EQ(state_of_worker(coordinator, id), WorkerState::offline);
  caf::anon_send(coordinator, atom::heartbeat::value, id, std::uint64_t{1});
  run();
  EXPECT_EQ(state_of_worker(coordinator, id), WorkerState::idle);
}

} // namespace
} // namespace shardline::testing
