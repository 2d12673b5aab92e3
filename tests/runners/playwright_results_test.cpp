#include "runners/playwright_results.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shardline {
namespace {

using namespace std::chrono_literals;

TestFile pay_by_card() {
  TestFile test;
  test.id = "2addc3c3aecfedb30c84-8c3af887c9b1b4cd8f96";
  test.path = "tests/shop/pay.spec.ts";
  test.title = "checkout \u203a pays by card";
  test.project = "chromium";
  test.line = 6;
  return test;
}

PlaywrightTestEnd ended(std::string status) {
  PlaywrightTestEnd end;
  end.id = pay_by_card().id;
  end.file = "shop/pay.spec.ts";
  end.title_path = {"checkout", "pays by card"};
  end.project = "chromium";
  end.status = std::move(status);
  end.expected_status = "passed";
  end.duration_ms = 812;
  return end;
}

// -- the test list ------------------------------------------------------------

TEST(PlaywrightTestList, names_each_file_once_per_tail_of_its_path) {
  auto other = pay_by_card();
  other.title = "checkout \u203a pays by cash";

  auto list = playwright_test_list({pay_by_card(), other});

  EXPECT_EQ(list, "# written by shardline: the files of the tests, one line per tail of each path\n"
                  "[chromium] \u203a tests/shop/pay.spec.ts:0\n"
                  "[chromium] \u203a shop/pay.spec.ts:0\n"
                  "[chromium] \u203a pay.spec.ts:0\n");
}

TEST(PlaywrightTestList, a_test_without_a_project_names_its_file_in_every_project) {
  TestFile test;
  test.path = "./login.spec.ts";
  test.title = "logs in";

  EXPECT_EQ(playwright_test_list({test}),
            "# written by shardline: the files of the tests, one line per tail of each path\n"
            "login.spec.ts:0\n");
}

TEST(PlaywrightTestList, skips_a_test_whose_title_would_break_the_line) {
  auto test = pay_by_card();
  test.title = "two\nlines";

  EXPECT_EQ(playwright_test_list({test}),
            "# written by shardline: the files of the tests, one line per tail of each path\n");
  EXPECT_EQ(playwright_title_grep({test}), "");
  EXPECT_EQ(playwright_unselectable_reason(test),
            "cannot be selected: Playwright's test list and --grep cannot name a title, file or "
            "project with a line break");
  EXPECT_EQ(playwright_unselectable_reason(pay_by_card()), std::nullopt);
}

// -- the grep that picks the tests in those files --------------------------------

TEST(PlaywrightTitleGrep, matches_the_file_and_each_title_with_a_boundary_or_a_separator) {
  auto grep = playwright_title_grep({pay_by_card()});

  EXPECT_EQ(grep, "/(?: (?:tests\\/shop\\/pay\\.spec\\.ts|shop\\/pay\\.spec\\.ts|pay\\.spec\\.ts)"
                  "(?: @[^ ]*)* checkout(?:(?: @[^ ]*)* | \u203a )pays by card(?: @[^ ]*)*$)/");
}

TEST(PlaywrightTitleGrep, escapes_what_a_regular_expression_would_read) {
  TestFile test;
  test.path = "a.spec.ts";
  test.title = "costs $5 (or [more]?) a|b";

  EXPECT_EQ(
      playwright_title_grep({test}),
      "/(?: (?:a\\.spec\\.ts)(?: @[^ ]*)* costs \\$5 \\(or \\[more\\]\\?\\) a\\|b(?: @[^ ]*)*$)/");
}

TEST(PlaywrightTitleGrep, joins_the_tests_as_alternatives) {
  auto other = pay_by_card();
  other.path = "x.spec.ts";
  other.title = "y";

  auto grep = playwright_title_grep({pay_by_card(), other});

  EXPECT_TRUE(
      grep.ends_with("pays by card(?: @[^ ]*)*$| (?:x\\.spec\\.ts)(?: @[^ ]*)* y(?: @[^ ]*)*$)/"))
      << grep;
}

// -- which requested test an event is about -------------------------------------

TEST(PlaywrightBatchLedger, finds_a_test_by_its_playwright_id) {
  PlaywrightBatchLedger ledger({pay_by_card()});
  auto end = ended("passed");
  end.title_path = {"renamed"};

  EXPECT_EQ(ledger.claim(end), 0U);
  EXPECT_TRUE(ledger.unreported().empty());
}

TEST(PlaywrightBatchLedger, finds_a_test_of_another_project_by_project_title_and_file) {
  auto chromium = pay_by_card();
  chromium.id += "@chromium";
  auto firefox = pay_by_card();
  firefox.id += "@firefox";
  firefox.project = "firefox";
  PlaywrightBatchLedger ledger({chromium, firefox});
  auto end = ended("passed");
  end.id = "2addc3c3aecfedb30c84-0000000000000000000f"; // firefox's own test id
  end.project = "firefox";

  EXPECT_EQ(ledger.claim(end), 1U);
  EXPECT_EQ(ledger.unreported(), (std::vector<std::size_t>{0}));
}

TEST(PlaywrightBatchLedger, compares_files_named_from_different_folders_by_their_tails) {
  PlaywrightBatchLedger ledger({pay_by_card()});
  auto end = ended("passed");
  end.id = "other-id";
  end.file = "tests/shop/pay.spec.ts";

  EXPECT_EQ(ledger.claim(end), 0U);
}

TEST(PlaywrightBatchLedger, does_not_take_a_test_of_another_file_with_the_same_title) {
  PlaywrightBatchLedger ledger({pay_by_card()});
  auto end = ended("passed");
  end.id = "other-id";
  end.file = "shop/refund.spec.ts";

  EXPECT_FALSE(ledger.claim(end));
}

TEST(PlaywrightBatchLedger, claims_a_test_once) {
  PlaywrightBatchLedger ledger({pay_by_card()});

  EXPECT_EQ(ledger.claim(ended("passed")), 0U);
  EXPECT_FALSE(ledger.claim(ended("passed")));
}

TEST(PlaywrightBatchLedger, knows_the_test_in_flight) {
  auto other = pay_by_card();
  other.id = "b316f160ba19ba19a55c-60d8e962ef3283f6c483";
  PlaywrightBatchLedger ledger({pay_by_card(), other});
  PlaywrightTestBegin begin;
  begin.id = other.id;

  EXPECT_EQ(ledger.begin(begin), 1U);
  EXPECT_EQ(ledger.in_flight(), (std::vector<std::size_t>{1}));
  auto end = ended("passed");
  end.id = other.id;
  ledger.claim(end);
  EXPECT_TRUE(ledger.in_flight().empty());
  EXPECT_EQ(ledger.unreported(), (std::vector<std::size_t>{0}));
}

// -- what a test end means ---------------------------------------------------

TEST(PlaywrightToTestResult, a_passed_test_passes_as_the_requested_test) {
  auto result = to_test_result(pay_by_card(), ended("passed"));

  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, TestStatus::passed);
  EXPECT_EQ(result->test_id, pay_by_card().id);
  EXPECT_EQ(result->test_path, "tests/shop/pay.spec.ts");
  EXPECT_EQ(result->test_name, "checkout \u203a pays by card");
  EXPECT_EQ(result->duration_ms, 812);
  EXPECT_FALSE(result->error);
  EXPECT_FALSE(result->stdout_tail);
  EXPECT_FALSE(result->video_unavailable);
}

