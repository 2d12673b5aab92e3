#include "tools/exit_code.hpp"
#include "tools/run_command.hpp"

#include "model/json_text.hpp"
#include "store/history_db.hpp"
#include "store/store_file.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace shardline::cli {
namespace {

using test_support::ScratchDir;

class RunCommand : public ::testing::Test {
protected:
  std::string suite(const std::string& json) {
    auto path = scratch.file("suite.json");
    std::ofstream(path) << json;
    return path;
  }

  RunOptions options(const std::string& tests_json) {
    RunOptions options;
    options.runner = "command";
    options.tests_file = suite(tests_json);
    options.command = {"sh", "-c", "{title}"};
    options.workers = 2;
    options.timeout_ms = 2000;
    options.json_file = scratch.file("report.json");
    options.db = scratch.file("shardline.db");
    return options;
  }

  int run(const RunOptions& options) {
    out.str({});
    err.str({});
    return run_tests(options, out, err);
  }

  // The shard each test of the report ran in, by test id.
  std::map<std::string, int> shard_of_each_test() {
    auto results = report()["results"];
    std::map<std::string, int> shards;
    for (const auto& result : results)
      shards[result["testId"]] = result["shardIndex"];
    return shards;
  }

  nlohmann::json report() {
    auto json = parse_json(test_support::read_file(scratch.file("report.json")));
    EXPECT_TRUE(json);
    return json ? *json : nlohmann::json{};
  }

  ScratchDir scratch;
  std::ostringstream out;
  std::ostringstream err;
};

TEST_F(RunCommand, exits_zero_when_every_test_passes_and_writes_the_report) {
  auto code = run(options(R"([{"path": "a", "title": "exit 0"}, {"path": "b", "title": "true"}])"));
  EXPECT_EQ(code, exit_ok) << err.str();
  auto json = report();
  EXPECT_EQ(json["status"], "completed");
  EXPECT_EQ(json["progress"]["passed"], 2);
  ASSERT_EQ(json["results"].size(), 2u);
  EXPECT_EQ(json["results"][0]["status"], "passed");
  EXPECT_NE(out.str().find("2 passed"), std::string::npos) << out.str();
}

TEST_F(RunCommand, writes_a_junit_report_when_asked) {
  auto opts =
      options(R"([{"path": "a.sh", "title": "exit 0"}, {"path": "a.sh", "title": "exit 2"}])");
  opts.junit_file = scratch.file("junit.xml");
  EXPECT_EQ(run(opts), exit_tests_failed);
  auto xml = test_support::read_file(opts.junit_file);
  EXPECT_NE(xml.find("<testsuite name=\"a.sh\" tests=\"2\" failures=\"1\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("message=\"exited with code 2\""), std::string::npos) << xml;
}

TEST_F(RunCommand, exits_one_when_a_test_fails_and_names_it) {
  auto code =
      run(options(R"([{"path": "a", "title": "exit 0"}, {"path": "b", "title": "exit 7"}])"));
  EXPECT_EQ(code, exit_tests_failed);
  EXPECT_NE(out.str().find("FAILED b \u203a exit 7: exited with code 7"), std::string::npos)
      << out.str();
  EXPECT_EQ(report()["progress"]["failed"], 1);
}

TEST_F(RunCommand, a_timed_out_test_counts_as_failed) {
  auto opts = options(R"([{"path": "a", "title": "sleep 10"}])");
  opts.timeout_ms = 200;
  EXPECT_EQ(run(opts), exit_tests_failed);
  EXPECT_EQ(report()["results"][0]["status"], "timedOut");
}

TEST_F(RunCommand, a_test_that_passes_on_retry_is_flaky_and_the_run_passes) {
  auto marker = scratch.file("tried");
  auto opts = options(R"([{"path": "a", "title": "test -e )" + marker + " || { touch " + marker +
                      R"(; exit 1; }"}])");
  opts.retries = 1;
  EXPECT_EQ(run(opts), exit_ok) << out.str();
  auto results = report()["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1]["flaky"], true);
}

