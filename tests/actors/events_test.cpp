#include "actor_fixture.hpp"

namespace shardline::testing {
namespace {

ParallelExecutionConfig config_for(int workers) {
  ParallelExecutionConfig config;
  config.worker_count = workers;
  config.strategy = "round-robin";
  config.runner.argv = {"true"};
  config.steal = false;
  return config;
}

struct events_recorder_state {
  static inline constexpr auto name = "events_recorder";
  events_recorder_state() = default;
  std::vector<std::string> events;
};

session_events_actor::behavior_type
events_recorder(session_events_actor::stateful_pointer<events_recorder_state> self) {
  return {
      [self](atom::result, const TestResult& result) {
        self->state.events.push_back("result " + result.test_id);
      },
      [self](atom::progress, const ExecutionProgress& progress) {
        self->state.events.push_back("progress " + std::to_string(progress.completed));
      },
      [self](atom::ended, const ExecutionSession&) { self->state.events.push_back("ended"); },
      [self](atom::shard, const ShardStatus& shard) {
        self->state.events.push_back("shard " + std::to_string(shard.shard_index) + " " +
                                     std::string{to_string(shard.status)} + " " +
                                     (shard.worker_id.empty() ? "-" : shard.worker_id));
      },
  };
}

worker_observer_actor::behavior_type
worker_recorder(worker_observer_actor::stateful_pointer<events_recorder_state> self) {
  return {
      [self](atom::worker, const Worker& worker) {
        self->state.events.push_back(worker.id + " " + std::string{to_string(worker.status)});
      },
  };
}

class EventObserver : public ActorFixture {
protected:
  template <class Handle>
  std::vector<std::string>& events_of(const Handle& recorder) {
    auto* actor = caf::actor_cast<caf::abstract_actor*>(recorder);
    return dynamic_cast<typename Handle::template stateful_pointer<events_recorder_state>>(actor)
        ->state.events;
  }

  session_events_actor subscribe(const session_actor& session) {
    auto recorder = sys.spawn(events_recorder);
    spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(recorder));
    caf::anon_send(session, atom::subscribe::value, recorder);
    run();
    return recorder;
  }
};

TEST_F(EventObserver, hears_when_a_shard_binds_and_when_it_finishes) {
  auto coordinator = spawn_coordinator();
  session_actor session;
  start(coordinator, suite(2), config_for(1), session); // no worker yet
  auto recorder = subscribe(session);
  worker_actor w1;
  auto id = add_worker(coordinator, w1);
  answer(w1, TestStatus::passed);
  answer(w1, TestStatus::passed);
  EXPECT_EQ(events_of(recorder),
            (std::vector<std::string>{"progress 0", "shard 0 pending -", "shard 0 running " + id,
                                      "result t0", "progress 1", "result t1", "progress 2",
                                      "shard 0 completed " + id, "progress 2", "ended"}));
}

TEST_F(EventObserver, a_late_subscriber_gets_the_progress_and_every_shard_first) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  auto id1 = add_worker(coordinator, w1);
  auto id2 = add_worker(coordinator, w2);
  session_actor session;
  start(coordinator, suite(4), config_for(2), session);
  answer(w1, TestStatus::passed);
  auto recorder = subscribe(session);
  EXPECT_EQ(events_of(recorder), (std::vector<std::string>{"progress 1", "shard 0 running " + id1,
                                                           "shard 1 running " + id2}));
}

TEST_F(EventObserver, hears_a_shard_lose_its_worker) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  auto id1 = add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  start(coordinator, suite(4), config_for(2), session);
  auto recorder = subscribe(session);
  caf::anon_send_exit(w1, caf::exit_reason::kill);
  run();
  auto& events = events_of(recorder);
  EXPECT_NE(std::find(events.begin(), events.end(), "shard 0 lost -"), events.end())
      << "after shard 0 of " << id1;
}

TEST_F(EventObserver, a_worker_observer_sees_every_worker_first_then_joins_drains_and_losses) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  auto id1 = add_worker(coordinator, w1);
  auto recorder = sys.spawn(worker_recorder);
  spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(recorder));
  caf::anon_send(coordinator, atom::watch::value, recorder);
  run();
  auto id2 = add_worker(coordinator, w2);
  ask<Worker>(coordinator, atom::drain::value, id2);
  caf::anon_send_exit(w1, caf::exit_reason::kill);
  run();
  EXPECT_EQ(events_of(recorder), (std::vector<std::string>{id1 + " idle", id2 + " idle",
                                                           id2 + " draining", id1 + " offline"}));
}

} // namespace
} // namespace shardline::testing
