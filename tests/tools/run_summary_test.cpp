#include "tools/run_summary.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace shardline;
using shardline::cli::run_summary;
using shardline::cli::SummaryOptions;

TestResult attempt(std::string id, int shard, std::string worker, TestStatus status,
                   std::int64_t duration_ms, int attempt_number = 1) {
  TestResult result;
  result.test_id = id;
  result.test_path = "tests/" + id + ".spec.ts";
  result.test_name = "does " + id;
  result.shard_index = shard;
  result.worker_id = std::move(worker);
  result.status = status;
  result.duration_ms = duration_ms;
  result.attempt = attempt_number;
  return result;
}

class RunSummary : public ::testing::Test {
protected:
  RunSummary() {
    outcome.session.status = SessionStatus::completed;
    outcome.session.progress.total = 3;
    outcome.session.progress.completed = 3;
    outcome.session.progress.passed = 2;
    outcome.session.progress.failed = 1;
    options.wall_ms = 4000;
    options.artifacts = "/out";
    options.slowest = 2;

    auto failed = attempt("pay", 1, "w-2", TestStatus::failed, 3000);
    failed.error = "\x1b[31mExpected: 3\x1b[39m\nReceived: 4";
    failed.screenshots = {"/api/artifacts/s-1/pay/test-failed-1.png"};
    failed.trace_url = "/api/artifacts/s-1/pay/trace.zip";
    auto first_try = attempt("cart", 0, "w-1", TestStatus::failed, 1000);
    auto retried = attempt("cart", 0, "w-1", TestStatus::passed, 1500, 2);
    retried.flaky = true;
    outcome.results = {attempt("login", 0, "w-1", TestStatus::passed, 500), first_try, retried,
                       failed};
  }

  std::string text() { return run_summary(outcome, options); }

  SessionOutcome outcome;
  SummaryOptions options;
};

TEST_F(RunSummary, lists_each_shard_with_its_worker_tests_and_busy_time) {
  auto summary = text();
  EXPECT_NE(summary.find("shard 0  w-1  3 tests, busy 3.0s"), std::string::npos) << summary;
  EXPECT_NE(summary.find("shard 1  w-2  1 test, busy 3.0s"), std::string::npos) << summary;
}

TEST_F(RunSummary, lists_the_slowest_attempts_longest_first) {
  auto summary = text();
  auto first = summary.find("3.0s  tests/pay.spec.ts \u203a does pay");
  auto second = summary.find("1.5s  tests/cart.spec.ts \u203a does cart");
  ASSERT_NE(first, std::string::npos) << summary;
  ASSERT_NE(second, std::string::npos) << summary;
  EXPECT_LT(first, second);
  EXPECT_EQ(summary.find("500ms  tests/login"), std::string::npos) << "only the two slowest";
}

TEST_F(RunSummary, names_flaky_tests_with_the_attempt_that_passed) {
  EXPECT_NE(text().find("Flaky (passed on a retry):\n  tests/cart.spec.ts \u203a does cart "
                        "(attempt 2)"),
            std::string::npos)
      << text();
}

TEST_F(RunSummary, shows_a_failure_with_its_plain_error_and_artifact_files) {
  auto summary = text();
  EXPECT_NE(summary.find("FAILED tests/pay.spec.ts \u203a does pay: Expected: 3 (w-2, attempt 1)"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("    screenshot: /out/s-1/pay/test-failed-1.png"), std::string::npos);
  EXPECT_NE(summary.find("    trace: /out/s-1/pay/trace.zip"), std::string::npos);
  EXPECT_EQ(summary.find("FAILED tests/cart"), std::string::npos)
      << "a test that passed on its retry is not a failure";
}

TEST_F(RunSummary, compares_wall_time_with_the_sum_of_test_time) {
  EXPECT_NE(text().find("time: 4.0s wall, 6.0s of tests (1.5x in parallel)"), std::string::npos)
      << text();
}

TEST_F(RunSummary, says_once_why_tests_that_asked_for_video_have_none) {
  EXPECT_EQ(text().find("asked for video"), std::string::npos) << "no test asked for video";
  for (auto& result : outcome.results)
    result.video_unavailable = "video not recorded: no ffmpeg";

  EXPECT_NE(text().find("3 tests asked for video: video not recorded: no ffmpeg\n"),
            std::string::npos)
      << text();
}

TEST_F(RunSummary, says_how_many_tests_never_ran_when_cancelled) {
  outcome.session.status = SessionStatus::cancelled;
  outcome.session.progress.pending = 2;
  EXPECT_NE(text().find("cancelled: 3 tests in 4.0s: 2 passed (1 flaky), 1 failed, 0 skipped, 2 "
                        "not run"),
            std::string::npos)
      << text();
}

} // namespace

namespace {

TEST(RunSummaryProjects, names_the_project_of_each_test_as_playwright_does) {
  SessionOutcome outcome;
  outcome.session.status = SessionStatus::completed;
  auto desktop = attempt("pay", 0, "w-1", TestStatus::failed, 3000);
  desktop.project = "main";
  auto mobile = attempt("pay", 0, "w-1", TestStatus::failed, 2000);
  mobile.test_id = "pay@mobile";
  mobile.project = "mobile";
  outcome.results = {desktop, mobile};
  SummaryOptions options;
  options.slowest = 2;

  auto summary = run_summary(outcome, options);

  EXPECT_NE(summary.find("[main] tests/pay.spec.ts \u203a does pay"), std::string::npos) << summary;
  EXPECT_NE(summary.find("[mobile] tests/pay.spec.ts \u203a does pay"), std::string::npos);
}

} // namespace
