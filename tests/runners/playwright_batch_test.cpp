#include "runners/playwright_batch.hpp"

#include "runners/subreaper.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <cerrno>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

// A batch against a stand-in for Playwright: node_modules/.bin/playwright as
// a shell script that prints reporter lines, so every way a batch can end is
// tested without node or a browser. tests/runners/playwright_example_test.cpp
// runs the real thing.

namespace shardline {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

constexpr auto generous_bound = 10s;

TestFile test_number(int n) {
  TestFile test;
  test.id = "id-" + std::to_string(n);
  test.path = "tests/t" + std::to_string(n) + ".spec.ts";
  test.title = "suite \u203a test " + std::to_string(n);
  test.project = "chromium";
  test.line = n;
  return test;
}

std::vector<TestFile> three_tests() {
  return {test_number(1), test_number(2), test_number(3)};
}

std::string test_begin(int n) {
  return R"(printf '%s\n' '@shardline {"event":"testBegin","id":"id-)" + std::to_string(n) +
         R"("}')"
         "\n";
}

std::string test_end(int n, const std::string& status, const std::string& extra = "") {
  return R"(printf '%s\n' '@shardline {"event":"testEnd","id":"id-)" + std::to_string(n) +
         R"(","status":")" + status + R"(","expectedStatus":"passed","duration":5)" + extra +
         "}'\n";
}

const std::string run_end = R"(printf '%s\n' '@shardline {"event":"end","status":"passed"}')"
                            "\n";

class PlaywrightBatchTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(become_subreaper());
    std::filesystem::create_directories(project_dir);
    std::ofstream(outside.file("jsonl-reporter.cjs")) << "// not read by the stand-in\n";
  }

  // The stand-in first notes its arguments, folder, environment and test
  // list, and finds the output folder ($out), then runs `scenario`.
  void fake_playwright(const std::string& scenario) {
    auto bin = project_dir / "node_modules" / ".bin";
    std::filesystem::create_directories(bin);
    std::ofstream(bin / "playwright")
        << "#!/bin/sh\n"
           "printf '%s\\n' \"$@\" > ../args.txt\n"
           "printf '%s|%s' \"$PWD\" \"$FORCE_COLOR\" > ../where.txt\n"
           "for a; do case $a in\n"
           "  --test-list=*) cp \"${a#--test-list=}\" ../list.txt ;;\n"
           "  --output=*) out=\"${a#--output=}\"; echo \"$out\" > ../output.txt ;;\n"
           "esac; done\n"
        << scenario;
    std::filesystem::permissions(bin / "playwright", std::filesystem::perms::owner_all);
  }

  PlaywrightBatchOptions options() {
    PlaywrightBatchOptions batch;
    batch.dir = project_dir.string();
    batch.reporter = outside.file("jsonl-reporter.cjs");
    batch.timeout = generous_bound;
    batch.kill_grace = 500ms;
    return batch;
  }

  PlaywrightBatchOutcome run(PlaywrightBatchOptions batch,
                             std::vector<TestFile> tests = three_tests()) {
    return PlaywrightBatch(std::move(tests), std::move(batch))
        .run([this](const TestResult& result) { streamed.push_back(result.test_id); });
  }

  std::string file(const std::string& name) { return test_support::read_file(outside.file(name)); }

  test_support::ScratchDir outside; // the project, and what the stand-in notes beside it
  test_support::ScratchDir store;
  const std::filesystem::path project_dir = outside.path() / "project";
  std::vector<std::string> streamed;
};

std::vector<std::string> ids_of(const std::vector<TestResult>& results) {
  std::vector<std::string> ids;
  for (const auto& result : results)
    ids.push_back(result.test_id);
  return ids;
}

std::vector<std::string> ids_of(const std::vector<PlaywrightNotRun>& not_run) {
  std::vector<std::string> ids;
  for (const auto& test : not_run)
    ids.push_back(test.test.id);
  return ids;
}

