// A session with a store: a result counts (status, results, observers, the
// reporter's answer) only once the store committed it to a real database
// file; a commit that fails is retried, the results kept meanwhile, and the
// store's health says why. Time moves only when the test advances it.

#include "actors/store.hpp"
#include "store/session_records.hpp"
#include "store/store_file.hpp"
#include "store/store_health.hpp"
#include "tests/actors/actor_fixture.hpp"
#include "tests/support/scratch_dir.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

namespace shardline::testing {
namespace {

ParallelExecutionConfig config_for(int workers) {
  ParallelExecutionConfig config;
  config.worker_count = workers;
  config.runner.argv = {"true"};
  return config;
}

class SessionStore : public ActorFixture {
protected:
  void SetUp() override {
    auto opened = open_store(scratch.path() / "shardline.db");
    ASSERT_TRUE(opened) << opened.error().to_string();
    db = std::make_shared<sqlite::Database>(std::move(*opened));
    StoreSettings settings;
    settings.detached = false; // the test scheduler runs it
    store = spawn_store(sys, db, health, settings);
    spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(store));
    run();
  }

  coordinator_actor coordinator_with_store() {
    CoordinatorSettings settings;
    settings.store = store;
    return spawn_coordinator(settings);
  }

  // What a second connection reads from the file: what survives a crash.
  std::vector<TestResult> stored_results(const std::string& session_id) {
    auto reader =
        sqlite::Database::open(scratch.path() / "shardline.db", sqlite::OpenMode::read_only);
    EXPECT_TRUE(reader);
    auto results = read_results(*reader, session_id);
    EXPECT_TRUE(results) << results.error().to_string();
    return results ? *results : std::vector<TestResult>{};
  }

  std::vector<StoredSession> stored_sessions() {
    auto reader =
        sqlite::Database::open(scratch.path() / "shardline.db", sqlite::OpenMode::read_only);
    EXPECT_TRUE(reader);
    auto sessions = read_sessions(*reader);
    EXPECT_TRUE(sessions) << sessions.error().to_string();
    return sessions ? *sessions : std::vector<StoredSession>{};
  }

  test_support::ScratchDir scratch;
  std::shared_ptr<sqlite::Database> db;
  std::shared_ptr<StoreHealth> health = std::make_shared<StoreHealth>();
  store_actor store;
};

TEST_F(SessionStore, every_result_and_the_sessions_final_state_are_in_the_file) {
  auto coordinator = coordinator_with_store();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  auto started = start(coordinator, suite(3), config_for(1), session);
  answer(w1, TestStatus::passed);
  answer(w1, TestStatus::failed);
  answer(w1, TestStatus::passed);

  auto final_state = status(session);
  ASSERT_EQ(final_state.status, SessionStatus::completed);
  auto stored = stored_results(started.session_id);
  EXPECT_EQ(stored, results(session));
  ASSERT_EQ(stored.size(), 3u);
  auto sessions = stored_sessions();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].summary, final_state);
  auto workers = read_workers(*db);
  ASSERT_TRUE(workers);
  EXPECT_EQ(workers->size(), 1u) << "the worker seen";
}

TEST_F(SessionStore, a_result_counts_only_once_committed_and_a_failing_commit_is_retried) {
  auto coordinator = coordinator_with_store();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  auto started = start(coordinator, suite(2), config_for(1), session);
  // Every commit fails from now on, as on a full disk.
  ASSERT_FALSE(db->exec("ALTER TABLE results RENAME TO results_away"));

  answer(w1, TestStatus::passed);

  auto shown = status(session);
  EXPECT_EQ(shown.progress.completed, 0) << "not committed: it does not count";
  EXPECT_EQ(shown.progress.running + shown.progress.pending, 2);
  EXPECT_TRUE(results(session).empty());
  ASSERT_TRUE(health->degraded());
  EXPECT_NE(health->degraded()->find("results"), std::string::npos) << *health->degraded();

  answer(w1, TestStatus::passed); // the last one: the session ends once they count
  EXPECT_EQ(status(session).status, SessionStatus::running) << "its end waits for its results";
  advance(std::chrono::seconds{1}); // retried, failing still
  EXPECT_TRUE(health->degraded());

  ASSERT_FALSE(db->exec("ALTER TABLE results_away RENAME TO results"));
  advance(std::chrono::seconds{6}); // the next retry (backoff at most 5 s) goes through

  EXPECT_FALSE(health->degraded());
  auto final_state = status(session);
  EXPECT_EQ(final_state.status, SessionStatus::completed);
  EXPECT_EQ(final_state.progress.passed, 2);
  EXPECT_EQ(stored_results(started.session_id).size(), 2u) << "nothing was dropped";
  EXPECT_GE(health->failures(), 2u);
}

TEST_F(SessionStore, results_that_come_together_are_committed_together) {
  auto coordinator = coordinator_with_store();
  worker_actor w1;
  add_worker(coordinator, w1, 4);
  session_actor session;
  start(coordinator, suite(4), config_for(1), session);
  auto commits_before = health->commits();
  // Four results in the store's mailbox before it runs: one transaction.
  std::size_t sent = 0;
  for (auto& batch : state_of(w1).runs) {
    for (const auto& assignment : batch.batch) {
      TestResult result;
      result.test_id = assignment.test.id;
      result.worker_id = state_of(w1).id;
      caf::anon_send(batch.sink, atom::result::value, assignment.epoch, result);
      ++sent;
    }
    batch.answered = batch.batch.size();
  }
  ASSERT_EQ(sent, 4u) << "four slots, four tests running";
  sched.run();

  EXPECT_EQ(status(session).progress.passed, 4);
  EXPECT_EQ(health->commits() - commits_before, 2u) << "the results, then the final state";
}

TEST_F(SessionStore, a_reporter_that_waits_hears_back_only_after_the_commit) {
  auto coordinator = coordinator_with_store();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  start(coordinator, suite(1), config_for(1), session);
  ASSERT_FALSE(db->exec("ALTER TABLE results RENAME TO results_away"));
  auto& batch = state_of(w1).runs.front();
  TestResult result;
  result.test_id = batch.batch[0].test.id;
  result.worker_id = state_of(w1).id;

  auto answer = std::make_shared<std::optional<bool>>();
  auto sink = batch.sink;
  auto epoch = batch.batch[0].epoch;
  sys.spawn([=](caf::event_based_actor* self) {
    self->request(sink, caf::infinite, atom::commit::value, epoch, result)
        .then([=](bool counted) { *answer = counted; }, [](caf::error&) {});
  });
  run();
  EXPECT_FALSE(answer->has_value()) << "no answer while the commit fails";

  ASSERT_FALSE(db->exec("ALTER TABLE results_away RENAME TO results"));
  advance(std::chrono::seconds{1});
  EXPECT_EQ(*answer, std::optional<bool>(true));
  EXPECT_EQ(status(session).progress.passed, 1);
}

} // namespace
} // namespace shardline::testing
