// End to end: the bundled Playwright example (Debian's chromium) through the
// real `shardline run`, as a user or a CI job runs it.

#include "model/json_text.hpp"
#include "tests/support/scratch_dir.hpp"

#include "tests/support/shell.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <sys/wait.h>

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
           scratch.file("artifacts") + " " + arguments;
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

} // namespace