TEST_F(PlaywrightBatchTest, reports_every_test_and_maps_it_to_the_requested_one) {
  fake_playwright(test_end(2, "passed") + test_end(1, "failed", R"(,"error":{"message":"boom"})") +
                  test_end(3, "skipped") + run_end + "exit 1\n");

  auto outcome = run(options());

  EXPECT_EQ(ids_of(outcome.results), (std::vector<std::string>{"id-2", "id-1", "id-3"}));
  EXPECT_EQ(streamed, ids_of(outcome.results));
  EXPECT_TRUE(outcome.not_run.empty());
  EXPECT_EQ(outcome.results[1].status, TestStatus::failed);
  EXPECT_EQ(outcome.results[1].error, "boom");
  EXPECT_EQ(outcome.results[1].test_path, "tests/t1.spec.ts");
  EXPECT_EQ(outcome.results[1].test_name, "suite \u203a test 1");
  EXPECT_TRUE(outcome.results[1].started_at && outcome.results[1].finished_at);
  EXPECT_EQ(outcome.results[2].status, TestStatus::skipped);
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_TRUE(outcome.problems.empty());
}

TEST_F(PlaywrightBatchTest, streams_each_result_while_playwright_goes_on) {
  // The second test ends only once the first result reached the callback.
  auto seen = outside.file("seen");
  fake_playwright(test_end(1, "passed") + "while [ ! -e '" + seen + "' ]; do sleep 0.01; done\n" +
                  test_end(2, "passed") + run_end);
  std::vector<TestFile> two = {test_number(1), test_number(2)};
  PlaywrightBatch batch(two, options());

  auto outcome = batch.run([&](const TestResult& result) {
    streamed.push_back(result.test_id);
    std::ofstream(seen) << "ok";
  });

  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(streamed, (std::vector<std::string>{"id-1", "id-2"}));
}

TEST_F(PlaywrightBatchTest, runs_playwright_in_the_project_with_the_test_list) {
  fake_playwright(run_end);
  auto batch = options();
  batch.test_timeout = 7000ms;
  batch.extra_args = {"--headed"};

  run(batch, {test_number(1)});

  auto args = file("args.txt");
  auto output = file("output.txt");
  output.pop_back(); // newline
  // No --retries: the config's retries stand.
  EXPECT_EQ(args, "test\n--reporter=" + outside.file("jsonl-reporter.cjs") +
                      "\n--test-list=" + std::filesystem::path(output).parent_path().string() +
                      "/tests.txt\n--output=" + output +
                      "\n--workers=1\n--max-failures=0\n--grep=" +
                      playwright_title_grep({test_number(1)}) + "\n--timeout=7000\n--headed\n");
  EXPECT_EQ(file("where.txt"), project_dir.string() + "|0");
  EXPECT_EQ(file("list.txt"), playwright_test_list({test_number(1)}));
  EXPECT_FALSE(std::filesystem::exists(output)) << "the batch's folder outlived it";
}

TEST_F(PlaywrightBatchTest, tests_that_never_reported_when_playwright_was_killed_are_not_run) {
  fake_playwright(test_end(1, "passed") + test_begin(2) + "kill -KILL $$\n");

  auto outcome = run(options());

  EXPECT_EQ(ids_of(outcome.results), (std::vector<std::string>{"id-1"}));
  EXPECT_EQ(ids_of(outcome.not_run), (std::vector<std::string>{"id-2", "id-3"}));
  EXPECT_EQ(outcome.not_run[0].reason,
            "the Playwright process was killed by signal 9 (SIGKILL) before this test reported");
  EXPECT_EQ(outcome.signal, 9);
}

TEST_F(PlaywrightBatchTest, interrupted_tests_are_not_run) {
  fake_playwright(test_end(1, "passed") + test_end(2, "interrupted") + run_end);

  auto outcome = run(options());

  EXPECT_EQ(ids_of(outcome.results), (std::vector<std::string>{"id-1"}));
  ASSERT_EQ(ids_of(outcome.not_run), (std::vector<std::string>{"id-2", "id-3"}));
  EXPECT_EQ(outcome.not_run[0].reason, "Playwright interrupted it");
}

TEST_F(PlaywrightBatchTest, a_test_whose_worker_died_is_not_run_and_the_batch_goes_on) {
  fake_playwright(test_end(1, "failed",
                           R"(,"error":{"message":"Error: worker process exited unexpectedly )"
                           R"x((code=null, signal=SIGKILL)"})x") +
                  test_end(2, "passed") + run_end);

  auto outcome = run(options(), {test_number(1), test_number(2)});

  EXPECT_EQ(ids_of(outcome.results), (std::vector<std::string>{"id-2"}));
  ASSERT_EQ(ids_of(outcome.not_run), (std::vector<std::string>{"id-1"}));
  EXPECT_EQ(outcome.not_run[0].reason, "its Playwright worker process died: Error: worker process "
                                       "exited unexpectedly (code=null, signal=SIGKILL)");
}

