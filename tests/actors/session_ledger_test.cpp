#include "actors/session_ledger.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace shardline {
namespace {

std::vector<TestFile> suite(int count) {
  std::vector<TestFile> tests;
  for (int i = 0; i < count; ++i) {
    TestFile test;
    test.path = "t.spec.ts";
    test.title = "test " + std::to_string(i);
    test.id = "t" + std::to_string(i);
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

TEST(SessionLedger, starts_with_every_test_pending) {
  SessionLedger ledger(suite(3), 0, 0, 1);
  EXPECT_EQ(ledger.progress().pending, 3);
  EXPECT_EQ(ledger.progress().total, 3);
  EXPECT_FALSE(ledger.finished());
}

TEST(SessionLedger, a_passing_result_from_the_holder_is_final) {
  SessionLedger ledger(suite(2), 0, 0, 1);
  auto a = ledger.dispatch(0, "w-1", 0);
  EXPECT_EQ(ledger.progress().running, 1);
  EXPECT_EQ(ledger.apply("w-1", a.epoch, outcome("t0", TestStatus::passed)), Verdict::final);
  EXPECT_EQ(ledger.progress().passed, 1);
  EXPECT_EQ(ledger.progress().completed, 1);
  ASSERT_EQ(ledger.results().size(), 1u);
  EXPECT_EQ(ledger.results()[0].worker_id, "w-1");
  EXPECT_EQ(ledger.results()[0].test_name, "test 0");
  EXPECT_EQ(ledger.results()[0].attempt, 1);
  expect_invariant(ledger);
}

TEST(SessionLedger, keeps_what_only_some_results_have) {
  SessionLedger ledger(suite(2), 0, 0, 1);
  auto a = ledger.dispatch(0, "w-1", 0);
  auto b = ledger.dispatch(1, "w-1", 0);
  auto rich = outcome("t0", TestStatus::failed);
  rich.error = "boom";
  rich.error_stack = "at t0";
  rich.screenshots = {"/api/artifacts/s/t0/1.png"};
  rich.trace_url = "/api/artifacts/s/t0/trace.zip";
  rich.video_url = "/api/artifacts/s/t0/video.webm";
  rich.stdout_tail = "out\n";
  auto without_video = outcome("t1", TestStatus::passed);
  without_video.video_unavailable = "video not recorded: no ffmpeg";

  ledger.apply("w-1", a.epoch, rich);
  ledger.apply("w-1", b.epoch, without_video);

  auto results = ledger.results();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].error, "boom");
  EXPECT_EQ(results[0].error_stack, "at t0");
  EXPECT_EQ(results[0].screenshots, rich.screenshots);
  EXPECT_EQ(results[0].trace_url, rich.trace_url);
  EXPECT_EQ(results[0].video_url, rich.video_url);
  EXPECT_EQ(results[0].stdout_tail, "out\n");
  EXPECT_EQ(results[0].video_unavailable, std::nullopt);
  EXPECT_EQ(results[1].video_unavailable, "video not recorded: no ffmpeg");
  EXPECT_EQ(results[1].error, std::nullopt);
}

TEST(SessionLedger, the_same_result_twice_is_a_duplicate) {
  SessionLedger ledger(suite(1), 0, 0, 1);
  auto a = ledger.dispatch(0, "w-1", 0);
  ledger.apply("w-1", a.epoch, outcome("t0", TestStatus::passed));
  EXPECT_EQ(ledger.apply("w-1", a.epoch, outcome("t0", TestStatus::passed)), Verdict::duplicate);
  EXPECT_EQ(ledger.dropped().duplicate, 1);
  EXPECT_EQ(ledger.results().size(), 1u);
}

TEST(SessionLedger, an_earlier_attempts_result_again_is_a_duplicate_too) {
  SessionLedger ledger(suite(1), 1, 0, 1);
  auto first = ledger.dispatch(0, "w-1", 0);
  ledger.apply("w-1", first.epoch, outcome("t0", TestStatus::failed)); // retried
  auto second = ledger.dispatch(0, "w-2", 0);
  ledger.apply("w-2", second.epoch, outcome("t0", TestStatus::passed));
  EXPECT_EQ(ledger.apply("w-1", first.epoch, outcome("t0", TestStatus::failed)),
            Verdict::duplicate);
  EXPECT_EQ(ledger.apply("w-2", second.epoch, outcome("t0", TestStatus::passed)),
            Verdict::duplicate);
  EXPECT_EQ(ledger.dropped().duplicate, 2);
}

TEST(SessionLedger, a_result_from_another_worker_is_stale) {
  SessionLedger ledger(suite(1), 0, 0, 1);
  auto a = ledger.dispatch(0, "w-1", 0);
  EXPECT_EQ(ledger.apply("w-2", a.epoch, outcome("t0", TestStatus::passed)), Verdict::stale);
  EXPECT_EQ(ledger.dropped().stale, 1);
  EXPECT_EQ(ledger.progress().running, 1);
}

TEST(SessionLedger, unknown_tests_are_reported_as_such) {
  SessionLedger ledger(suite(1), 0, 0, 1);
  EXPECT_EQ(ledger.apply("w-1", 1, outcome("nope", TestStatus::passed)), Verdict::unknown);
}

TEST(SessionLedger, knows_the_running_tests_through_every_change_of_phase) {
  SessionLedger ledger(suite(5), 0, 0, 2);
  auto a2 = ledger.dispatch(2, "w-1", 0);
  ledger.dispatch(0, "w-1", 0);
  ledger.dispatch(4, "w-2", 1);
  EXPECT_EQ(ledger.running(), (std::vector<std::size_t>{0, 2, 4}));
  EXPECT_EQ(ledger.held_by("w-1"), (std::vector<std::size_t>{0, 2}));

  ledger.apply("w-1", a2.epoch, outcome("t2", TestStatus::passed)); // done
  EXPECT_EQ(ledger.running(), (std::vector<std::size_t>{0, 4}));
  ledger.release("w-2"); // back to pending
  EXPECT_EQ(ledger.running(), (std::vector<std::size_t>{0}));
  EXPECT_TRUE(ledger.held_by("w-2").empty());
  ledger.dispatch(4, "w-1", 0); // again
  EXPECT_EQ(ledger.held_by("w-1"), (std::vector<std::size_t>{0, 4}));
  EXPECT_EQ(static_cast<std::int64_t>(ledger.running().size()), ledger.progress().running);
}

TEST(SessionLedger, a_lost_workers_tests_return_to_pending_without_using_a_retry) {
  SessionLedger ledger(suite(3), 0, 0, 2);
  auto a0 = ledger.dispatch(0, "w-1", 0);
  ledger.dispatch(1, "w-1", 0);
  ledger.dispatch(2, "w-2", 1);
  auto released = ledger.release("w-1");
  EXPECT_EQ(released, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(ledger.progress().pending, 2);
  EXPECT_EQ(ledger.progress().running, 1);
  // The late result of the fenced hand-over is dropped ...
  EXPECT_EQ(ledger.apply("w-1", a0.epoch, outcome("t0", TestStatus::passed)), Verdict::stale);
  // ... and the test runs again as the same attempt.
  auto again = ledger.dispatch(0, "w-2", 1);
  EXPECT_EQ(again.attempt, 1);
  EXPECT_GT(again.epoch, a0.epoch);
  EXPECT_EQ(ledger.apply("w-2", again.epoch, outcome("t0", TestStatus::passed)), Verdict::final);
  expect_invariant(ledger);
}

TEST(SessionLedger, a_handover_given_back_runs_again_as_the_same_attempt) {
  SessionLedger ledger(suite(1), 0, 0, 1);
  auto first = ledger.dispatch(0, "w-1", 0);
  EXPECT_FALSE(ledger.give_back(0, first.epoch + 1));
  EXPECT_TRUE(ledger.give_back(0, first.epoch));
  EXPECT_TRUE(ledger.is_pending(0));
  EXPECT_FALSE(ledger.give_back(0, first.epoch)); // once only
  EXPECT_EQ(ledger.dispatch(0, "w-1", 0).attempt, 1);
  EXPECT_EQ(ledger.apply("w-1", first.epoch, outcome("t0", TestStatus::passed)), Verdict::stale);
}

TEST(SessionLedger, a_test_that_keeps_losing_its_run_fails_instead_of_looping) {
  SessionLedger ledger(suite(1), 5, 0, 1); // retries do not matter here
  for (int lost = 1; lost < max_lost_runs; ++lost) {
    auto handover = ledger.dispatch(0, "w-1", 0);
    EXPECT_TRUE(ledger.give_back(0, handover.epoch));
  }
  auto last = ledger.dispatch(0, "w-1", 0);
  EXPECT_EQ(last.attempt, 1);
  EXPECT_FALSE(ledger.give_back(0, last.epoch));
  EXPECT_TRUE(ledger.finished());
  EXPECT_EQ(ledger.progress().failed, 1);
  EXPECT_NE(ledger.results().back().error.value_or("").find("lost 3 times"), std::string::npos);
}

TEST(SessionLedger, a_failed_test_is_retried_and_marked_flaky_when_it_then_passes) {
  SessionLedger ledger(suite(1), 2, 0, 1);
  auto first = ledger.dispatch(0, "w-1", 0);
  EXPECT_EQ(ledger.apply("w-1", first.epoch, outcome("t0", TestStatus::failed)), Verdict::retry);
  EXPECT_TRUE(ledger.is_pending(0));
  EXPECT_EQ(ledger.last_worker(0), "w-1");
  auto second = ledger.dispatch(0, "w-2", 0);
  EXPECT_EQ(second.attempt, 2);
  EXPECT_EQ(ledger.apply("w-2", second.epoch, outcome("t0", TestStatus::passed)), Verdict::final);
  ASSERT_EQ(ledger.results().size(), 2u);
  EXPECT_FALSE(ledger.results()[0].flaky);
  EXPECT_TRUE(ledger.results()[1].flaky);
  EXPECT_EQ(ledger.results()[1].retry_count, 1);
  EXPECT_EQ(ledger.progress().passed, 1);
  EXPECT_EQ(ledger.progress().failed, 0);
}

TEST(SessionLedger, a_test_that_keeps_failing_fails_after_its_retries) {
  SessionLedger ledger(suite(1), 1, 0, 1);
  auto first = ledger.dispatch(0, "w-1", 0);
  EXPECT_EQ(ledger.apply("w-1", first.epoch, outcome("t0", TestStatus::timed_out)), Verdict::retry);
  auto second = ledger.dispatch(0, "w-1", 0);
  EXPECT_EQ(ledger.apply("w-1", second.epoch, outcome("t0", TestStatus::failed)), Verdict::final);
  EXPECT_EQ(ledger.progress().failed, 1);
  EXPECT_TRUE(ledger.finished());
}

TEST(SessionLedger, reaches_the_failure_limit_after_max_failures_final_failures) {
  SessionLedger ledger(suite(4), 0, 2, 1);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_FALSE(ledger.failure_limit_reached());
    auto a = ledger.dispatch(i, "w-1", 0);
    ledger.apply("w-1", a.epoch, outcome(ledger.tests()[i].id, TestStatus::failed));
  }
  EXPECT_TRUE(ledger.failure_limit_reached());
}

TEST(SessionLedger, no_failure_limit_when_max_failures_is_zero) {
  SessionLedger ledger(suite(1), 0, 0, 1);
  auto a = ledger.dispatch(0, "w-1", 0);
  ledger.apply("w-1", a.epoch, outcome("t0", TestStatus::failed));
  EXPECT_FALSE(ledger.failure_limit_reached());
}

TEST(SessionLedger, skipping_the_rest_ends_every_open_test_and_names_the_running_ones) {
  SessionLedger ledger(suite(3), 0, 0, 1);
  auto a = ledger.dispatch(0, "w-1", 0);
  ledger.apply("w-1", a.epoch, outcome("t0", TestStatus::passed));
  auto running = ledger.dispatch(1, "w-1", 0);
  auto stopped = ledger.skip_remaining("cancelled");
  EXPECT_EQ(stopped, (std::vector<std::size_t>{1}));
  EXPECT_TRUE(ledger.finished());
  EXPECT_EQ(ledger.progress().skipped, 2);
  EXPECT_EQ(ledger.results().back().error, "cancelled");
  // A result that arrives after the cancel changes nothing.
  EXPECT_EQ(ledger.apply("w-1", running.epoch, outcome("t1", TestStatus::passed)), Verdict::stale);
  EXPECT_EQ(ledger.progress().passed, 1);
}

TEST(SessionLedger, shard_progress_follows_planning_and_results) {
  SessionLedger ledger(suite(3), 0, 0, 2);
  ledger.plan(0, 0);
  ledger.plan(1, 0);
  ledger.plan(2, 1);
  EXPECT_EQ(ledger.shard_progress(0), (ShardProgress{2, 0}));
  ledger.plan(1, 1); // stolen by shard 1
  EXPECT_EQ(ledger.shard_progress(0), (ShardProgress{1, 0}));
  EXPECT_EQ(ledger.shard_progress(1), (ShardProgress{2, 0}));
  auto a = ledger.dispatch(1, "w-2", 1);
  ledger.apply("w-2", a.epoch, outcome("t1", TestStatus::passed));
  EXPECT_EQ(ledger.shard_progress(1), (ShardProgress{2, 1}));
  EXPECT_EQ(ledger.add_shard(), 2);
}

// Random interleavings of dispatches, results (fresh, duplicate and late),
// worker losses and cancels: the invariant holds after every step, and each
// test ends with exactly one final result.
TEST(SessionLedger, random_interleavings_keep_the_invariant_and_exactly_one_final_result) {
  const std::vector<std::string> workers{"w-1", "w-2", "w-3"};
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 random(seed);
    auto pick = [&](std::size_t n) {
      return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    const int count = 1 + static_cast<int>(pick(12));
    const int retries = static_cast<int>(pick(3));
    SessionLedger ledger(suite(count), retries, 0, 3);
    std::vector<Handover> issued;
    // The oracle: the epoch each test's live hand-over has (0 = none).
    std::vector<std::uint64_t> live(static_cast<std::size_t>(count), 0);
    bool cancelled = false;
    for (int step = 0; step < 200 && !ledger.finished(); ++step) {
      switch (pick(6)) {
      case 0:
      case 1: { // dispatch a pending test
        auto test = pick(static_cast<std::size_t>(count));
        if (ledger.is_pending(test)) {
          auto w = pick(workers.size());
          issued.push_back(ledger.dispatch(test, workers[w], static_cast<int>(w)));
          live[test] = issued.back().epoch;
        }
        break;
      }
      case 2:
      case 3: { // a result for some hand-over ever issued: fresh, late or repeated
        if (issued.empty())
          break;
        const auto& a = issued[pick(issued.size())];
        auto status = static_cast<TestStatus>(pick(4));
        auto verdict =
            ledger.apply(a.worker_id, a.epoch, outcome(ledger.tests()[a.test].id, status));
        bool accepted = verdict == Verdict::final || verdict == Verdict::retry;
        EXPECT_EQ(accepted, live[a.test] == a.epoch) << "seed " << seed;
        if (accepted)
          live[a.test] = 0;
        break;
      }
      case 4: { // a worker is lost: its hand-overs are fenced, pending again or failed
        const auto& worker = workers[pick(workers.size())];
        for (auto test : ledger.held_by(worker))
          live[test] = 0;
        ledger.release(worker);
        break;
      }
      case 5:
        if (pick(20) == 0) {
          ledger.skip_remaining("cancelled");
          std::fill(live.begin(), live.end(), 0);
          cancelled = true;
        }
        break;
      }
      expect_invariant(ledger);
    }
    if (!cancelled)
      ledger.skip_remaining("cancelled");
    ASSERT_TRUE(ledger.finished()) << "seed " << seed;
    // Exactly one final result per test: the last recorded attempt of each test
    // is the only one that is not a retried failure.
    std::map<std::string, int> finals;
    std::map<std::string, int> last_attempt;
    for (const auto& result : ledger.results()) {
      EXPECT_GT(result.attempt, last_attempt[result.test_id]) << "seed " << seed;
      last_attempt[result.test_id] = result.attempt;
    }
    for (const auto& result : ledger.results()) {
      bool retried = is_failure(result.status) && result.attempt <= retries &&
                     result.attempt < last_attempt[result.test_id];
      if (!retried)
        ++finals[result.test_id];
    }
    ASSERT_EQ(finals.size(), static_cast<std::size_t>(count)) << "seed " << seed;
    for (const auto& [id, n] : finals)
      EXPECT_EQ(n, 1) << id << " seed " << seed;
    const auto& p = ledger.progress();
    EXPECT_EQ(p.passed + p.failed + p.skipped, count) << "seed " << seed;
  }
}

} // namespace
} // namespace shardline
