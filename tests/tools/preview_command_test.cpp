#include "tools/exit_code.hpp"
#include "tools/preview_command.hpp"

#include "model/json_text.hpp"
#include "store/history_db.hpp"
#include "store/store_file.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace shardline::cli {
namespace {

namespace fs = std::filesystem;

class PreviewCommand : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("shardline-preview-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  int run(PreviewOptions options) {
    out_.str({});
    err_.str({});
    return run_preview(options, out_, err_);
  }

  fs::path dir_;
  std::ostringstream out_;
  std::ostringstream err_;
};

const std::string six_tests = R"({"tests": [
  {"path": "a/1.spec.ts", "title": "t1", "estimatedDurationMs": 6000},
  {"path": "a/1.spec.ts", "title": "t2", "estimatedDurationMs": 5000},
  {"path": "b/2.spec.ts", "title": "t3", "estimatedDurationMs": 4000},
  {"path": "b/2.spec.ts", "title": "t4", "estimatedDurationMs": 3000},
  {"path": "c/3.spec.ts", "title": "t5", "estimatedDurationMs": 2000},
  {"path": "c/3.spec.ts", "title": "t6", "estimatedDurationMs": 1000}]})";

TEST_F(PreviewCommand, json_output_is_the_rest_preview_body) {
  PreviewOptions options{
      .input = write("suite.json", six_tests), .strategy = "duration", .workers = 3, .json = true};
  ASSERT_EQ(run(options), exit_ok) << err_.str();
  auto body = parse_json(out_.str());
  ASSERT_TRUE(body) << body.error().to_string();
  ASSERT_EQ((*body)["allocations"].size(), 3u);
  // LPT: 6000+1000, 5000+2000, 4000+3000.
  EXPECT_EQ((*body)["estimatedMakespanMs"], 7000);
  EXPECT_EQ((*body)["lowerBoundMs"], 7000);
  EXPECT_DOUBLE_EQ((*body)["ratio"].get<double>(), 1.0);
  EXPECT_EQ((*body)["allocations"][0]["tests"][0]["id"], "a/1.spec.ts::t1");
  EXPECT_EQ((*body)["allocations"][0]["tests"][1]["id"], "c/3.spec.ts::t6");
}

TEST_F(PreviewCommand, plans_with_the_durations_a_database_holds) {
  auto db_file = (dir_ / "shardline.db").string();
  {
    auto db = open_store(db_file);
    ASSERT_TRUE(db) << db.error().to_string();
    TestResult learnt;
    learnt.test_id = "slow";
    learnt.status = TestStatus::passed;
    learnt.duration_ms = 9000;
    ASSERT_TRUE(record_history(*db, std::vector{learnt}));
  }
  PreviewOptions options{.input = write("suite.json", R"([{"id": "slow", "path": "s"},
                                                          {"id": "q", "path": "q"}])"),
                         .strategy = "duration",
                         .workers = 2,
                         .json = true,
                         .db = db_file};

  ASSERT_EQ(run(options), exit_ok) << err_.str();

  auto body = parse_json(out_.str());
  ASSERT_TRUE(body);
  EXPECT_EQ((*body)["allocations"][0]["tests"][0]["id"], "slow");
  EXPECT_EQ((*body)["allocations"][0]["estimatedDurationMs"], 9000);
}

TEST_F(PreviewCommand, a_database_that_does_not_exist_is_not_made) {
  PreviewOptions options{.input = write("suite.json", six_tests), .db = (dir_ / "no.db").string()};

  EXPECT_EQ(run(options), exit_usage);

  EXPECT_NE(err_.str().find("--db: " + (dir_ / "no.db").string() + " does not exist"),
            std::string::npos)
      << err_.str();
  EXPECT_FALSE(fs::exists(dir_ / "no.db"));
}

TEST_F(PreviewCommand, table_shows_each_shard_and_the_ratio) {
  PreviewOptions options{
      .input = write("suite.json", six_tests), .strategy = "round-robin", .workers = 2};
  ASSERT_EQ(run(options), exit_ok) << err_.str();
  auto table = out_.str();
  // Round-robin deals t1,t3,t5 (12 s) and t2,t4,t6 (9 s); lower bound 10.5 s.
  EXPECT_NE(table.find("strategy round-robin, 2 workers, 6 tests"), std::string::npos) << table;
  EXPECT_NE(table.find("12.0s"), std::string::npos) << table;
  EXPECT_NE(table.find("57.1%"), std::string::npos) << table;
  EXPECT_NE(table.find("ratio 1.143"), std::string::npos) << table;
}