TEST_F(PlaywrightBatchTest, an_early_exit_names_the_code_and_what_playwright_said) {
  fake_playwright("echo 'Error: Cannot find module @playwright/test'; exit 1\n");

  auto outcome = run(options());

  ASSERT_EQ(outcome.not_run.size(), 3U);
  EXPECT_EQ(outcome.not_run[0].reason, "Playwright exited with code 1 before this test reported: "
                                       "Error: Cannot find module @playwright/test");
  EXPECT_EQ(outcome.output, "Error: Cannot find module @playwright/test\n");
}

TEST_F(PlaywrightBatchTest, a_test_playwright_did_not_select_fails_saying_so) {
  fake_playwright(test_end(1, "passed") + run_end);

  auto outcome = run(options(), {test_number(1), test_number(2)});

  EXPECT_TRUE(outcome.not_run.empty());
  ASSERT_EQ(ids_of(outcome.results), (std::vector<std::string>{"id-1", "id-2"}));
  EXPECT_EQ(outcome.results[1].status, TestStatus::failed);
  EXPECT_EQ(outcome.results[1].error,
            "cannot be selected: Playwright found no test with this project, file and title "
            "(changed since the tests were listed?)");
  EXPECT_EQ(streamed, ids_of(outcome.results));
}

TEST_F(PlaywrightBatchTest, a_retried_try_waits_for_the_last_one_and_is_listed_in_it) {
  fake_playwright(
      test_end(1, "failed", R"(,"retry":0,"willRetry":true,"error":{"message":"boom"})") +
      test_end(2, "passed") + test_end(1, "passed", R"(,"retry":1)") + run_end);

  auto outcome = run(options(), {test_number(1), test_number(2)});

  EXPECT_TRUE(outcome.problems.empty()) << outcome.problems.front();
  ASSERT_EQ(ids_of(outcome.results), (std::vector<std::string>{"id-2", "id-1"}));
  EXPECT_EQ(streamed, ids_of(outcome.results));
  const auto& flaky = outcome.results[1];
  EXPECT_EQ(flaky.status, TestStatus::passed);
  ASSERT_EQ(flaky.runner_attempts.size(), 1U);
  EXPECT_EQ(flaky.runner_attempts[0].retry, 0);
  EXPECT_EQ(flaky.runner_attempts[0].status, TestStatus::failed);
  EXPECT_EQ(flaky.runner_attempts[0].error, "boom");
  EXPECT_TRUE(outcome.results[0].runner_attempts.empty());
}

TEST_F(PlaywrightBatchTest, a_try_held_for_a_retry_that_never_came_is_the_verdict_at_the_end) {
  // A passed test of a serial group with retries: held, since the group is
  // retried whole if another of its tests fails; none did.
  fake_playwright(test_end(1, "passed", R"(,"willRetry":true)") + test_end(2, "passed") + run_end);

  auto outcome = run(options(), {test_number(1), test_number(2)});

  EXPECT_TRUE(outcome.problems.empty()) << outcome.problems.front();
  ASSERT_EQ(ids_of(outcome.results), (std::vector<std::string>{"id-2", "id-1"}));
  EXPECT_EQ(outcome.results[1].status, TestStatus::passed);
  EXPECT_TRUE(outcome.results[1].runner_attempts.empty());
  EXPECT_EQ(streamed, ids_of(outcome.results));
}

TEST_F(PlaywrightBatchTest, an_end_after_the_last_try_is_named_not_dropped) {
  // A serial group that failed is retried whole, passed tests included.
  fake_playwright(test_end(1, "passed") + test_end(1, "passed", R"(,"retry":1)") + run_end);

  auto outcome = run(options(), {test_number(1)});

  ASSERT_EQ(outcome.results.size(), 1U);
  ASSERT_EQ(outcome.problems.size(), 1U);
  EXPECT_TRUE(outcome.problems[0].starts_with("Playwright reported a test not asked for, or once "
                                              "more after its last try (passed, retry 1)"))
      << outcome.problems[0];
}

