#include "store/session_records.hpp"

#include "store/store_file.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <string>

// Sessions and results in a real database file, as serve writes them and a
// restarted serve reads them.

namespace shardline {
namespace {

ExecutionSession session_state(const std::string& id, SessionStatus status, std::int64_t total) {
  ExecutionSession session;
  session.session_id = id;
  session.status = status;
  session.strategy = "round-robin";
  session.progress.total = total;
  session.progress.running = total;
  session.started_at = TimePoint{std::chrono::milliseconds{1'700'000'000'000}};
  session.shards = {ShardStatus{0, "w-1", ShardState::running, {total, 0}, 100}};
  return session;
}

SessionOpening opening_of(std::int64_t tests) {
  SessionOpening opening;
  for (std::int64_t i = 0; i < tests; ++i) {
    TestFile test;
    test.id = std::string("t").append(std::to_string(i));
    test.path = "a.spec.ts";
    test.title = "test";
    opening.tests.push_back(std::move(test));
  }
  opening.config.worker_count = 2;
  opening.config.retries = 1;
  opening.config.runner.argv = {"true"};
  opening.origin = "POST /api/execution/parallel";
  return opening;
}

ResultRecord result(const std::string& session, std::uint64_t seq, const std::string& test,
                    TestStatus status, bool final = true) {
  ResultRecord record;
  record.session_id = session;
  record.seq = seq;
  record.result.test_id = test;
  record.result.status = status;
  record.result.duration_ms = 120;
  record.result.error =
      status == TestStatus::passed ? std::nullopt : std::optional<std::string>("boom");
  record.result.screenshots = {"/api/artifacts/s/a.png"};
  record.final = final;
  return record;
}

class SessionRecords : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = open_store(scratch.path() / "shardline.db");
    ASSERT_TRUE(opened) << opened.error().to_string();
    db.emplace(std::move(*opened));
  }

  void write(const StoreBatch& batch) {
    auto error = write_batch(*db, batch);
    ASSERT_FALSE(error) << error->to_string();
  }

  test_support::ScratchDir scratch;
  std::optional<sqlite::Database> db;
};

TEST_F(SessionRecords, a_session_its_opening_and_its_results_read_back_as_written) {
  StoreBatch batch;
  batch.sessions.push_back({session_state("s-1", SessionStatus::running, 3), opening_of(3)});
  batch.results = {result("s-1", 0, "t0", TestStatus::passed),
                   result("s-1", 1, "t1", TestStatus::failed, false)};
  write(batch);

  auto sessions = read_sessions(*db);
  ASSERT_TRUE(sessions) << sessions.error().to_string();
  ASSERT_EQ(sessions->size(), 1u);
  EXPECT_EQ((*sessions)[0].summary, session_state("s-1", SessionStatus::running, 3));
  EXPECT_EQ((*sessions)[0].origin, "POST /api/execution/parallel");
  auto opening = read_opening(*db, "s-1");
  ASSERT_TRUE(opening) << opening.error().to_string();
  EXPECT_EQ(opening->tests, opening_of(3).tests);
  EXPECT_EQ(opening->config.retries, 1);
  auto results = read_results(*db, "s-1");
  ASSERT_TRUE(results) << results.error().to_string();
  ASSERT_EQ(results->size(), 2u);
  EXPECT_EQ((*results)[0], batch.results[0].result);
  EXPECT_EQ((*results)[1], batch.results[1].result);
}

TEST_F(SessionRecords, a_later_state_keeps_the_opening_and_origin_of_the_first) {
  StoreBatch first;
  first.sessions.push_back({session_state("s-1", SessionStatus::running, 2), opening_of(2)});
  write(first);
  StoreBatch later;
  later.sessions.push_back({session_state("s-1", SessionStatus::completed, 2), std::nullopt});
  write(later);

  auto sessions = read_sessions(*db);
  ASSERT_TRUE(sessions);
  EXPECT_EQ((*sessions)[0].summary.status, SessionStatus::completed);
  EXPECT_EQ((*sessions)[0].origin, "POST /api/execution/parallel");
  EXPECT_TRUE(read_opening(*db, "s-1"));
}

