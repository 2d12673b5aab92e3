#include "runners/playwright_batch.hpp"
#include "runners/playwright_discovery.hpp"
#include "runners/subreaper.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

// The real thing: examples/playwright (Debian's chromium) through the
// JSON-lines reporter in runners/playwright. Skipped only when the example's
// node_modules is missing; `npm ci` in examples/playwright installs it, and
// CI does. SHARDLINE_PLAYWRIGHT_EXAMPLE and SHARDLINE_PLAYWRIGHT_REPORTER
// point the tests at another project or reporter.

namespace shardline {
namespace {

using namespace std::chrono_literals;

constexpr auto list_timeout = 60s;

std::string from_environment(const char* name, const std::string& otherwise) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : otherwise;
}

const std::string example_dir =
    from_environment("SHARDLINE_PLAYWRIGHT_EXAMPLE", SHARDLINE_SOURCE_DIR "/examples/playwright");
const std::string reporter = from_environment("SHARDLINE_PLAYWRIGHT_REPORTER", SHARDLINE_SOURCE_DIR
                                              "/runners/playwright/jsonl-reporter.cjs");

std::string read_text(const std::filesystem::path& path) {
  return test_support::read_file(path.string());
}

// Our child whose command line runs Playwright: the leader of a batch's group.
pid_t playwright_leader() {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    auto name = entry.path().filename().string();
    if (!std::all_of(name.begin(), name.end(), ::isdigit))
      continue;
    auto stat = read_text(entry.path() / "stat");
    auto after_name = stat.rfind(')');
    if (after_name == std::string::npos)
      continue;
    char state = 0;
    int parent = 0;
    if (std::sscanf(stat.c_str() + after_name + 1, " %c %d", &state, &parent) != 2 ||
        parent != ::getpid())
      continue;
    if (read_text(entry.path() / "cmdline").find("playwright") != std::string::npos)
      return std::stoi(name);
  }
  return 0;
}

// Children of ours that have exited and that nobody has waited for.
std::vector<pid_t> zombie_children() {
  std::vector<pid_t> zombies;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    auto name = entry.path().filename().string();
    if (!std::all_of(name.begin(), name.end(), ::isdigit))
      continue;
    auto stat = read_text(entry.path() / "stat");
    auto after_name = stat.rfind(')');
    char state = 0;
    int parent = 0;
    if (after_name != std::string::npos &&
        std::sscanf(stat.c_str() + after_name + 1, " %c %d", &state, &parent) == 2 &&
        parent == ::getpid() && state == 'Z')
      zombies.push_back(std::stoi(name));
  }
  return zombies;
}

bool group_is_gone(pid_t group) {
  return ::kill(-group, 0) == -1 && errno == ESRCH;
}

class PlaywrightExample : public ::testing::Test {
protected:
  void SetUp() override {
    if (!std::filesystem::exists(std::filesystem::path(example_dir) / "node_modules"))
      GTEST_SKIP() << example_dir
                   << "/node_modules is missing: run `npm ci` in examples/playwright (CI does)";
    ASSERT_FALSE(become_subreaper());
  }

  std::vector<TestFile> discover() {
    PlaywrightListOptions options;
    options.dir = example_dir;
    options.timeout = list_timeout;
    auto tests = list_playwright_tests(options);
    if (!tests) {
      ADD_FAILURE() << tests.error().to_string();
      return {};
    }
    return *tests;
  }

  PlaywrightBatchOptions batch_options() {
    PlaywrightBatchOptions options;
    options.dir = example_dir;
    options.reporter = reporter;
    options.artifacts = {artifacts.path(), "session-1"};
    // No cap of our own: a fixed one failed on a loaded machine (11 of 25
    // tests in 120 s). The batch's deadline derives from the example's own
    // timeouts (15 s a test, x 3, plus start-up), as in a real run.
    return options;
  }

  // The first `count` tests that the example does not skip on purpose.
  std::vector<TestFile> first_tests(std::size_t count) {
    auto tests = discover();
    tests.resize(std::min(tests.size(), count));
    return tests;
  }

  test_support::ScratchDir artifacts;
};

TEST_F(PlaywrightExample, discovers_the_example_with_unique_ids_and_tags_with_at) {
  auto tests = discover();

  ASSERT_GE(tests.size(), 3U);
  std::set<std::string> ids;
  for (const auto& test : tests) {
    EXPECT_TRUE(ids.insert(test.id).second) << "duplicate id " << test.id;
    EXPECT_FALSE(test.path.empty() || test.path.starts_with('/')) << test.path;
    EXPECT_FALSE(test.title.empty());
    EXPECT_FALSE(test.project.empty());
    EXPECT_TRUE(test.line && *test.line > 0);
    for (const auto& tag : test.tags)
      EXPECT_TRUE(tag.starts_with('@')) << tag;
  }
  EXPECT_TRUE(std::any_of(tests.begin(), tests.end(), [](const TestFile& test) {
    return !test.tags.empty();
  })) << "the example should tag some of its tests";
}

