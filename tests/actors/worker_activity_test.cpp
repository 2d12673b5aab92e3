// What each worker is doing, without any actor: the tests a session's ledger
// says each worker holds, and the workers list that shows them.

#include "actors/session_ledger.hpp"
#include "actors/worker_activity.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

using Ids = std::vector<std::string>;

// Built with append: GCC 12 at -O2 warns falsely (-Wstringop-overflow) on
// "literal" + std::string once this is inlined into a test body.
std::vector<TestFile> suite(int count) {
  std::vector<TestFile> tests;
  for (int i = 0; i < count; ++i) {
    TestFile test;
    test.path = "t.spec.ts";
    test.title = std::string{"test "}.append(std::to_string(i));
    test.id = std::string{"t"}.append(std::to_string(i));
    tests.push_back(test);
  }
  return tests;
}

TestResult passed(const std::string& test_id) {
  TestResult result;
  result.test_id = test_id;
  result.status = TestStatus::passed;
  return result;
}

Worker worker(const std::string& id, WorkerState status = WorkerState::idle) {
  Worker out;
  out.id = id;
  out.status = status;
  return out;
}

// -- held_tests -------------------------------------------------------------------

TEST(HeldTests, a_session_where_nothing_runs_holds_nothing) {
  SessionLedger ledger(suite(3), 0, 0, 1);
  EXPECT_TRUE(held_tests(ledger).empty());
}

TEST(HeldTests, lists_each_workers_handed_over_tests_in_the_sessions_order) {
  SessionLedger ledger(suite(4), 0, 0, 2);
  ledger.dispatch(3, "w-2", 1);
  ledger.dispatch(2, "w-1", 0);
  ledger.dispatch(0, "w-1", 0);

  EXPECT_EQ(held_tests(ledger), (std::vector<HeldTests>{{"w-1", {"t0", "t2"}}, {"w-2", {"t3"}}}));
}

TEST(HeldTests, a_test_with_its_result_is_no_longer_held) {
  SessionLedger ledger(suite(2), 0, 0, 1);
  auto first = ledger.dispatch(0, "w-1", 0);
  ledger.dispatch(1, "w-1", 0);

  ledger.apply("w-1", first.epoch, passed("t0"));

  EXPECT_EQ(held_tests(ledger), (std::vector<HeldTests>{{"w-1", {"t1"}}}));
}

TEST(HeldTests, a_lost_worker_holds_nothing) {
  SessionLedger ledger(suite(2), 0, 0, 2);
  ledger.dispatch(0, "w-1", 0);
  ledger.dispatch(1, "w-2", 1);

  ledger.release("w-1");

  EXPECT_EQ(held_tests(ledger), (std::vector<HeldTests>{{"w-2", {"t1"}}}));
}

// -- with_held_tests --------------------------------------------------------------

TEST(WorkersWithHeldTests, an_idle_worker_that_holds_tests_is_busy_with_them) {
  auto listed = with_held_tests({worker("w-1"), worker("w-2")},
                                {{"w-1", {"a::1"}}, {"w-1", {"b::1", "b::2"}}});

  EXPECT_EQ(listed[0].status, WorkerState::busy);
  EXPECT_EQ(listed[0].current_tests, (Ids{"a::1", "b::1", "b::2"})); // two sessions
  EXPECT_EQ(listed[1].status, WorkerState::idle);
  EXPECT_TRUE(listed[1].current_tests.empty());
}

TEST(WorkersWithHeldTests, a_draining_worker_stays_draining_with_its_tests) {
  auto listed = with_held_tests({worker("w-1", WorkerState::draining)}, {{"w-1", {"a::1"}}});

  EXPECT_EQ(listed[0].status, WorkerState::draining);
  EXPECT_EQ(listed[0].current_tests, Ids{"a::1"});
}

TEST(WorkersWithHeldTests, an_offline_worker_holds_nothing_whatever_a_session_still_says) {
  auto listed = with_held_tests({worker("w-1", WorkerState::offline)}, {{"w-1", {"a::1"}}});

  EXPECT_EQ(listed[0].status, WorkerState::offline);
  EXPECT_TRUE(listed[0].current_tests.empty());
}

TEST(WorkersWithHeldTests, tests_of_a_worker_not_listed_are_left_out) {
  auto listed = with_held_tests({worker("w-1")}, {{"w-9", {"a::1"}}});

  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].status, WorkerState::idle);
  EXPECT_TRUE(listed[0].current_tests.empty());
}

} // namespace
} // namespace shardline
