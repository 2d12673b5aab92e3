// Units through the session, shards and workers: a unit's tests go to one
// worker in one batch, in order, and move whole when stolen or handed back.

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

} // namespace
} // namespace shardline::testing
