#include "tools/progress_view.hpp"

#include <gtest/gtest.h>

namespace shardline::cli {
namespace {

TEST(ProgressView, shows_the_bar_counts_elapsed_and_eta) {
  ExecutionProgress progress{.total = 20,
                             .completed = 10,
                             .passed = 8,
                             .failed = 1,
                             .skipped = 1,
                             .running = 2,
                             .pending = 8};
  auto text = progress_text(progress, 1, 12000);
  EXPECT_EQ(text, "[############............]  50.0%  10/20  passed 8  failed 1  skipped 1  "
                  "flaky 1  12.0s  ETA 12.0s");
}

TEST(ProgressView, has_no_eta_before_the_first_result) {
  ExecutionProgress progress{.total = 4, .pending = 4};
  EXPECT_NE(progress_text(progress, 0, 500).find("ETA --"), std::string::npos);
}

TEST(ProgressView, an_empty_session_is_complete) {
  EXPECT_EQ(progress_text({}, 0, 0).substr(0, 33), "[########################] 100.0%");
}

TEST(ProgressView, a_failure_line_names_the_test_its_error_worker_and_attempt) {
  TestResult result;
  result.test_id = "id";
  result.test_path = "auth/login.spec.ts";
  result.test_name = "logs in";
  result.status = TestStatus::failed;
  result.error = "expected 2\nreceived 3";
  result.worker_id = "w-1";
  EXPECT_EQ(attempt_line(result, {}),
            "FAILED auth/login.spec.ts › logs in: expected 2 (w-1, attempt 1)");
}

TEST(ProgressView, colour_only_when_asked_and_flaky_is_its_own_label) {
  TestResult result;
  result.test_id = "x";
  result.status = TestStatus::passed;
  result.flaky = true;
  result.attempt = 2;
  EXPECT_EQ(attempt_line(result, {}), "FLAKY x (, attempt 2)");
  auto coloured = attempt_line(result, {.terminal = true, .colour = true});
  EXPECT_EQ(coloured.rfind("\x1b[33mFLAKY\x1b[0m", 0), 0u);
  result.flaky = false;
  result.status = TestStatus::timed_out;
  EXPECT_EQ(attempt_line(result, {}).rfind("TIMEOUT x", 0), 0u);
}

} // namespace
} // namespace shardline::cli
