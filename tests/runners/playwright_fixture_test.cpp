#include "runners/playwright_batch.hpp"
#include "runners/playwright_discovery.hpp"
#include "runners/subreaper.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

// Real Playwright runs of tests/fixtures/playwright-runner, a small project
// whose tests open no page (no browser starts): titles with " › ", the
// config's timeouts, describe-level retries, attachments, annotations, a
// skip reason, two projects, a webServer. The fixture is copied into a
// scratch folder with examples/playwright/node_modules linked in: skipped
// when that is missing (`npm ci` in examples/playwright installs it).

namespace shardline {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path fixture_source = SHARDLINE_SOURCE_DIR "/tests/fixtures/playwright-runner";
const fs::path node_modules = SHARDLINE_SOURCE_DIR "/examples/playwright/node_modules";
const std::string reporter = SHARDLINE_SOURCE_DIR "/runners/playwright/jsonl-reporter.cjs";

// The fixture, copied, with the example's node_modules linked in.
class FixtureCopy {
public:
  FixtureCopy() {
    fs::copy(fixture_source, dir(), fs::copy_options::recursive);
    fs::create_directory_symlink(node_modules, dir() / "node_modules");
  }
  fs::path dir() const { return scratch_.path() / "project"; }

  std::vector<TestFile> tests() const {
    PlaywrightListOptions options;
    options.dir = dir().string();
    auto tests = list_playwright_tests(options);
    if (!tests) {
      ADD_FAILURE() << tests.error().to_string();
      return {};
    }
    return *tests;
  }

  PlaywrightBatchOptions options(const fs::path& artifacts) const {
    PlaywrightBatchOptions options;
    options.dir = dir().string();
    options.reporter = reporter;
    options.artifacts = {artifacts, "s"};
    return options;
  }

private:
  test_support::ScratchDir scratch_;
};

const TestResult* find_result(const std::vector<TestResult>& results, const std::string& project,
                              const std::string& title) {
  auto found = std::find_if(results.begin(), results.end(), [&](const TestResult& result) {
    return result.project == project && result.test_name == title;
  });
  return found == results.end() ? nullptr : &*found;
}

std::vector<TestFile> named(std::vector<TestFile> tests, const std::vector<std::string>& titles) {
  std::erase_if(tests, [&](const TestFile& test) {
    return test.project != "main" ||
           std::find(titles.begin(), titles.end(), test.title) == titles.end();
  });
  return tests;
}

// -- one batch of every test, shared by the tests below -------------------------

class PlaywrightFixture : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    if (!fs::exists(node_modules))
      return;
    ASSERT_FALSE(become_subreaper());
    fixture = std::make_unique<FixtureCopy>();
    artifacts = std::make_unique<test_support::ScratchDir>();
    listed = fixture->tests();
    outcome = std::make_unique<PlaywrightBatchOutcome>(
        PlaywrightBatch(listed, fixture->options(artifacts->path())).run());
  }
  static void TearDownTestSuite() {
    outcome.reset();
    artifacts.reset();
    fixture.reset();
  }
  void SetUp() override {
    if (!fs::exists(node_modules))
      GTEST_SKIP() << node_modules << " is missing: run `npm ci` in examples/playwright";
  }

  const TestResult& result(const std::string& title, const std::string& project = "main") {
    static const TestResult none;
    const auto* found = find_result(outcome->results, project, title);
    if (found == nullptr) {
      ADD_FAILURE() << "no result for [" << project << "] " << title;
      return none;
    }
    return *found;
  }

  std::string artifact(const std::string& url) {
    return test_support::read_file(
        (artifacts->path() / url.substr(std::string("/api/artifacts/").size())).string());
  }

  static inline std::unique_ptr<FixtureCopy> fixture;
  static inline std::unique_ptr<test_support::ScratchDir> artifacts;
  static inline std::vector<TestFile> listed;
  static inline std::unique_ptr<PlaywrightBatchOutcome> outcome;
};

TEST_F(PlaywrightFixture, every_listed_test_has_a_result_titles_with_the_separator_included) {
  EXPECT_EQ(listed.size(), 13U);
  EXPECT_TRUE(outcome->not_run.empty())
      << outcome->not_run.front().test.title << ": " << outcome->not_run.front().reason;
  EXPECT_TRUE(outcome->problems.empty()) << outcome->problems.front();
  EXPECT_EQ(outcome->results.size(), listed.size()) << outcome->output;
  for (const auto& project : {"main", "mobile"})
    for (const auto& title : {"a \u203a b", "D \u203a a \u203a b", "D \u203a plain"})
      EXPECT_EQ(result(title, project).status, TestStatus::passed)
          << "[" << project << "] " << title << ": " << result(title, project).error.value_or("");
}

TEST_F(PlaywrightFixture, the_config_timeout_a_test_own_timeout_and_slow_stand) {
  for (const auto& title : {"has the config timeout", "its own 120 s timeout stands",
                            "slow triples the config timeout"})
    EXPECT_EQ(result(title).status, TestStatus::passed)
        << title << ": " << result(title).error.value_or("");
}