TEST(PlaywrightToTestResult, a_test_without_its_video_passes_and_says_why) {
  auto end = ended("passed");
  end.video_unavailable = "video not recorded: no ffmpeg";

  auto result = to_test_result(pay_by_card(), end);

  EXPECT_EQ(result->status, TestStatus::passed);
  EXPECT_EQ(result->video_unavailable, "video not recorded: no ffmpeg");
}

TEST(PlaywrightToTestResult, a_failure_keeps_message_and_stack_without_colours) {
  auto end = ended("failed");
  end.error = PlaywrightError{"\x1b[31mError: expect(received).toBe(expected)\x1b[39m",
                              "Error: \x1b[2mexpect\x1b[22m\n    at pay.spec.ts:7:5"};

  auto result = to_test_result(pay_by_card(), end);

  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, TestStatus::failed);
  EXPECT_EQ(result->error, "Error: expect(received).toBe(expected)");
  EXPECT_EQ(result->error_stack, "Error: expect\n    at pay.spec.ts:7:5");
}

TEST(PlaywrightToTestResult, maps_timeouts_and_skips) {
  EXPECT_EQ(to_test_result(pay_by_card(), ended("timedOut"))->status, TestStatus::timed_out);
  EXPECT_EQ(to_test_result(pay_by_card(), ended("skipped"))->status, TestStatus::skipped);
}

TEST(PlaywrightToTestResult, an_interrupted_test_has_no_verdict) {
  EXPECT_EQ(no_verdict_reason(ended("interrupted")), "Playwright interrupted it");
  EXPECT_FALSE(to_test_result(pay_by_card(), ended("interrupted")));
}

TEST(PlaywrightToTestResult, a_test_whose_worker_died_has_no_verdict) {
  auto end = ended("failed");
  end.error = PlaywrightError{
      "\x1b[31mError: worker process exited unexpectedly (code=null, signal=SIGKILL)\x1b[39m\nmore",
      ""};

  EXPECT_EQ(no_verdict_reason(end), "its Playwright worker process died: Error: worker process "
                                    "exited unexpectedly (code=null, signal=SIGKILL)");
  EXPECT_FALSE(to_test_result(pay_by_card(), end));
}

TEST(PlaywrightToTestResult, an_ordinary_failure_has_a_verdict) {
  auto end = ended("failed");
  end.error = PlaywrightError{"Error: expect(received).toBe(expected)", ""};

  EXPECT_FALSE(no_verdict_reason(end));
  EXPECT_FALSE(no_verdict_reason(ended("passed")));
}

