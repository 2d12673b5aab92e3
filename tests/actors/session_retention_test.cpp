// A long-running coordinator keeps the newest finished sessions and forgets
// older ones (and their board entries), never a running one.

#include "actor_fixture.hpp"

#include "actors/failure.hpp"
#include "actors/session_board.hpp"

namespace shardline::testing {
namespace {

ParallelExecutionConfig one_worker() {
  ParallelExecutionConfig config;
  config.worker_count = 1;
  config.strategy = "round-robin";
  config.runner.argv = {"true"};
  return config;
}

class SessionRetention : public ActorFixture {
protected:
  coordinator_actor spawn_keeping(std::size_t kept) {
    CoordinatorSettings settings;
    settings.readouts.board = board;
    settings.finished_sessions_kept = kept;
    return spawn_coordinator(settings);
  }

  // A session of one test, which `worker` passes.
  std::string run_one(const coordinator_actor& coordinator, const worker_actor& worker) {
    session_actor session;
    auto started = start(coordinator, suite(1), one_worker(), session);
    answer(worker, TestStatus::passed);
    EXPECT_EQ(status(session).status, SessionStatus::completed);
    return started.session_id;
  }

  bool known(const coordinator_actor& coordinator, const std::string& id) {
    return ask<session_actor>(coordinator, atom::session::value, id).has_value();
  }

  std::shared_ptr<SessionBoard> board = std::make_shared<SessionBoard>();
};

TEST_F(SessionRetention, keeps_the_newest_finished_sessions_and_forgets_older_ones) {
  auto coordinator = spawn_keeping(2);
  worker_actor worker;
  add_worker(coordinator, worker);

  auto first = run_one(coordinator, worker);
  auto second = run_one(coordinator, worker);
  EXPECT_TRUE(known(coordinator, first)) << "two finished sessions are kept";
  auto third = run_one(coordinator, worker);
  run();

  EXPECT_FALSE(known(coordinator, first));
  EXPECT_EQ(last_error, make_error(failure::unknown_session, "no session \"" + first + "\""));
  EXPECT_EQ(board->find(first), nullptr);
  EXPECT_TRUE(known(coordinator, second));
  EXPECT_TRUE(known(coordinator, third));
  EXPECT_NE(board->find(second), nullptr);
  EXPECT_NE(board->find(third), nullptr);
}

TEST_F(SessionRetention, a_running_session_is_never_forgotten) {
  auto coordinator = spawn_keeping(1);
  worker_actor busy, other;
  auto busy_id = add_worker(coordinator, busy);
  session_actor running;
  auto long_one = start(coordinator, suite(1), one_worker(), running); // busy holds its test
  // Draining, busy keeps that test and takes no new session's.
  ASSERT_TRUE(ask<Worker>(coordinator, atom::drain::value, busy_id));
  add_worker(coordinator, other);

  auto first = run_one(coordinator, other);
  auto second = run_one(coordinator, other);
  run();

  EXPECT_TRUE(known(coordinator, long_one.session_id));
  EXPECT_EQ(status(running).status, SessionStatus::running);
  EXPECT_FALSE(known(coordinator, first));
  EXPECT_TRUE(known(coordinator, second));
}

TEST_F(SessionRetention, the_session_list_holds_the_kept_sessions_only) {
  auto coordinator = spawn_keeping(1);
  worker_actor worker;
  add_worker(coordinator, worker);
  run_one(coordinator, worker);
  auto kept = run_one(coordinator, worker);
  run();

  auto sessions = ask<std::vector<ExecutionSession>>(coordinator, atom::sessions::value);

  ASSERT_TRUE(sessions);
  ASSERT_EQ(std::get<0>(*sessions).size(), 1u);
  EXPECT_EQ(std::get<0>(*sessions)[0].session_id, kept);
  EXPECT_EQ(board->ids(), (std::vector<std::string>{kept}));
}

} // namespace
} // namespace shardline::testing