TEST_F(RunCommand, max_failures_skips_the_rest) {
  auto opts = options(R"([{"path": "a", "title": "exit 1", "estimatedDurationMs": 10},
                          {"path": "b", "title": "exit 0", "estimatedDurationMs": 1}])");
  opts.workers = 1;
  opts.max_failures = 1;
  EXPECT_EQ(run(opts), exit_tests_failed);
  auto json = report();
  EXPECT_EQ(json["status"], "failed");
  EXPECT_EQ(json["progress"]["skipped"], 1);
}

TEST_F(RunCommand, usage_errors_exit_two_with_one_line) {
  auto opts = options(R"([{"path": "a", "title": "exit 0"}])");
  opts.command.clear();
  EXPECT_EQ(run(opts), exit_usage);
  EXPECT_EQ(err.str().rfind("shardline run: --runner command needs a command template", 0), 0u);

  opts = options(R"([{"path": "a"}])");
  opts.strategy = "fastest";
  EXPECT_EQ(run(opts), exit_usage);
  EXPECT_NE(err.str().find("--strategy: unknown strategy \"fastest\""), std::string::npos);

  opts = options(R"([{"title": "no path"}])");
  EXPECT_EQ(run(opts), exit_usage);
  EXPECT_NE(err.str().find("[0].path: is required"), std::string::npos) << err.str();

  opts = options("[]");
  opts.workers = 0;
  EXPECT_EQ(run(opts), exit_usage);
  EXPECT_NE(err.str().find("--workers: must be between 1 and 10000 (got 0)"), std::string::npos);
}

TEST_F(RunCommand, project_is_only_for_playwright) {
  auto opts = options(R"([{"path": "a", "title": "exit 0"}])");
  opts.projects = {"mobile"};

  EXPECT_EQ(run(opts), exit_usage);
  EXPECT_EQ(err.str(), "shardline run: --project is only for --runner playwright\n");
}

TEST_F(RunCommand, without_timeout_a_command_gets_30_seconds) {
  // A test that would pass under 30 s and time out under an explicit 100 ms.
  auto opts = options(R"([{"path": "a", "title": "sleep 0.5"}])");
  opts.timeout_ms.reset();
  EXPECT_EQ(run(opts), exit_ok) << err.str();

  opts.timeout_ms = 100;
  EXPECT_EQ(run(opts), exit_tests_failed);
}

TEST_F(RunCommand, an_unknown_runner_lists_the_known_ones) {
  auto opts = options("[]");
  opts.runner = "cypress";
  EXPECT_EQ(run(opts), exit_usage);
  EXPECT_EQ(err.str(),
            "shardline run: --runner: unknown value \"cypress\"; allowed: playwright, command\n");
}

TEST_F(RunCommand, playwright_without_a_project_says_so) {
  RunOptions opts;
  opts.dir = scratch.path().string(); // no node_modules there
  EXPECT_EQ(run(opts), exit_usage);
  EXPECT_NE(err.str().find("playwright"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find(scratch.path().string()), std::string::npos) << err.str();
}

TEST_F(RunCommand, an_unknown_placeholder_is_a_warning_not_a_refusal) {
  auto opts = options(R"([{"path": "a", "title": "t"}])");
  opts.command = {"sh", "-c", "exit 0", "{file}"};
  EXPECT_EQ(run(opts), exit_ok);
  EXPECT_NE(err.str().find("warning: command template[3]: unknown placeholder {file}"),
            std::string::npos)
      << err.str();
}

TEST_F(RunCommand, learns_each_tests_duration_and_last_result_in_the_history) {
  auto opts = options(R"([{"id": "quick", "path": "a", "title": "true"},
                          {"id": "slow", "path": "b", "title": "sleep 0.3; false"}])");
  ASSERT_EQ(run(opts), exit_tests_failed) << err.str();

  auto db = open_store(opts.db);
  ASSERT_TRUE(db) << db.error().to_string();
  auto history = read_history(*db);
  ASSERT_TRUE(history) << history.error().to_string();
  const auto* slow = history->find("slow");
  ASSERT_NE(slow, nullptr);
  EXPECT_GE(slow->estimated_duration_ms.value_or(0), 300);
  EXPECT_EQ(slow->last_status, TestStatus::failed);
  ASSERT_NE(history->find("quick"), nullptr);
  EXPECT_EQ(history->find("quick")->last_status, TestStatus::passed);
}

