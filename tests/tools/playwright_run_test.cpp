// End to end: the bundled Playwright example (Debian's chromium) through the
// real `shardline run`, as a user or a CI job runs it.

#include "model/json_text.hpp"
#include "tests/support/scratch_dir.hpp"

#include "tests/support/child.hpp"
#include "tests/support/shell.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using shardline::test_support::read_file;
using shardline::test_support::ScratchDir;

const std::string example = std::string{SHARDLINE_SOURCE_DIR} + "/examples/playwright";

using Outcome = shardline::test_support::ShellOutcome;
using shardline::test_support::shell;

class PlaywrightRun : public ::testing::Test {
protected:
  void SetUp() override {
    if (!fs::exists(example + "/node_modules"))
      GTEST_SKIP() << example << "/node_modules is missing: tools/install-deps runs npm ci there";
  }

  nlohmann::json report() {
    auto json = shardline::parse_json(read_file(scratch.file("report.json")));
    EXPECT_TRUE(json) << json.error().to_string();
    return json ? *json : nlohmann::json{};
  }

  std::string run(const std::string& arguments, const std::string& environment = "") {
    return environment + " " + SHARDLINE_BIN + " run --dir " + example + " --workers 2 --json " +
           scratch.file("report.json") + " --junit " + scratch.file("junit.xml") + " --artifacts " +
           scratch.file("artifacts") + " --db " + scratch.file("shardline.db") + " " + arguments;
  }

  ScratchDir scratch;
};

TEST_F(PlaywrightRun, runs_the_example_on_two_workers_with_results_and_junit) {
  auto outcome = shell(run(""));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  auto json = report();
  EXPECT_EQ(json["status"], "completed");
  auto total = json["progress"]["total"].get<int>();
  EXPECT_GE(total, 20);
  EXPECT_EQ(json["progress"]["passed"], total);
  ASSERT_EQ(json["results"].size(), static_cast<std::size_t>(total));
  std::set<std::string> workers;
  for (const auto& result : json["results"]) {
    EXPECT_EQ(result["status"], "passed") << result.dump();
    EXPECT_GT(result["duration"].get<int>(), 0);
    EXPECT_NE(result["testPath"].get<std::string>().find(".spec.ts"), std::string::npos);
    workers.insert(result["workerId"].get<std::string>());
  }
  EXPECT_EQ(workers.size(), 2u) << "both workers ran tests";
  auto junit = read_file(scratch.file("junit.xml"));
  EXPECT_NE(junit.find("<testsuites name=\"shardline\" tests=\"" + std::to_string(total) +
                       "\" failures=\"0\""),
            std::string::npos)
      << junit.substr(0, 300);
  EXPECT_NE(junit.find("<testsuite name=\"tests/auth/login.spec.ts\""), std::string::npos);
}

TEST_F(PlaywrightRun, a_failing_test_exits_one_with_its_error_and_screenshot) {
  auto outcome = shell(run("--grep 'applies a discount code'", "SHARDLINE_EXAMPLE_FAIL=1"));
  EXPECT_EQ(outcome.exit_code, 1) << outcome.output;
  EXPECT_NE(outcome.output.find("FAILED"), std::string::npos) << outcome.output;
  auto json = report();
  ASSERT_EQ(json["results"].size(), 1u) << json.dump();
  const auto& result = json["results"][0];
  EXPECT_EQ(result["status"], "failed");
  auto error = result["error"].get<std::string>();
  EXPECT_NE(error.find("toHaveText"), std::string::npos) << error;
  EXPECT_EQ(error.find('\x1b'), std::string::npos) << "ANSI colour codes are stripped";
  ASSERT_FALSE(result["screenshots"].empty()) << result.dump();
  // The screenshot was copied under --artifacts and is named by its URL.
  auto url = result["screenshots"][0].get<std::string>();
  auto prefix = "/api/artifacts/" + json["sessionId"].get<std::string>() + "/";
  ASSERT_EQ(url.rfind(prefix, 0), 0u) << url;
  fs::path copied = fs::path(scratch.file("artifacts")) / json["sessionId"].get<std::string>() /
                    url.substr(prefix.size());
  EXPECT_TRUE(fs::exists(copied)) << copied;
}

// The last percentage a log-mode progress line printed ("  12.0%  3/25 ..."), or -1.
double progress_percent(const std::string& output) {
  static const std::regex percent{R"((\d+\.\d)%  \d+/\d+)"};
  double last = -1;
  for (auto it = std::sregex_iterator(output.begin(), output.end(), percent);
       it != std::sregex_iterator(); ++it)
    last = std::stod((*it)[1].str());
  return last;
}

