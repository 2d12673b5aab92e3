// The worker interface across a node boundary: workers in a second actor
// system reach the coordinator through CAF's middleman on 127.0.0.1.

#include "actors/actor_config.hpp"
#include "actors/command_executor.hpp"
#include "actors/local_runtime.hpp"
#include "actors/worker.hpp"
#include "runners/subreaper.hpp"

#include <caf/actor_system.hpp>
#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <thread>

namespace shardline {
namespace {

struct NodeConfig : ActorConfig {
  NodeConfig() { load<caf::io::middleman>(); }
};

WorkerProfile remote_profile(const std::string& name) {
  WorkerProfile profile;
  profile.name = name;
  profile.type = WorkerType::remote;
  profile.host = "127.0.0.1";
  profile.capabilities.max_concurrent = 2;
  return profile;
}

std::vector<Worker> workers_of(caf::actor_system& system, const coordinator_actor& coordinator) {
  caf::scoped_actor self{system};
  std::vector<Worker> workers;
  self->request(coordinator, std::chrono::seconds{5}, atom::workers::value)
      .receive([&](std::vector<Worker>& answer) { workers = std::move(answer); },
               [](const caf::error&) {});
  return workers;
}

class RemoteWorker : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(become_subreaper().has_value());
    coordinator = spawn_coordinator(coordinator_node);
    auto published = coordinator_node.middleman().publish(coordinator, 0, "127.0.0.1");
    ASSERT_TRUE(published) << caf::to_string(published.error());
    port = *published;
  }

  void TearDown() override { caf::anon_send_exit(coordinator, caf::exit_reason::user_shutdown); }

  NodeConfig coordinator_config;
  caf::actor_system coordinator_node{coordinator_config};
  coordinator_actor coordinator;
  std::uint16_t port = 0;
};

TEST_F(RemoteWorker, runs_tests_on_a_worker_in_another_node) {
  NodeConfig worker_config;
  caf::actor_system worker_node{worker_config};
  auto remote = worker_node.middleman().remote_actor<coordinator_actor>("127.0.0.1", port);
  ASSERT_TRUE(remote) << caf::to_string(remote.error());
  auto worker = spawn_worker(worker_node, *remote, remote_profile("far-away"),
                             std::make_shared<CommandExecutor>());
  std::vector<TestFile> tests;
  for (int i = 0; i < 4; ++i) {
    TestFile test;
    test.path = "t" + std::to_string(i);
    test.id = test.path;
    test.title = "exit " + std::to_string(i % 2); // t1, t3 fail
    tests.push_back(test);
  }
  ParallelExecutionConfig config;
  config.worker_count = 1;
  config.runner.argv = {"sh", "-c", "{title}"};
  // The session may start before the worker has registered: it waits for it.
  auto outcome = run_session(coordinator_node, coordinator, {tests, config});
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_EQ(outcome->session.status, SessionStatus::completed);
  EXPECT_EQ(outcome->session.progress.passed, 2);
  EXPECT_EQ(outcome->session.progress.failed, 2);
  ASSERT_EQ(outcome->results.size(), 4u);
  auto workers = workers_of(coordinator_node, coordinator);
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers[0].name, "far-away");
  EXPECT_EQ(workers[0].type, WorkerType::remote);
  for (const auto& result : outcome->results)
    EXPECT_EQ(result.worker_id, workers[0].id);
  caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
}

TEST_F(RemoteWorker, a_node_that_goes_away_takes_its_worker_offline_at_once) {
  {
    NodeConfig worker_config;
    caf::actor_system worker_node{worker_config};
    auto remote = worker_node.middleman().remote_actor<coordinator_actor>("127.0.0.1", port);
    ASSERT_TRUE(remote) << caf::to_string(remote.error());
    auto worker = spawn_worker(worker_node, *remote, remote_profile("short-lived"),
                               std::make_shared<CommandExecutor>());
    // Registration is asynchronous; wait for it (bounded).
    for (int i = 0; i < 500 && workers_of(coordinator_node, coordinator).empty(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    ASSERT_EQ(workers_of(coordinator_node, coordinator).size(), 1u);
    EXPECT_EQ(workers_of(coordinator_node, coordinator)[0].status, WorkerState::idle);
    caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  } // the worker node shuts down: its connection closes
  bool offline = false;
  for (int i = 0; i < 500 && !offline; ++i) {
    auto workers = workers_of(coordinator_node, coordinator);
    offline = workers.size() == 1 && workers[0].status == WorkerState::offline;
    if (!offline)
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  EXPECT_TRUE(offline) << "the 90 s heartbeat timeout is far away: only the monitor can say so";
}

} // namespace
} // namespace shardline