TEST_F(PlaywrightExample, a_batch_of_three_streams_three_results_while_playwright_runs) {
  auto tests = first_tests(3);
  ASSERT_EQ(tests.size(), 3U);
  std::vector<std::string> streamed;
  std::vector<bool> playwright_was_running;

  auto outcome = PlaywrightBatch(tests, batch_options()).run([&](const TestResult& result) {
    streamed.push_back(result.test_id);
    playwright_was_running.push_back(playwright_leader() != 0);
  });

  ASSERT_EQ(outcome.results.size(), 3U) << outcome.output;
  EXPECT_TRUE(outcome.not_run.empty());
  EXPECT_TRUE(outcome.problems.empty()) << outcome.problems.front();
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(outcome.results[i].test_id, streamed[i]);
    EXPECT_NE(outcome.results[i].status, TestStatus::failed)
        << outcome.results[i].test_id << ": " << outcome.results[i].error.value_or("");
    EXPECT_TRUE(outcome.results[i].started_at && outcome.results[i].finished_at);
  }
  std::set<std::string> requested, reported(streamed.begin(), streamed.end());
  for (const auto& test : tests)
    requested.insert(test.id);
  EXPECT_EQ(reported, requested);
  EXPECT_EQ(playwright_was_running, (std::vector<bool>{true, true, true}))
      << "each result should arrive while Playwright still runs";
  EXPECT_EQ(outcome.exit_code, 0);
}

TEST_F(PlaywrightExample, the_whole_example_in_one_batch_maps_every_result_to_its_test) {
  auto tests = discover();
  ASSERT_FALSE(tests.empty());

  auto outcome = PlaywrightBatch(tests, batch_options()).run();

  EXPECT_TRUE(outcome.not_run.empty())
      << outcome.not_run.front().test.id << ": " << outcome.not_run.front().reason;
  EXPECT_TRUE(outcome.problems.empty()) << outcome.problems.front();
  ASSERT_EQ(outcome.results.size(), tests.size());
  std::set<std::string> requested, reported;
  for (const auto& test : tests)
    requested.insert(test.id);
  for (const auto& result : outcome.results) {
    reported.insert(result.test_id);
    EXPECT_FALSE(is_failure(result.status)) << result.test_id << ": " << result.error.value_or("");
  }
  EXPECT_EQ(reported, requested);
  EXPECT_TRUE(std::any_of(outcome.results.begin(), outcome.results.end(),
                          [](const TestResult& result) { return !result.screenshots.empty(); }))
      << "the example attaches a screenshot to a passing test";
}

TEST_F(PlaywrightExample, tests_that_ask_for_video_pass_and_say_why_they_have_none_or_carry_it) {
  // SHARDLINE_EXAMPLE_VIDEO=on makes the example record every test. Where
  // Playwright's ffmpeg is missing (Debian's chromium, nothing downloaded:
  // CI) that failed every test at newPage; now the batch turns video off and
  // each result says why. Where it exists, the video is kept.
  auto tests = first_tests(2);
  ASSERT_EQ(tests.size(), 2U);
  auto options = batch_options();
  options.environment.emplace_back("SHARDLINE_EXAMPLE_VIDEO", "on");
  auto unavailable = playwright_video_unavailable(example_dir, options.environment);

  auto outcome = PlaywrightBatch(tests, options).run();

  ASSERT_EQ(outcome.results.size(), 2U) << outcome.output;
  EXPECT_TRUE(outcome.problems.empty()) << outcome.problems.front();
  for (const auto& result : outcome.results) {
    EXPECT_EQ(result.status, TestStatus::passed) << result.error.value_or("");
    if (unavailable) {
      EXPECT_EQ(result.video_unavailable, unavailable);
      EXPECT_EQ(result.video_url, std::nullopt);
    } else {
      EXPECT_EQ(result.video_unavailable, std::nullopt);
      EXPECT_TRUE(result.video_url) << result.test_id << " asked for video and has none";
    }
  }
  // Other runs may share the example folder: only this process's configs count.
  auto ours = ".shardline-" + std::to_string(::getpid()) + "-";
  for (const auto& entry : std::filesystem::directory_iterator(example_dir))
    EXPECT_FALSE(entry.path().filename().string().starts_with(ours))
        << entry.path() << " was left behind";
}

TEST_F(PlaywrightExample, tests_that_do_not_ask_for_video_say_nothing_of_it) {
  auto outcome = PlaywrightBatch(first_tests(1), batch_options()).run();

  ASSERT_EQ(outcome.results.size(), 1U) << outcome.output;
  EXPECT_EQ(outcome.results[0].status, TestStatus::passed);
  EXPECT_EQ(outcome.results[0].video_unavailable, std::nullopt);
}