TEST_F(SessionRecords, a_running_session_becomes_interrupted_counted_from_its_committed_results) {
  StoreBatch batch;
  batch.sessions.push_back({session_state("s-1", SessionStatus::running, 4), opening_of(4)});
  batch.sessions.push_back({session_state("s-2", SessionStatus::completed, 1), opening_of(1)});
  batch.results = {result("s-1", 0, "t0", TestStatus::passed),
                   result("s-1", 1, "t1", TestStatus::failed, /*final=*/false), // to retry
                   result("s-1", 2, "t2", TestStatus::failed),
                   result("s-1", 3, "t3", TestStatus::skipped)};
  write(batch);

  auto interrupted = interrupt_unfinished(*db);
  ASSERT_TRUE(interrupted) << interrupted.error().to_string();
  EXPECT_EQ(*interrupted, 1u);
  auto sessions = read_sessions(*db);
  ASSERT_TRUE(sessions);
  const auto& s1 = (*sessions)[0].summary;
  EXPECT_EQ(s1.status, SessionStatus::interrupted);
  EXPECT_EQ(s1.progress, (ExecutionProgress{.total = 4,
                                            .completed = 3,
                                            .passed = 1,
                                            .failed = 1,
                                            .skipped = 1,
                                            .running = 0,
                                            .pending = 1}));
  EXPECT_EQ(s1.shards[0].status, ShardState::cancelled);
  EXPECT_FALSE(s1.finished_at) << "nobody saw it end";
  EXPECT_EQ((*sessions)[1].summary.status, SessionStatus::completed) << "an ended one stays";
  auto finished = read_finished_tests(*db, "s-1");
  ASSERT_TRUE(finished);
  EXPECT_EQ(*finished, (std::vector<std::string>{"t0", "t2", "t3"}));
  EXPECT_EQ(*interrupt_unfinished(*db), 0u) << "once";
}

TEST_F(SessionRecords, a_later_attempt_that_is_not_final_takes_the_test_back_from_finished) {
  StoreBatch batch;
  batch.sessions.push_back({session_state("s-1", SessionStatus::running, 1), opening_of(1)});
  batch.results = {result("s-1", 0, "t0", TestStatus::passed),
                   result("s-1", 1, "t0", TestStatus::failed, /*final=*/false)};
  write(batch);
  EXPECT_TRUE(read_finished_tests(*db, "s-1")->empty());
}

TEST_F(SessionRecords, a_forgotten_session_goes_in_batches_results_first) {
  StoreBatch batch;
  batch.sessions.push_back({session_state("s-1", SessionStatus::completed, 5), opening_of(5)});
  batch.sessions.push_back({session_state("s-2", SessionStatus::completed, 1), opening_of(1)});
  for (std::uint64_t i = 0; i < 5; ++i)
    batch.results.push_back(
        result("s-1", i, std::string("t").append(std::to_string(i)), TestStatus::passed));
  batch.results.push_back(result("s-2", 0, "t0", TestStatus::passed));
  write(batch);

  auto first = forget_session_part(*db, "s-1", 2);
  ASSERT_TRUE(first);
  EXPECT_FALSE(*first);
  EXPECT_EQ(read_results(*db, "s-1")->size(), 3u);
  EXPECT_EQ(read_sessions(*db)->size(), 2u) << "its row goes last";
  EXPECT_FALSE(*forget_session_part(*db, "s-1", 2));
  EXPECT_TRUE(*forget_session_part(*db, "s-1", 2));
  EXPECT_TRUE(read_results(*db, "s-1")->empty());
  auto left = read_sessions(*db);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].summary.session_id, "s-2");
  EXPECT_EQ(read_results(*db, "s-2")->size(), 1u) << "another session's results stay";
}