TEST_F(PlaywrightBatchTest, kills_what_the_batch_left_running_in_a_session_of_its_own) {
  // Like Playwright's webServer: detached, so killing Playwright's group
  // would not reach it.
  fake_playwright("setsid sleep 300 </dev/null >/dev/null 2>&1 &\n"
                  "echo $! > ../leftover.pid\n" +
                  test_end(1, "passed") + run_end);

  auto outcome = run(options(), {test_number(1)});

  auto pid = std::stoi(file("leftover.pid"));
  // Gone, by the batch's own sweep (named in its problems) or the process
  // runner's, whichever comes first.
  (void)outcome;
  reap_orphans(); // it was re-parented here, the subreaper
  EXPECT_TRUE(::kill(pid, 0) == -1 && errno == ESRCH) << "pid " << pid << " still runs";
}

TEST_F(PlaywrightBatchTest, an_error_outside_tests_is_a_problem_and_the_reason) {
  fake_playwright(
      R"(printf '%s\n' '@shardline {"event":"error","message":"\u001b[31mSyntaxError: t2.spec.ts\u001b[39m\nat x"}')"
      "\n" +
      run_end);

  auto outcome = run(options(), {test_number(2)});

  EXPECT_EQ(outcome.problems, (std::vector<std::string>{"Playwright: SyntaxError: t2.spec.ts"}));
  ASSERT_EQ(outcome.not_run.size(), 1U);
  EXPECT_EQ(outcome.not_run[0].reason, "Playwright could not run it: SyntaxError: t2.spec.ts");
}

TEST_F(PlaywrightBatchTest, keeps_noise_apart_and_notes_unreadable_and_unasked_lines) {
  std::string noise = "echo 'Running 1 test using 1 worker'\n";
  std::string cut_off = "printf '%s\\n' '@shardline {\"event\":\"testEnd\",'\n";
  std::string stranger = R"(printf '%s\n' '@shardline {"event":"testEnd","id":"stranger",)"
                         R"("status":"passed","project":"x","file":"f.ts","titlePath":["t"]}')"
                         "\n";
  fake_playwright(noise + cut_off + stranger + test_end(1, "passed") + run_end);

  auto outcome = run(options(), {test_number(1)});

  EXPECT_EQ(outcome.output, "Running 1 test using 1 worker\n");
  ASSERT_EQ(outcome.problems.size(), 2U);
  EXPECT_TRUE(outcome.problems[0].starts_with("unreadable reporter line: invalid JSON"))
      << outcome.problems[0];
  EXPECT_EQ(outcome.problems[1], "Playwright reported a test not asked for, or once more after "
                                 "its last try (passed, retry 0): [x] f.ts \u203a t");
  EXPECT_EQ(ids_of(outcome.results), (std::vector<std::string>{"id-1"}));
}

TEST_F(PlaywrightBatchTest, a_timeout_times_out_the_running_test_and_leaves_the_rest) {
  fake_playwright(test_end(1, "passed") + test_begin(2) + "sleep 30\n");
  auto batch = options();
  batch.timeout = 1500ms;
  auto started = SteadyClock::now();

  auto outcome = run(batch);

  EXPECT_LT(SteadyClock::now() - started, generous_bound);
  EXPECT_TRUE(outcome.timed_out);
  ASSERT_EQ(ids_of(outcome.results), (std::vector<std::string>{"id-1", "id-2"}));
  EXPECT_EQ(outcome.results[1].status, TestStatus::timed_out);
  EXPECT_EQ(outcome.results[1].error, "Playwright had not ended within 1500 ms (the batch "
                                      "timeout) and was stopped while this test ran");
  EXPECT_EQ(streamed, ids_of(outcome.results));
  ASSERT_EQ(ids_of(outcome.not_run), (std::vector<std::string>{"id-3"}));
  EXPECT_EQ(outcome.not_run[0].reason, "Playwright had not ended within 1500 ms (the batch "
                                       "timeout) and was stopped before this test ran");
}

TEST_F(PlaywrightBatchTest, cancel_stops_the_batch_and_distrusts_results_of_dying_workers) {
  // On SIGTERM the stand-in reports the test it was running as failed, as
  // Playwright does when its workers are killed under it.
  fake_playwright("on_term() {\n" + test_end(2, "failed") + "exit 1\n}\ntrap on_term TERM\n" +
                  test_end(1, "passed") + test_begin(2) + "sleep 30 & wait\n");
  PlaywrightBatch batch(three_tests(), options());
  auto started = SteadyClock::now();

  auto outcome = batch.run([&](const TestResult& result) {
    streamed.push_back(result.test_id);
    batch.cancel(); // from the thread in run(), like from any other
  });

  EXPECT_LT(SteadyClock::now() - started, generous_bound);
  EXPECT_TRUE(outcome.cancelled);
  EXPECT_EQ(ids_of(outcome.results), (std::vector<std::string>{"id-1"}));
  ASSERT_EQ(ids_of(outcome.not_run), (std::vector<std::string>{"id-2", "id-3"}));
  EXPECT_EQ(outcome.not_run[0].reason, "cancelled");
}

TEST_F(PlaywrightBatchTest, cancel_before_run_starts_nothing) {
  fake_playwright("touch ../started\n");
  PlaywrightBatch batch(three_tests(), options());
  batch.cancel();

  auto outcome = batch.run();

  EXPECT_TRUE(outcome.cancelled);
  EXPECT_EQ(outcome.not_run.size(), 3U);
  EXPECT_FALSE(std::filesystem::exists(outside.file("started")));
}

TEST_F(PlaywrightBatchTest, copies_attachments_into_the_session_folder) {
  fake_playwright("mkdir -p \"$out/t1\"; echo png > \"$out/t1/test-failed-1.png\"\n" +
                  test_end(1, "failed",
                           R"(,"attachments":[{"name":"screenshot","contentType":"image/png",)"
                           R"("path":"'"$out"'/t1/test-failed-1.png"}])") +
                  run_end);
  auto batch = options();
  batch.artifacts = {store.path(), "session-7"};

  auto outcome = run(batch, {test_number(1)});

  ASSERT_EQ(outcome.results.size(), 1U);
  EXPECT_EQ(outcome.results[0].screenshots,
            (std::vector<std::string>{"/api/artifacts/session-7/id-1/test-failed-1.png"}));
  EXPECT_EQ(test_support::read_file((store.path() / "session-7/id-1/test-failed-1.png").string()),
            "png\n");
  EXPECT_TRUE(outcome.problems.empty()) << outcome.problems.front();
}

TEST_F(PlaywrightBatchTest, without_node_modules_every_test_is_not_run_with_the_reason) {
  auto outcome = run(options());

  ASSERT_EQ(outcome.not_run.size(), 3U);
  EXPECT_EQ(outcome.not_run[0].reason,
            "no Playwright in \"" + project_dir.string() + "\": " + project_dir.string() +
                "/node_modules/.bin/playwright is missing (run npm ci there)");
}

TEST_F(PlaywrightBatchTest, an_empty_batch_runs_nothing) {
  fake_playwright("touch ../started\n");

  auto outcome = run(options(), {});

  EXPECT_TRUE(outcome.results.empty() && outcome.not_run.empty());
  EXPECT_FALSE(std::filesystem::exists(outside.file("started")));
}

TEST(FindPlaywrightReporter, finds_the_reporter_of_the_source_tree_from_a_build_folder) {
  test_support::ScratchDir tree;
  auto reporter = tree.path() / "runners/playwright/jsonl-reporter.cjs";
  std::filesystem::create_directories(reporter.parent_path());
  std::ofstream(reporter) << "";
  std::filesystem::create_directories(tree.path() / "build/bin");

  EXPECT_EQ(find_playwright_reporter_above(tree.path() / "build/bin"), reporter.string());
}

TEST(FindPlaywrightReporter, finds_the_installed_reporter_from_the_bin_folder) {
  test_support::ScratchDir prefix;
  auto reporter = prefix.path() / "share/shardline/playwright/jsonl-reporter.cjs";
  std::filesystem::create_directories(reporter.parent_path());
  std::ofstream(reporter) << "";

  EXPECT_EQ(find_playwright_reporter_above(prefix.path() / "bin"), reporter.string());
}

TEST(FindPlaywrightReporter, is_empty_when_there_is_none) {
  test_support::ScratchDir nowhere;

  EXPECT_EQ(find_playwright_reporter_above(nowhere.path()), "");
}

TEST(FindPlaywrightReporter, prefers_the_environment) {
  ::setenv("SHARDLINE_PLAYWRIGHT_REPORTER", "/opt/reporter.cjs", 1);
  auto found = find_playwright_reporter();
  ::unsetenv("SHARDLINE_PLAYWRIGHT_REPORTER");

  EXPECT_EQ(found, "/opt/reporter.cjs");
}

} // namespace
} // namespace shardline