TEST_F(PreviewCommand, table_lists_units_with_their_tests_together) {
  PreviewOptions options{.input = write("units.json", R"([
      {"id": "a1", "path": "a.spec.ts", "unit": "a.spec.ts › serial", "estimatedDurationMs": 3000},
      {"id": "b", "path": "b.spec.ts", "estimatedDurationMs": 1000},
      {"id": "a2", "path": "a.spec.ts", "unit": "a.spec.ts › serial", "estimatedDurationMs": 3000}])"),
                         .strategy = "round-robin",
                         .workers = 2,
                         .list_tests = true};
  ASSERT_EQ(run(options), exit_ok) << err_.str();
  auto table = out_.str();
  EXPECT_NE(table.find("3 tests in 2 units"), std::string::npos) << table;
  EXPECT_NE(table.find("unit a.spec.ts › serial\n           a1\n           a2\n"),
            std::string::npos)
      << table;
}

TEST_F(PreviewCommand, reads_a_bare_array_from_stdin_equivalent_file) {
  PreviewOptions options{
      .input = write("bare.json", R"([{"path": "x.spec.ts"}])"), .workers = 4, .json = true};
  ASSERT_EQ(run(options), exit_ok) << err_.str();
  auto body = parse_json(out_.str());
  ASSERT_TRUE(body);
  EXPECT_EQ((*body)["allocations"].size(), 4u);
}

TEST_F(PreviewCommand, unknown_strategy_lists_the_known_ones) {
  PreviewOptions options{.input = write("suite.json", six_tests), .strategy = "fastest"};
  EXPECT_EQ(run(options), exit_usage);
  EXPECT_EQ(err_.str(), "shardline preview: --strategy: unknown strategy \"fastest\"; known: "
                        "round-robin, duration, file, tag, fail-first\n");
  EXPECT_EQ(out_.str(), "");
}

TEST_F(PreviewCommand, zero_workers_is_a_usage_error_naming_the_flag) {
  PreviewOptions options{.input = write("suite.json", six_tests), .workers = 0};
  EXPECT_EQ(run(options), exit_usage);
  EXPECT_EQ(err_.str(), "shardline preview: --workers: must be between 1 and 10000 (got 0)\n");
}

TEST_F(PreviewCommand, missing_file_names_the_file_and_the_reason) {
  PreviewOptions options{.input = (dir_ / "nope.json").string()};
  EXPECT_EQ(run(options), exit_usage);
  EXPECT_EQ(err_.str(), "shardline preview: cannot read \"" + (dir_ / "nope.json").string() +
                            "\": No such file or directory\n");
}

TEST_F(PreviewCommand, a_directory_is_not_a_suite) {
  PreviewOptions options{.input = dir_.string()};
  EXPECT_EQ(run(options), exit_usage);
  EXPECT_NE(err_.str().find("it is a directory"), std::string::npos) << err_.str();
}

TEST_F(PreviewCommand, invalid_json_names_the_line_and_column) {
  auto path = write("broken.json", "{\"tests\": [\n  {\"path\": \"a\",}\n]}");
  EXPECT_EQ(run({.input = path}), exit_usage);
  EXPECT_EQ(err_.str().rfind("shardline preview: " + path + ": invalid JSON at line 2, column ", 0),
            0u)
      << err_.str();
}

TEST_F(PreviewCommand, a_test_without_a_path_is_named_by_its_index) {
  auto path = write("nopath.json", R"({"tests": [{"path": "a"}, {"title": "b"}]})");
  EXPECT_EQ(run({.input = path}), exit_usage);
  EXPECT_EQ(err_.str(), "shardline preview: " + path + ": tests[1].path: is required\n");
}

TEST_F(PreviewCommand, unknown_tag_mode_is_refused) {
  PreviewOptions options{.input = write("suite.json", six_tests), .tag_mode = "spread"};
  EXPECT_EQ(run(options), exit_usage);
  EXPECT_EQ(
      err_.str(),
      "shardline preview: --tag-mode: unknown value \"spread\"; allowed: group, distribute\n");
}

TEST_F(PreviewCommand, file_strategy_reports_a_split_folder) {
  // Folder a weighs 12 s of 14 s on 2 workers: heavier than the fair share (7 s).
  auto path = write("heavy.json", R"({"tests": [
    {"path": "a/1.spec.ts", "title": "t1", "estimatedDurationMs": 4000},
    {"path": "a/2.spec.ts", "title": "t2", "estimatedDurationMs": 4000},
    {"path": "a/3.spec.ts", "title": "t3", "estimatedDurationMs": 4000},
    {"path": "b/1.spec.ts", "title": "t4", "estimatedDurationMs": 2000}]})");
  ASSERT_EQ(run({.input = path, .strategy = "file", .workers = 2}), exit_ok) << err_.str();
  EXPECT_NE(out_.str().find("split: a is on shards 0, 1"), std::string::npos) << out_.str();
}

} // namespace
} // namespace shardline::cli