TEST_F(PlaywrightFixture, describe_level_retries_make_a_flaky_pass_with_each_try_kept) {
  const auto& flaky = result("retried \u203a fails once then passes");
  const auto& failed = result("retried \u203a always fails");

  EXPECT_EQ(flaky.status, TestStatus::passed);
  ASSERT_EQ(flaky.runner_attempts.size(), 1U);
  EXPECT_EQ(flaky.runner_attempts[0].status, TestStatus::failed);
  EXPECT_EQ(failed.status, TestStatus::failed);
  ASSERT_EQ(failed.runner_attempts.size(), 1U);
  EXPECT_EQ(failed.runner_attempts[0].retry, 0);
}

TEST_F(PlaywrightFixture, attachments_annotations_and_the_skip_reason_arrive) {
  const auto& attached = result("attaches a body and a file, and notes an issue");
  const auto& skipped = result("is skipped with a reason");

  ASSERT_EQ(attached.attachments.size(), 2U);
  EXPECT_EQ(attached.attachments[0].name, "notes");
  EXPECT_EQ(attached.attachments[0].content_type, "text/plain");
  ASSERT_TRUE(attached.attachments[0].url);
  EXPECT_EQ(artifact(*attached.attachments[0].url), "hello from the body");
  EXPECT_EQ(attached.attachments[1].name, "data");
  ASSERT_TRUE(attached.attachments[1].url);
  EXPECT_EQ(artifact(*attached.attachments[1].url), R"({"from":"a file"})");
  EXPECT_EQ(attached.annotations,
            (std::vector<ResultAnnotation>{{"issue", "https://example.test/1"}}));
  EXPECT_EQ(skipped.status, TestStatus::skipped);
  EXPECT_EQ(skipped.skip_reason, "not on this fixture");
}

// -- a webServer ---------------------------------------------------------------

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::vector<pid_t> pids_in(const fs::path& file) {
  std::vector<pid_t> pids;
  std::istringstream in(test_support::read_file(file.string()));
  for (pid_t pid = 0; in >> pid;)
    pids.push_back(pid);
  return pids;
}

bool gone(pid_t pid) {
  reap_orphans(); // a leftover that was killed came to us, the subreaper
  return ::kill(pid, 0) == -1 && errno == ESRCH;
}

// Our child whose command line runs Playwright: the leader of a batch's group.
pid_t playwright_leader() {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    auto stat = test_support::read_file((entry.path() / "stat").string());
    auto after_name = stat.rfind(')');
    char state = 0;
    int parent = 0;
    if (after_name == std::string::npos ||
        std::sscanf(stat.c_str() + after_name + 1, " %c %d", &state, &parent) != 2 ||
        parent != ::getpid())
      continue;
    if (test_support::read_file((entry.path() / "cmdline").string()).find("playwright") !=
        std::string::npos)
      return std::stoi(entry.path().filename().string());
  }
  return 0;
}

TEST(PlaywrightFixtureWebServer, is_gone_after_a_killed_batch_so_a_ci_run_finds_its_port_free) {
  if (!fs::exists(node_modules))
    GTEST_SKIP() << node_modules << " is missing: run `npm ci` in examples/playwright";
  ASSERT_FALSE(become_subreaper());
  FixtureCopy fixture;
  test_support::ScratchDir scratch;
  auto pid_file = scratch.path() / "server.pids";
  auto tests = named(fixture.tests(), {"a \u203a b", "its own 120 s timeout stands"});
  ASSERT_EQ(tests.size(), 2U);
  auto options = fixture.options(scratch.path());
  options.environment = {{"FIXTURE_PORT", std::to_string(free_port())},
                         {"FIXTURE_SERVER_PIDS", pid_file.string()}};

  // Without CI: Playwright may reuse a server, and here none runs. Killed
  // after its first result, Playwright cannot stop its webServer itself.
  PlaywrightBatch first(tests, options);
  auto killed = first.run([&](const TestResult&) {
    if (auto leader = playwright_leader(); leader > 0) // never 0: our own group
      ::kill(leader, SIGKILL);
  });
  auto servers = pids_in(pid_file);
  ASSERT_EQ(servers.size(), 1U) << killed.output;
  EXPECT_TRUE(gone(servers[0])) << "the webServer (pid " << servers[0] << ") outlived its batch";

  // With CI=1 (reuseExistingServer false) a server left on the port would
  // fail every test.
  options.environment.emplace_back("CI", "1");
  auto next = PlaywrightBatch(tests, options).run();

  ASSERT_EQ(next.results.size(), 2U) << next.output;
  for (const auto& result : next.results)
    EXPECT_EQ(result.status, TestStatus::passed) << result.error.value_or("");
  servers = pids_in(pid_file);
  ASSERT_EQ(servers.size(), 2U);
  EXPECT_TRUE(gone(servers[1])) << "the webServer (pid " << servers[1] << ") outlived its batch";
}

} // namespace
} // namespace shardline
