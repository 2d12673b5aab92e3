// The coordinator's registry query: the workers as registered, answered by the
// coordinator alone (a session start checks it on every request, so it must
// not ask every running session what its workers hold, as `workers` does).

#include "actor_fixture.hpp"

namespace shardline::testing {
namespace {

ParallelExecutionConfig one_shard() {
  ParallelExecutionConfig config;
  config.worker_count = 1;
  config.runner.argv = {"true"};
  return config;
}

class WorkerRegistry : public ActorFixture {
protected:
  /// Asks the coordinator for the registry and lets only the coordinator
  /// run; `asked_others` tells whether it sent anyone a message meanwhile.
  std::vector<Worker> registry(const coordinator_actor& coordinator, bool& asked_others) {
    caf::scoped_actor self{sys};
    auto pending = self->request(coordinator, caf::infinite, atom::registry::value);
    EXPECT_TRUE(sched.try_run_once()) << "the coordinator had nothing to do";
    asked_others = sched.has_job();
    run();
    std::vector<Worker> listed;
    pending.receive([&](std::vector<Worker>& workers) { listed = std::move(workers); },
                    [&](caf::error& error) { ADD_FAILURE() << sys.render(error); });
    return listed;
  }
};

TEST_F(WorkerRegistry, answers_without_asking_the_running_sessions) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  auto id = add_worker(coordinator, w1);
  session_actor session;
  start(coordinator, suite(2), one_shard(), session); // w1 holds t0
  ASSERT_EQ(workers(coordinator).front().status, WorkerState::busy);

  bool asked_others = true;
  auto listed = registry(coordinator, asked_others);

  EXPECT_FALSE(asked_others) << "the coordinator sent a message to answer";
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, id);
  EXPECT_EQ(listed[0].status, WorkerState::idle) << "as registered: what it holds is not asked";
  EXPECT_TRUE(listed[0].current_tests.empty());
}

TEST_F(WorkerRegistry, lists_a_draining_worker_as_draining) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  auto id = add_worker(coordinator, w1);
  ask<Worker>(coordinator, atom::drain::value, id);

  bool asked_others = true;
  auto listed = registry(coordinator, asked_others);

  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].status, WorkerState::draining);
}

} // namespace
} // namespace shardline::testing