// The process ids of `ancestor`'s descendants whose command line holds `text`.
std::vector<pid_t> descendants_running(pid_t ancestor, const std::string& text) {
  std::map<pid_t, pid_t> parent;
  std::map<pid_t, std::string> command;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    auto pid = static_cast<pid_t>(std::stol(name));
    auto stat = read_file(entry.path() / "stat");
    auto paren = stat.rfind(')');
    if (paren == std::string::npos)
      continue;
    int ppid = 0;
    char state = 0;
    if (std::sscanf(stat.c_str() + paren + 1, " %c %d", &state, &ppid) != 2)
      continue;
    parent[pid] = ppid;
    command[pid] = read_file(entry.path() / "cmdline");
  }
  std::vector<pid_t> found;
  for (const auto& [pid, cmdline] : command) {
    if (cmdline.find(text) == std::string::npos)
      continue;
    for (auto up = parent[pid]; up > 1; up = parent[up])
      if (up == ancestor) {
        found.push_back(pid);
        break;
      }
  }
  return found;
}

TEST_F(PlaywrightRun, a_playwright_process_killed_mid_run_loses_no_result) {
  using namespace std::chrono_literals;
  shardline::test_support::Child run({SHARDLINE_BIN, "run", "--dir", example, "--workers", "2",
                                      "--json", scratch.file("report.json"), "--artifacts",
                                      scratch.file("artifacts"), "--db",
                                      scratch.file("shardline.db")},
                                     scratch.file("output.txt"));
  // Once a tenth of the suite has reported, kill -9 one worker's Playwright.
  ASSERT_TRUE(shardline::test_support::eventually(
      [&] { return progress_percent(read_file(scratch.file("output.txt"))) >= 10; }, 120s))
      << read_file(scratch.file("output.txt"));
  auto playwrights = descendants_running(run.pid(), "--test-list=");
  ASSERT_FALSE(playwrights.empty()) << "no Playwright process under shardline";
  ::kill(playwrights.front(), SIGKILL);

  auto exit_code = run.wait(180s);
  ASSERT_TRUE(exit_code.has_value()) << read_file(scratch.file("output.txt"));
  EXPECT_EQ(*exit_code, 0) << read_file(scratch.file("output.txt"));
  auto json = report();
  EXPECT_EQ(json["status"], "completed");
  auto total = json["progress"]["total"].get<int>();
  EXPECT_EQ(json["progress"]["passed"], total);
  std::map<std::string, int> passed;
  for (const auto& result : json["results"])
    if (result["status"] == "passed")
      passed[result["testId"].get<std::string>()] += 1;
  EXPECT_EQ(passed.size(), static_cast<std::size_t>(total)) << "every test passed once";
  for (const auto& [id, count] : passed)
    EXPECT_EQ(count, 1) << id << " has more than one result";
}

} // namespace

namespace {

// tests/fixtures/playwright-runner (no test opens a page), copied with the
// example's node_modules linked in.
TEST(PlaywrightRunFixture, project_narrows_the_run_and_every_result_names_its_project) {
  const fs::path node_modules = example + "/node_modules";
  if (!fs::exists(node_modules))
    GTEST_SKIP() << node_modules << " is missing: tools/install-deps runs npm ci there";
  ScratchDir scratch;
  auto project = scratch.path() / "project";
  fs::copy(std::string{SHARDLINE_SOURCE_DIR} + "/tests/fixtures/playwright-runner", project,
           fs::copy_options::recursive);
  fs::create_directory_symlink(node_modules, project / "node_modules");

  auto outcome =
      shell(std::string(SHARDLINE_BIN) + " run --dir " + project.string() +
            " --project mobile --workers 1 --no-history --json " + scratch.file("report.json") +
            " --junit " + scratch.file("junit.xml") + " --artifacts " + scratch.file("artifacts"));

  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  auto json = shardline::parse_json(read_file(scratch.file("report.json")));
  ASSERT_TRUE(json) << outcome.output;
  const auto& results = (*json)["results"];
  ASSERT_EQ(results.size(), 3U) << outcome.output;
  for (const auto& result : results) {
    EXPECT_EQ(result["project"], "mobile") << result.dump();
    EXPECT_EQ(result["status"], "passed") << result.dump();
  }
  EXPECT_NE(
      read_file(scratch.file("junit.xml")).find("<property name=\"project\" value=\"mobile\"/>"),
      std::string::npos);
}

} // namespace