TEST_F(PlaywrightExample, a_failing_test_comes_with_its_error_and_a_copied_screenshot) {
  // The example fails one checkout test on purpose with SHARDLINE_EXAMPLE_FAIL=1;
  // running only that file keeps this test short.
  auto tests = discover();
  std::erase_if(tests,
                [](const TestFile& test) { return !test.path.ends_with("checkout.spec.ts"); });
  ASSERT_FALSE(tests.empty()) << "the example has no checkout.spec.ts";
  auto options = batch_options();
  options.environment = {{"SHARDLINE_EXAMPLE_FAIL", "1"}};

  auto outcome = PlaywrightBatch(tests, options).run();

  auto failed = std::find_if(outcome.results.begin(), outcome.results.end(),
                             [](const TestResult& result) { return is_failure(result.status); });
  ASSERT_NE(failed, outcome.results.end()) << "SHARDLINE_EXAMPLE_FAIL=1 should fail a test";
  ASSERT_TRUE(failed->error);
  EXPECT_EQ(failed->error->find('\x1b'), std::string::npos) << *failed->error;
  EXPECT_EQ(failed->error_stack.value_or("").find('\x1b'), std::string::npos);
  ASSERT_FALSE(failed->screenshots.empty()) << "no screenshot for " << failed->test_id;
  auto url = failed->screenshots.front();
  std::string prefix = "/api/artifacts/session-1/";
  ASSERT_TRUE(url.starts_with(prefix)) << url;
  auto copied = artifacts.path() / "session-1" / url.substr(prefix.size());
  EXPECT_TRUE(std::filesystem::is_regular_file(copied)) << copied;
  EXPECT_GT(std::filesystem::file_size(copied), 0U);
  // The example keeps a trace of each failure.
  ASSERT_TRUE(failed->trace_url);
  EXPECT_TRUE(std::filesystem::is_regular_file(artifacts.path() / "session-1" /
                                               failed->trace_url->substr(prefix.size())));
  EXPECT_EQ(outcome.results.size() + outcome.not_run.size(), tests.size());
  EXPECT_EQ(outcome.exit_code, 1);
}

TEST_F(PlaywrightExample, a_killed_playwright_keeps_the_reported_results_and_returns_the_rest) {
  auto tests = first_tests(3);
  ASSERT_EQ(tests.size(), 3U);
  pid_t leader = 0;
  PlaywrightBatch batch(tests, batch_options());

  auto outcome = batch.run([&](const TestResult&) {
    if (leader != 0)
      return;
    leader = playwright_leader();
    ASSERT_NE(leader, 0);
    ::kill(leader, SIGKILL);
  });

  ASSERT_NE(leader, 0);
  EXPECT_EQ(outcome.signal, SIGKILL);
  // A result already in the pipe when the kill came still counts.
  EXPECT_GE(outcome.results.size(), 1U);
  ASSERT_GE(outcome.not_run.size(), 1U);
  EXPECT_EQ(outcome.results.size() + outcome.not_run.size(), 3U);
  for (const auto& not_run : outcome.not_run)
    EXPECT_EQ(not_run.reason,
              "the Playwright process was killed by signal 9 (SIGKILL) before this test reported");
  EXPECT_TRUE(group_is_gone(leader)) << "workers or chromium outlived the batch";
}

TEST_F(PlaywrightExample, cancel_after_the_first_result_returns_the_rest_without_failures) {
  auto tests = first_tests(3);
  ASSERT_EQ(tests.size(), 3U);
  pid_t leader = 0;
  PlaywrightBatch batch(tests, batch_options());

  auto outcome = batch.run([&](const TestResult&) {
    if (leader == 0)
      leader = playwright_leader();
    batch.cancel();
  });

  EXPECT_TRUE(outcome.cancelled);
  ASSERT_GE(outcome.results.size(), 1U);
  for (const auto& result : outcome.results)
    EXPECT_NE(result.status, TestStatus::failed)
        << result.test_id << ": " << result.error.value_or("");
  EXPECT_EQ(outcome.results.size() + outcome.not_run.size(), 3U);
  for (const auto& not_run : outcome.not_run)
    EXPECT_EQ(not_run.reason, "cancelled");
  EXPECT_TRUE(leader != 0 && group_is_gone(leader));
}

TEST_F(PlaywrightExample, leaves_no_zombie_of_chromium_or_its_crash_handlers_behind) {
  // Chromium runs in a group of its own and its crash handlers in a session
  // of their own: as orphans they come to us, the subreaper, and exit a
  // little after the batch.
  ASSERT_EQ(PlaywrightBatch(first_tests(1), batch_options()).run().results.size(), 1U);
  auto give_up = std::chrono::steady_clock::now() + 10s;
  while (!zombie_children().empty() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(100ms);
    reap_orphans();
  }

  EXPECT_TRUE(zombie_children().empty());
}

} // namespace
} // namespace shardline