TEST_F(SessionRecords, sessions_started_before_a_time_are_found_for_keep_days) {
  StoreBatch batch;
  auto old = session_state("old", SessionStatus::completed, 0);
  old.started_at = TimePoint{std::chrono::milliseconds{1000}};
  batch.sessions.push_back({old, opening_of(0)});
  batch.sessions.push_back({session_state("new", SessionStatus::completed, 0), opening_of(0)});
  write(batch);
  auto found = sessions_started_before(*db, TimePoint{std::chrono::milliseconds{2000}});
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, std::vector<std::string>{"old"});
}

TEST_F(SessionRecords, a_damaged_row_is_an_error_naming_the_session_not_a_crash) {
  StoreBatch batch;
  batch.sessions.push_back({session_state("s-1", SessionStatus::completed, 1), opening_of(1)});
  batch.results = {result("s-1", 0, "t0", TestStatus::passed)};
  write(batch);
  ASSERT_FALSE(db->exec("UPDATE results SET result = '{\"testId\": 7' WHERE session_id = 's-1'"));
  auto results = read_results(*db, "s-1");
  ASSERT_FALSE(results);
  EXPECT_NE(results.error().to_string().find("session s-1"), std::string::npos)
      << results.error().to_string();
  ASSERT_FALSE(db->exec("UPDATE sessions SET summary = 'x'"));
  EXPECT_FALSE(read_sessions(*db));
}

TEST_F(SessionRecords, workers_seen_are_kept_by_id_with_their_last_heartbeat) {
  StoreBatch batch;
  Worker worker;
  worker.id = "w-1";
  worker.name = "box";
  worker.host = "10.0.0.2";
  worker.type = WorkerType::remote;
  worker.last_heartbeat = TimePoint{std::chrono::milliseconds{5000}};
  batch.workers = {worker};
  write(batch);
  worker.last_heartbeat = TimePoint{std::chrono::milliseconds{9000}};
  batch.workers = {worker};
  write(batch);
  auto workers = read_workers(*db);
  ASSERT_TRUE(workers);
  ASSERT_EQ(workers->size(), 1u);
  EXPECT_EQ((*workers)[0].name, "box");
  EXPECT_EQ((*workers)[0].type, WorkerType::remote);
  EXPECT_EQ((*workers)[0].last_heartbeat, worker.last_heartbeat);
}

} // namespace
} // namespace shardline

namespace shardline {
namespace {

TEST_F(SessionRecords, a_resume_plan_has_the_opening_and_each_tests_latest_final_result) {
  StoreBatch batch;
  batch.sessions.push_back({session_state("s-1", SessionStatus::running, 4), opening_of(4)});
  batch.results = {result("s-1", 0, "t0", TestStatus::failed, /*final=*/false),
                   result("s-1", 1, "t1", TestStatus::passed),
                   result("s-1", 2, "t0", TestStatus::passed),
                   result("s-1", 3, "t2", TestStatus::passed),
                   result("s-1", 4, "t2", TestStatus::failed, /*final=*/false)};
  write(batch);
  ASSERT_TRUE(interrupt_unfinished(*db));

  auto plan = read_resume_plan(*db, "s-1");
  ASSERT_TRUE(plan) << plan.error().to_string();
  EXPECT_EQ(plan->status, SessionStatus::interrupted);
  EXPECT_EQ(plan->opening.tests.size(), 4u);
  ASSERT_EQ(plan->finished.size(), 2u) << "t0 and t1; t2 is to run again, t3 never ran";
  EXPECT_EQ(plan->finished[0].test_id, "t1");
  EXPECT_EQ(plan->finished[1].test_id, "t0");
  EXPECT_EQ(plan->finished[1].status, TestStatus::passed);
  EXPECT_FALSE(read_resume_plan(*db, "nope"));
}

} // namespace
} // namespace shardline