TEST_F(RunCommand, the_next_run_plans_with_the_learnt_durations) {
  auto opts = options(R"([{"id": "slow", "path": "a", "title": "sleep 0.3"},
                          {"id": "q1", "path": "b", "title": "true"},
                          {"id": "q2", "path": "c", "title": "true"}])");
  ASSERT_EQ(run(opts), exit_ok) << err.str();
  ASSERT_EQ(run(opts), exit_ok) << err.str();
  // Longest first: with its duration known, the slow test has a shard to
  // itself and the quick ones share the other.
  auto shard_of = shard_of_each_test();
  EXPECT_NE(shard_of["slow"], shard_of["q1"]);
  EXPECT_EQ(shard_of["q1"], shard_of["q2"]);
}

TEST_F(RunCommand, a_database_it_cannot_trust_is_refused_before_anything_runs) {
  auto opts = options(R"([{"path": "a", "title": "touch ran"}])");
  opts.command = {"sh", "-c", "touch " + scratch.file("ran")};
  std::ofstream(opts.db) << std::string(8192, '\x7f');

  EXPECT_EQ(run(opts), exit_usage);

  auto said = err.str();
  EXPECT_NE(said.find(opts.db + " is not a SQLite database"), std::string::npos) << said;
  EXPECT_EQ(std::count(said.begin(), said.end(), '\n'), 1) << "one line: " << said;
  EXPECT_FALSE(std::filesystem::exists(scratch.file("ran")));
  EXPECT_EQ(std::filesystem::file_size(opts.db), 8192u) << "never started over";
}

TEST_F(RunCommand, the_json_history_of_an_earlier_version_is_imported_once) {
  auto opts = options(R"([{"id": "slow", "path": "a", "title": "true"},
                          {"id": "q1", "path": "b", "title": "true"},
                          {"id": "q2", "path": "c", "title": "true"}])");
  opts.artifacts = scratch.file("artifacts");
  opts.steal = false; // the plan shows in where each test ran
  std::filesystem::create_directories(opts.artifacts);
  History learnt;
  std::vector<TestResult> earlier;
  for (auto [id, duration] : {std::pair{"slow", 60'000}, {"q1", 10}, {"q2", 10}}) {
    TestResult result;
    result.test_id = id;
    result.status = TestStatus::passed;
    result.duration_ms = duration;
    earlier.push_back(result);
  }
  learnt.record(earlier);
  ASSERT_FALSE(save_history(learnt, opts.artifacts + "/history.json"));

  ASSERT_EQ(run(opts), exit_ok) << err.str();

  EXPECT_NE(out.str().find("imported the history in " + opts.artifacts + "/history.json"),
            std::string::npos)
      << out.str();
  // The imported estimate planned the run: the slow test has a shard to itself.
  auto shard_of = shard_of_each_test();
  EXPECT_NE(shard_of["slow"], shard_of["q1"]);
  EXPECT_EQ(shard_of["q1"], shard_of["q2"]);

  ASSERT_EQ(run(opts), exit_ok) << err.str();
  EXPECT_EQ(out.str().find("imported"), std::string::npos) << "only once: " << out.str();
}

TEST_F(RunCommand, the_deprecated_history_flag_says_where_the_history_lives_now) {
  auto opts = options(R"([{"path": "a", "title": "true"}])");
  opts.history = scratch.file("old.json");

  EXPECT_EQ(run(opts), exit_ok);

  EXPECT_NE(err.str().find("--history is deprecated: the history lives in " + opts.db),
            std::string::npos)
      << err.str();
}

TEST_F(RunCommand, no_db_neither_reads_nor_writes_it) {
  auto opts = options(R"([{"path": "a", "title": "true"}])");
  opts.use_history = false;
  EXPECT_EQ(run(opts), exit_ok);
  EXPECT_FALSE(std::filesystem::exists(opts.db));
}

} // namespace
} // namespace shardline::cli
