// Units through the session, shards and workers: a unit's tests go to one
// worker in one batch, in order, and move whole when stolen or handed back;
// a serial group is retried whole.

#include "actor_fixture.hpp"

#include <initializer_list>
#include <string>
#include <vector>

namespace shardline::testing {
namespace {

ParallelExecutionConfig config_for(int workers) {
  ParallelExecutionConfig config;
  config.worker_count = workers;
  config.strategy = "round-robin";
  config.runner.argv = {"true"}; // the command runner: one test per batch, unless a unit
  return config;
}

// Puts tests[index] for each index into `unit`. (Copied from a std::string:
// GCC 12 warns falsely, -Wstringop-overflow, about assigning a literal here
// at -O3.)
void join_unit(std::vector<TestFile>& tests, std::initializer_list<int> indexes,
               const std::string& unit) {
  for (auto index : indexes)
    tests[static_cast<std::size_t>(index)].unit = unit;
}

// t0..t5; t1, t3 and t5 are the serial unit "u" (scattered in the input).
std::vector<TestFile> suite_with_a_unit() {
  auto tests = suite(6);
  join_unit(tests, {1, 3, 5}, std::string("u"));
  return tests;
}

std::vector<std::string> ids_of(const std::vector<TestAssignment>& batch) {
  std::vector<std::string> ids;
  for (const auto& assignment : batch)
    ids.push_back(assignment.test.id);
  return ids;
}

class SessionUnits : public ActorFixture {};

TEST_F(SessionUnits, a_unit_runs_in_one_batch_in_its_order) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  start(coordinator, suite_with_a_unit(), config_for(2), session);
  // Round-robin deals the units t0, u, t2, t4: the unit goes to w2 whole.
  ASSERT_EQ(state_of(w2).runs.size(), 1u);
  EXPECT_EQ(ids_of(state_of(w2).runs.front().batch), (std::vector<std::string>{"t1", "t3", "t5"}));
  while (!state_of(w1).runs.empty())
    answer(w1, TestStatus::passed);
  while (!state_of(w2).runs.empty())
    answer(w2, TestStatus::passed);
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

TEST_F(SessionUnits, a_thief_takes_a_unit_whole) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  auto tests = suite(8);
  join_unit(tests, {5, 6, 7}, std::string("tail"));
  // Round-robin deals t0 t2 t4 to w1 and t1 t3 (t5 t6 t7) to w2.
  start(coordinator, tests, config_for(2), session);
  EXPECT_EQ(answer(w1, TestStatus::passed), "t0");
  EXPECT_EQ(answer(w1, TestStatus::passed), "t2");
  EXPECT_EQ(answer(w1, TestStatus::passed), "t4");
  // Idle while w2 still runs t1, w1 steals about half of w2's queue (t3 t5
  // t6 t7) from its tail: t6 and t7 would be half, but t5 is of their unit.
  ASSERT_EQ(state_of(w1).runs.size(), 1u);
  EXPECT_EQ(ids_of(state_of(w1).runs.front().batch), (std::vector<std::string>{"t5", "t6", "t7"}));
  for (int i = 0; i < 3; ++i)
    answer(w1, TestStatus::passed);
  EXPECT_EQ(answer(w1, TestStatus::passed), "t3"); // idle again: the last queued test
  EXPECT_EQ(answer(w2, TestStatus::passed), "t1");
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

TEST_F(SessionUnits, a_unit_handed_back_runs_again_together_in_order) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  auto tests = suite(3);
  join_unit(tests, {0, 1, 2}, std::string("file"));
  start(coordinator, tests, config_for(1), session);
  ASSERT_EQ(state_of(w1).runs.size(), 1u);
  EXPECT_EQ(answer(w1, TestStatus::passed), "t0");
  EXPECT_EQ(hand_back(w1), 2u); // Playwright died after t0
  ASSERT_EQ(state_of(w1).runs.size(), 1u);
  EXPECT_EQ(ids_of(state_of(w1).runs.front().batch), (std::vector<std::string>{"t1", "t2"}));
  answer(w1, TestStatus::passed);
  answer(w1, TestStatus::passed);
  EXPECT_EQ(status(session).progress.passed, 3);
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

TEST_F(SessionUnits, a_playwright_batchs_unfinished_units_run_again_in_one_batch_in_order) {
  auto coordinator = spawn_coordinator();
  worker_actor w1;
  add_worker(coordinator, w1);
  session_actor session;
  auto tests = suite(5);
  join_unit(tests, {0, 1, 2}, std::string("first"));
  join_unit(tests, {3, 4}, std::string("second"));
  auto config = config_for(1);
  config.runner.kind = RunnerKind::playwright; // short tests: one batch holds both units
  start(coordinator, tests, config, session);
  ASSERT_EQ(state_of(w1).runs.size(), 1u);
  EXPECT_EQ(ids_of(state_of(w1).runs.front().batch),
            (std::vector<std::string>{"t0", "t1", "t2", "t3", "t4"}));
  EXPECT_EQ(answer(w1, TestStatus::passed), "t0");
  EXPECT_EQ(hand_back(w1), 4u);
  ASSERT_EQ(state_of(w1).runs.size(), 1u);
  EXPECT_EQ(ids_of(state_of(w1).runs.front().batch),
            (std::vector<std::string>{"t1", "t2", "t3", "t4"}));
  for (const auto& assignment : state_of(w1).runs.front().batch)
    EXPECT_EQ(assignment.attempt, 1) << assignment.test.id;
  while (!state_of(w1).runs.empty())
    answer(w1, TestStatus::passed);
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

// -- shardline's retries ------------------------------------------------------------

// t0 t1 t2 are one unit that is a serial group; t3 is alone. Round-robin
// deals the group to w1 and t3 to w2.
std::vector<TestFile> suite_with_a_serial_group() {
  auto tests = suite(4);
  join_unit(tests, {0, 1, 2}, std::string("checkout"));
  for (auto index : {0, 1, 2})
    tests[static_cast<std::size_t>(index)].serial_group = tests[0].unit;
  return tests;
}

std::vector<int> attempts_of(const std::vector<TestAssignment>& batch) {
  std::vector<int> attempts;
  for (const auto& assignment : batch)
    attempts.push_back(assignment.attempt);
  return attempts;
}

TEST_F(SessionUnits, a_failure_in_a_serial_group_reruns_the_whole_group_in_one_batch) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  auto config = config_for(2);
  config.retries = 1;
  start(coordinator, suite_with_a_serial_group(), config, session);
  ASSERT_EQ(state_of(w1).runs.size(), 1u);
  EXPECT_EQ(ids_of(state_of(w1).runs.front().batch), (std::vector<std::string>{"t0", "t1", "t2"}));
  EXPECT_EQ(answer(w1, TestStatus::passed), "t0");
  EXPECT_EQ(answer(w1, TestStatus::failed), "t1");
  EXPECT_EQ(answer(w1, TestStatus::skipped), "t2"); // Playwright skips the rest
  // The group went to w2, whole, behind the t3 it runs; w1, idle, did not
  // steal back the retry that failed on it.
  EXPECT_TRUE(state_of(w1).runs.empty());
  EXPECT_EQ(status(session).progress.pending, 3);
  EXPECT_EQ(answer(w2, TestStatus::passed), "t3");
  ASSERT_EQ(state_of(w2).runs.size(), 1u);
  EXPECT_EQ(ids_of(state_of(w2).runs.front().batch), (std::vector<std::string>{"t0", "t1", "t2"}));
  EXPECT_EQ(attempts_of(state_of(w2).runs.front().batch), (std::vector<int>{2, 2, 2}));
  for (int i = 0; i < 3; ++i)
    answer(w2, TestStatus::passed);
  auto final_state = status(session);
  EXPECT_EQ(final_state.status, SessionStatus::completed);
  EXPECT_EQ(final_state.progress.passed, 4);
  EXPECT_EQ(final_state.progress.skipped, 0);
  // Every attempt is kept; the last of each test is its result, and only the
  // test that failed is flaky.
  auto all = results(session);
  ASSERT_EQ(all.size(), 7u);
  for (const auto& result : all)
    EXPECT_EQ(result.flaky, result.attempt == 2 && result.test_id == "t1") << result.test_id;
}

TEST_F(SessionUnits, a_unit_that_is_not_serial_retries_only_the_failed_test) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  auto tests = suite(4);
  join_unit(tests, {0, 1, 2}, std::string("file")); // a file, not fully parallel
  auto config = config_for(2);
  config.retries = 1;
  start(coordinator, tests, config, session);
  EXPECT_EQ(answer(w1, TestStatus::passed), "t0");
  EXPECT_EQ(answer(w1, TestStatus::failed), "t1");
  EXPECT_EQ(answer(w1, TestStatus::passed), "t2"); // Playwright goes on with the rest
  EXPECT_EQ(answer(w2, TestStatus::passed), "t3");
  ASSERT_EQ(state_of(w2).runs.size(), 1u);
  EXPECT_EQ(ids_of(state_of(w2).runs.front().batch), (std::vector<std::string>{"t1"}));
  EXPECT_EQ(attempts_of(state_of(w2).runs.front().batch), (std::vector<int>{2}));
  answer(w2, TestStatus::passed);
  EXPECT_EQ(status(session).status, SessionStatus::completed);
  EXPECT_EQ(results(session).size(), 5u);
}

TEST_F(SessionUnits, a_serial_group_handed_back_after_a_failure_is_retried_whole) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  auto config = config_for(2);
  config.retries = 1;
  start(coordinator, suite_with_a_serial_group(), config, session);
  EXPECT_EQ(answer(w1, TestStatus::failed), "t0");
  EXPECT_EQ(hand_back(w1), 2u); // Playwright died before t1 and t2 reported
  EXPECT_TRUE(state_of(w1).runs.empty());
  EXPECT_EQ(answer(w2, TestStatus::passed), "t3");
  ASSERT_EQ(state_of(w2).runs.size(), 1u);
  EXPECT_EQ(ids_of(state_of(w2).runs.front().batch), (std::vector<std::string>{"t0", "t1", "t2"}));
  // t1 and t2 did not run: they use no attempt.
  EXPECT_EQ(attempts_of(state_of(w2).runs.front().batch), (std::vector<int>{2, 1, 1}));
  for (int i = 0; i < 3; ++i)
    answer(w2, TestStatus::passed);
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

TEST_F(SessionUnits, a_serial_group_whose_worker_is_lost_mid_retry_is_replanned_whole) {
  auto coordinator = spawn_coordinator();
  worker_actor w1, w2;
  add_worker(coordinator, w1);
  add_worker(coordinator, w2);
  session_actor session;
  auto config = config_for(2);
  config.retries = 1;
  start(coordinator, suite_with_a_serial_group(), config, session);
  EXPECT_EQ(answer(w1, TestStatus::failed), "t0"); // t1 and t2 still run
  caf::anon_send_exit(w1, caf::exit_reason::kill);
  run();
  EXPECT_EQ(answer(w2, TestStatus::passed), "t3");
  ASSERT_EQ(state_of(w2).runs.size(), 1u);
  EXPECT_EQ(ids_of(state_of(w2).runs.front().batch), (std::vector<std::string>{"t0", "t1", "t2"}));
  EXPECT_EQ(attempts_of(state_of(w2).runs.front().batch), (std::vector<int>{2, 1, 1}));
  for (int i = 0; i < 3; ++i)
    answer(w2, TestStatus::passed);
  EXPECT_EQ(status(session).status, SessionStatus::completed);
}

} // namespace
} // namespace shardline::testing
