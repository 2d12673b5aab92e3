// The ledger retries a serial group whole, as Playwright does: a failure in
// it reruns every test of the group, each as its next attempt, once none of
// the group runs any more.

#include "actors/session_ledger.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

namespace shardline {
namespace {

// t0..t(n-1); groups[i] is test i's serial group (all in one unit "file").
std::vector<TestFile> suite_of(const std::vector<std::string>& groups) {
  std::vector<TestFile> tests;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    TestFile test;
    test.id = std::to_string(i);
    test.id.insert(0, 1, 't'); // (GCC 12 warns falsely of "t" + ... at -O3)
    test.path = "t.spec.ts";
    test.title = test.id;
    test.unit = std::string("file");
    test.serial_group = groups[i];
    tests.push_back(test);
  }
  return tests;
}

TestResult outcome(const std::string& test_id, TestStatus status) {
  TestResult result;
  result.test_id = test_id;
  result.status = status;
  return result;
}

void expect_invariant(const SessionLedger& ledger) {
  const auto& p = ledger.progress();
  EXPECT_EQ(p.completed + p.running + p.pending, p.total);
  EXPECT_EQ(p.completed, p.passed + p.failed + p.skipped);
}

// t0 t1 t2 are the serial group "g", t3 is alone.
std::vector<TestFile> group_and_one() {
  return suite_of({"g", "g", "g", ""});
}

TEST(SerialRetry, a_failure_reruns_the_whole_group_once_its_run_has_ended) {
  SessionLedger ledger(group_and_one(), 1, 0, 1);
  auto a0 = ledger.dispatch(0, "w-1", 0);
  auto a1 = ledger.dispatch(1, "w-1", 0);
  auto a2 = ledger.dispatch(2, "w-1", 0);
  EXPECT_EQ(ledger.apply("w-1", a0.epoch, outcome("t0", TestStatus::passed)), Verdict::final);
  EXPECT_EQ(ledger.progress().passed, 1);

  EXPECT_EQ(ledger.apply("w-1", a1.epoch, outcome("t1", TestStatus::failed)), Verdict::retry);
  // t0 runs again with its group: its pass no longer counts.
  EXPECT_TRUE(ledger.is_pending(0));
  EXPECT_EQ(ledger.attempt_of(0), 2);
  EXPECT_EQ(ledger.progress().passed, 0);
  EXPECT_EQ(ledger.shard_progress(0).completed, 0);
  expect_invariant(ledger);
  // t2 still runs (Playwright is about to skip it): the group waits for it.
  EXPECT_TRUE(ledger.waits_for_its_group(0));
  EXPECT_TRUE(ledger.waits_for_its_group(1));
  EXPECT_TRUE(ledger.take_group_retry(1).empty());

  // Its result, skipped for the failure before it, sends it along too.
  EXPECT_EQ(ledger.apply("w-1", a2.epoch, outcome("t2", TestStatus::skipped)), Verdict::retry);
  EXPECT_FALSE(ledger.waits_for_its_group(0));
  EXPECT_EQ(ledger.take_group_retry(2), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_TRUE(ledger.take_group_retry(0).empty()) << "the retry is taken once";
  EXPECT_FALSE(ledger.group_retry_open(0));
  EXPECT_EQ(ledger.progress().pending, 4);
  expect_invariant(ledger);

  // The group's second run: every test as its second attempt.
  for (std::size_t test = 0; test < 3; ++test) {
    auto again = ledger.dispatch(test, "w-2", 0);
    EXPECT_EQ(again.attempt, 2);
    EXPECT_EQ(
        ledger.apply("w-2", again.epoch, outcome(ledger.tests()[test].id, TestStatus::passed)),
        Verdict::final);
  }
  EXPECT_EQ(ledger.progress().passed, 3);
  auto results = ledger.results();
  ASSERT_EQ(results.size(), 6U);
  // Attempts per test as before; only the test that failed is flaky.
  std::map<std::string, std::vector<std::pair<int, bool>>> attempts; // (attempt, flaky)
  for (const auto& result : results)
    attempts[result.test_id].emplace_back(result.attempt, result.flaky);
  using Tries = std::vector<std::pair<int, bool>>;
  EXPECT_EQ(attempts["t0"], (Tries{{1, false}, {2, false}}));
  EXPECT_EQ(attempts["t1"], (Tries{{1, false}, {2, true}}));
  EXPECT_EQ(attempts["t2"], (Tries{{1, false}, {2, false}}));
  expect_invariant(ledger);
}

TEST(SerialRetry, a_failure_as_the_groups_last_test_is_ready_at_once) {
  SessionLedger ledger(group_and_one(), 1, 0, 1);
  std::vector<Handover> handed;
  for (std::size_t test = 0; test < 3; ++test)
    handed.push_back(ledger.dispatch(test, "w-1", 0));
  ledger.apply("w-1", handed[0].epoch, outcome("t0", TestStatus::passed));
  ledger.apply("w-1", handed[1].epoch, outcome("t1", TestStatus::passed));
  EXPECT_EQ(ledger.apply("w-1", handed[2].epoch, outcome("t2", TestStatus::timed_out)),
            Verdict::retry);
  EXPECT_EQ(ledger.take_group_retry(2), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(SerialRetry, without_retries_left_the_failure_is_final_and_the_group_stays_done) {
  SessionLedger ledger(group_and_one(), 0, 0, 1);
  auto a0 = ledger.dispatch(0, "w-1", 0);
  auto a1 = ledger.dispatch(1, "w-1", 0);
  ledger.apply("w-1", a0.epoch, outcome("t0", TestStatus::passed));
  EXPECT_EQ(ledger.apply("w-1", a1.epoch, outcome("t1", TestStatus::failed)), Verdict::final);
  EXPECT_TRUE(ledger.is_done(0));
  EXPECT_FALSE(ledger.group_retry_open(0));
  EXPECT_EQ(ledger.progress().passed, 1);
  EXPECT_EQ(ledger.progress().failed, 1);
}

TEST(SerialRetry, a_unit_that_is_not_serial_retries_the_failed_test_alone) {
  // One unit ("file"), no serial group: Playwright retries the failed test.
  SessionLedger ledger(suite_of({"", "", ""}), 1, 0, 1);
  auto a0 = ledger.dispatch(0, "w-1", 0);
  auto a1 = ledger.dispatch(1, "w-1", 0);
  ledger.apply("w-1", a0.epoch, outcome("t0", TestStatus::passed));
  EXPECT_EQ(ledger.apply("w-1", a1.epoch, outcome("t1", TestStatus::failed)), Verdict::retry);
  EXPECT_TRUE(ledger.is_done(0));
  EXPECT_FALSE(ledger.group_retry_open(1));
  EXPECT_FALSE(ledger.waits_for_its_group(1));
  EXPECT_TRUE(ledger.take_group_retry(1).empty());
}

TEST(SerialRetry, only_the_failed_tests_group_runs_again) {
  // Two serial groups in one file unit: "a" (t0 t1) and "b" (t2 t3).
  SessionLedger ledger(suite_of({"a", "a", "b", "b"}), 1, 0, 1);
  std::vector<Handover> handed;
  for (std::size_t test = 0; test < 4; ++test)
    handed.push_back(ledger.dispatch(test, "w-1", 0));
  ledger.apply("w-1", handed[0].epoch, outcome("t0", TestStatus::passed));
  ledger.apply("w-1", handed[1].epoch, outcome("t1", TestStatus::passed));
  ledger.apply("w-1", handed[2].epoch, outcome("t2", TestStatus::failed));
  ledger.apply("w-1", handed[3].epoch, outcome("t3", TestStatus::skipped));
  EXPECT_TRUE(ledger.is_done(0));
  EXPECT_TRUE(ledger.is_done(1));
  EXPECT_EQ(ledger.take_group_retry(3), (std::vector<std::size_t>{2, 3}));
}

TEST(SerialRetry, tests_handed_back_during_the_retry_join_it_as_the_same_attempt) {
  SessionLedger ledger(group_and_one(), 1, 0, 1);
  auto a0 = ledger.dispatch(0, "w-1", 0);
  auto a1 = ledger.dispatch(1, "w-1", 0);
  auto a2 = ledger.dispatch(2, "w-1", 0);
  EXPECT_EQ(ledger.apply("w-1", a0.epoch, outcome("t0", TestStatus::failed)), Verdict::retry);
  // Playwright died before t1 and t2 reported.
  EXPECT_TRUE(ledger.give_back(1, a1.epoch));
  EXPECT_TRUE(ledger.waits_for_its_group(0)); // t2 still runs
  EXPECT_TRUE(ledger.give_back(2, a2.epoch));
  EXPECT_EQ(ledger.take_group_retry(1), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(ledger.attempt_of(0), 2);
  EXPECT_EQ(ledger.attempt_of(1), 1) << "a test that did not run uses no attempt";
  EXPECT_EQ(ledger.attempt_of(2), 1);
}

TEST(SerialRetry, a_lost_worker_ends_the_groups_run_and_the_next_hand_over_closes_the_retry) {
  SessionLedger ledger(group_and_one(), 1, 0, 1);
  auto a0 = ledger.dispatch(0, "w-1", 0);
  ledger.dispatch(1, "w-1", 0);
  ledger.apply("w-1", a0.epoch, outcome("t0", TestStatus::failed));
  EXPECT_TRUE(ledger.waits_for_its_group(0));
  ledger.release("w-1");
  // Nothing of the group runs: it may be planned again as it is.
  EXPECT_FALSE(ledger.waits_for_its_group(0));
  EXPECT_TRUE(ledger.group_retry_open(0));
  ledger.dispatch(0, "w-2", 0);
  EXPECT_FALSE(ledger.group_retry_open(1));
  EXPECT_TRUE(ledger.take_group_retry(1).empty());
}

// Random interleavings with serial groups, run as a session runs them (a
// group's tests handed out together once it is retried): the invariant holds
// after every step, attempts rise per test and stay within retries + 1, and
// every test ends.
TEST(SerialRetry, random_interleavings_keep_the_invariant_and_end_every_test) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 random(seed);
    auto pick = [&](std::size_t n) {
      return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    std::vector<std::string> groups;
    for (std::size_t i = 0, n = 2 + pick(8); i < n; ++i)
      groups.push_back(pick(3) == 0 ? std::string()
                                    : std::string(1, static_cast<char>('a' + pick(2))));
    const int retries = static_cast<int>(pick(3));
    SessionLedger ledger(suite_of(groups), retries, 0, 2);
    std::vector<Handover> issued;
    for (int step = 0; step < 400 && !ledger.finished(); ++step) {
      switch (pick(5)) {
      case 0:
      case 1: { // hand out a pending test that may go
        auto test = pick(groups.size());
        if (ledger.is_pending(test) && !ledger.waits_for_its_group(test))
          issued.push_back(ledger.dispatch(test, pick(2) ? "w-1" : "w-2", 0));
        break;
      }
      case 2: { // a result for some hand-over ever issued
        if (issued.empty())
          break;
        const auto& a = issued[pick(issued.size())];
        ledger.apply(a.worker_id, a.epoch,
                     outcome(ledger.tests()[a.test].id, static_cast<TestStatus>(pick(4))));
        break;
      }
      case 3: { // a hand-over given back, or a worker lost
        if (!issued.empty() && pick(2)) {
          const auto& a = issued[pick(issued.size())];
          ledger.give_back(a.test, a.epoch);
        } else {
          ledger.release(pick(2) ? "w-1" : "w-2");
        }
        break;
      }
      case 4: // a group's retry taken (the session queues it)
        ledger.take_group_retry(pick(groups.size()));
        break;
      }
      expect_invariant(ledger);
    }
    std::map<std::string, int> last_attempt;
    for (const auto& result : ledger.results()) {
      EXPECT_GT(result.attempt, last_attempt[result.test_id]) << "seed " << seed;
      EXPECT_LE(result.attempt, retries + 1) << "seed " << seed;
      last_attempt[result.test_id] = result.attempt;
    }
    ledger.skip_remaining("cancelled");
    EXPECT_TRUE(ledger.finished()) << "seed " << seed;
    expect_invariant(ledger);
  }
}

} // namespace
} // namespace shardline