TEST(PlaywrightToTestResult, an_expected_failure_passes_and_an_unexpected_pass_fails) {
  auto failed_as_declared = ended("failed");
  failed_as_declared.expected_status = "failed";
  failed_as_declared.error = PlaywrightError{"Error: boom", ""};
  auto passed_unexpectedly = ended("passed");
  passed_unexpectedly.expected_status = "failed";

  auto declared = to_test_result(pay_by_card(), failed_as_declared);
  auto unexpected = to_test_result(pay_by_card(), passed_unexpectedly);

  EXPECT_EQ(declared->status, TestStatus::passed);
  EXPECT_FALSE(declared->error);
  EXPECT_EQ(unexpected->status, TestStatus::failed);
  EXPECT_EQ(unexpected->error, "expected to fail, but passed");
}

TEST(PlaywrightToTestResult, an_unknown_status_fails_and_is_named) {
  auto result = to_test_result(pay_by_card(), ended("exploded"));

  EXPECT_EQ(result->status, TestStatus::failed);
  EXPECT_EQ(result->error, "Playwright reported the status \"exploded\"");
}

TEST(PlaywrightToTestResult, keeps_the_tail_of_stdout_then_stderr) {
  auto end = ended("passed");
  end.stdout_text = "\x1b[32mok\x1b[39m\n";
  end.stderr_text = std::string(100, 'e') + "\nlast\n";

  auto result = to_test_result(pay_by_card(), end, 10);

  EXPECT_EQ(result->stdout_tail, "eeee\nlast\n");
  EXPECT_EQ(to_test_result(pay_by_card(),
                           [&] {
                             auto short_output = ended("passed");
                             short_output.stdout_text = "\x1b[32mok\x1b[39m\n";
                             return short_output;
                           }())
                ->stdout_tail,
            "ok\n");
}

TEST(PlaywrightToTestResult, times_the_test_from_its_start) {
  auto end = ended("passed");
  end.start_time = parse_time("2026-11-26T18:30:28.225Z");

  auto result = to_test_result(pay_by_card(), end);

  EXPECT_EQ(result->started_at, end.start_time);
  EXPECT_EQ(result->finished_at, *end.start_time + 812ms);
}

TEST(PlaywrightToTestResult, carries_the_project_the_annotations_and_the_skip_reason) {
  auto end = ended("skipped");
  end.annotations = {{"issue", "https://example.test/1"},
                     {"skip", "the payment sandbox is down"},
                     {"slow", std::nullopt}};

  auto result = to_test_result(pay_by_card(), end);

  EXPECT_EQ(result->project, "chromium");
  EXPECT_EQ(result->status, TestStatus::skipped);
  EXPECT_EQ(result->skip_reason, "the payment sandbox is down");
  EXPECT_EQ(result->annotations,
            (std::vector<ResultAnnotation>{{"issue", "https://example.test/1"},
                                           {"skip", "the payment sandbox is down"},
                                           {"slow", std::nullopt}}));
}

TEST(PlaywrightToTestResult, a_test_that_ran_has_no_skip_reason) {
  auto end = ended("passed");
  end.annotations = {{"skip", "only on webkit"}};

  EXPECT_FALSE(to_test_result(pay_by_card(), end)->skip_reason);
}

TEST(PlaywrightToTestResult, the_reported_project_stands_in_for_a_test_without_one) {
  auto test = pay_by_card();
  test.project.clear();

  EXPECT_EQ(to_test_result(test, ended("passed"))->project, "chromium");
}

TEST(PlaywrightToRunnerAttempt, keeps_what_the_last_try_lists_of_an_earlier_one) {
  auto end = ended("failed");
  end.error = PlaywrightError{"Error: boom", "at pay.spec.ts:9"};
  end.start_time = parse_time("2026-11-26T18:30:28.225Z");
  auto result = to_test_result(pay_by_card(), end);
  result->attachments = {{"screenshot", "image/png", "/api/artifacts/s/t/a.png"}};

  auto attempt = to_runner_attempt(*result, 0);

  EXPECT_EQ(attempt.retry, 0);
  EXPECT_EQ(attempt.status, TestStatus::failed);
  EXPECT_EQ(attempt.duration_ms, 812);
  EXPECT_EQ(attempt.error, "Error: boom");
  EXPECT_EQ(attempt.error_stack, "at pay.spec.ts:9");
  EXPECT_EQ(attempt.started_at, end.start_time);
  EXPECT_EQ(attempt.attachments, result->attachments);
}

TEST(PlaywrightBatchLedger, locating_a_retried_test_leaves_it_unreported) {
  PlaywrightBatchLedger ledger({pay_by_card()});

  EXPECT_EQ(ledger.locate(ended("failed")), 0U);
  EXPECT_EQ(ledger.unreported(), (std::vector<std::size_t>{0}));
  EXPECT_EQ(ledger.claim(ended("passed")), 0U);
  EXPECT_FALSE(ledger.locate(ended("passed")));
}

} // namespace
} // namespace shardline
