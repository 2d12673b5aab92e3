#include "runners/playwright_discovery.hpp"

#include "runners/subreaper.hpp"
#include "tests/support/child.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

namespace shardline {
namespace {

using namespace std::chrono_literals;

// Trimmed from `playwright test --list --reporter=json` (1.65) of a project
// whose testDir is ./tests, with a second project that greps @both.
const std::string list_report = R"({
  "config": {"configFile": "/srv/shop/playwright.config.ts", "rootDir": "/srv/shop/tests",
             "projects": [{"name": "chromium"}, {"name": "other"}]},
  "suites": [
    {"title": "a.spec.ts", "file": "a.spec.ts", "line": 0, "column": 0,
     "specs": [
       {"title": "top level", "tags": ["smoke"], "id": "2addc3c3aecfedb30c84-da7230c1433cdfcc73e2",
        "file": "a.spec.ts", "line": 12, "column": 1,
        "tests": [{"projectName": "chromium", "expectedStatus": "passed", "annotations": []}]}],
     "suites": [
       {"title": "group one", "file": "a.spec.ts", "line": 3, "column": 6,
        "specs": [
          {"title": "inner @both", "tags": ["both"], "id": "2addc3c3aecfedb30c84-cdc10a8ddedb7046c2b3",
           "file": "a.spec.ts", "line": 4, "column": 3,
           "tests": [{"projectName": "chromium"}, {"projectName": "other"}]}],
        "suites": [
          {"title": "deeper", "file": "a.spec.ts", "line": 5, "column": 8,
           "specs": [
             {"title": "fails", "tags": ["slow", "x"], "id": "2addc3c3aecfedb30c84-8c3af887c9b1b4cd8f96",
              "file": "a.spec.ts", "line": 6, "column": 5,
              "tests": [{"projectName": "chromium"}]}]}]}]},
    {"title": "sub/b.spec.ts", "file": "sub/b.spec.ts", "line": 0, "column": 0,
     "specs": [
       {"title": "b one", "tags": [], "id": "b316f160ba19ba19a55c-60d8e962ef3283f6c483",
        "file": "sub/b.spec.ts", "line": 2, "column": 1,
        "tests": [{"projectName": "chromium", "expectedStatus": "skipped",
                   "annotations": [{"type": "skip"}]}]}]}
  ],
  "errors": [],
  "stats": {"expected": 0, "skipped": 5, "unexpected": 0, "flaky": 0}
})";

// The config has no fullyParallel: each project's file runs whole.
TestFile test(std::string id, std::string path, std::string title, std::vector<std::string> tags,
              std::string project, std::int64_t line) {
  TestFile file;
  file.unit = "[" + project + "] " + path;
  file.id = std::move(id);
  file.path = std::move(path);
  file.title = std::move(title);
  file.tags = std::move(tags);
  file.project = std::move(project);
  file.line = line;
  return file;
}

TEST(ParsePlaywrightList, turns_each_spec_and_project_into_a_test) {
  auto tests = parse_playwright_list(list_report, "/srv/shop");

  ASSERT_TRUE(tests) << tests.error().to_string();
  std::vector<TestFile> expected = {
      test("2addc3c3aecfedb30c84-cdc10a8ddedb7046c2b3@chromium", "tests/a.spec.ts",
           "group one \u203a inner @both", {"@both"}, "chromium", 4),
      test("2addc3c3aecfedb30c84-cdc10a8ddedb7046c2b3@other", "tests/a.spec.ts",
           "group one \u203a inner @both", {"@both"}, "other", 4),
      test("2addc3c3aecfedb30c84-8c3af887c9b1b4cd8f96", "tests/a.spec.ts",
           "group one \u203a deeper \u203a fails", {"@slow", "@x"}, "chromium", 6),
      test("2addc3c3aecfedb30c84-da7230c1433cdfcc73e2", "tests/a.spec.ts", "top level", {"@smoke"},
           "chromium", 12),
      test("b316f160ba19ba19a55c-60d8e962ef3283f6c483", "tests/sub/b.spec.ts", "b one", {},
           "chromium", 2),
  };
  EXPECT_EQ(*tests, expected);
}

TEST(ParsePlaywrightList, names_files_from_the_project_even_when_tests_live_outside_it) {
  auto tests = parse_playwright_list(list_report, "/srv/shop/config");

  ASSERT_TRUE(tests);
  EXPECT_EQ(tests->front().path, "../tests/a.spec.ts");
}

TEST(ParsePlaywrightList, keeps_the_reported_file_without_a_project_folder) {
  auto tests = parse_playwright_list(list_report, "");

  ASSERT_TRUE(tests);
  EXPECT_EQ(tests->front().path, "a.spec.ts");
}

TEST(ParsePlaywrightList, an_empty_project_has_no_tests) {
  auto tests = parse_playwright_list(R"({"config":{},"suites":[],"errors":[]})", "/srv/shop");

  ASSERT_TRUE(tests);
  EXPECT_TRUE(tests->empty());
}

TEST(ParsePlaywrightList, a_report_with_errors_is_the_first_error_without_colours) {
  auto tests = parse_playwright_list(
      R"({"config":{},"suites":[],"errors":[
           {"message":"SyntaxError: /srv/shop/tests/broken.spec.ts: Unexpected token (2:0)\n\n\u001b[90m at"},
           {"message":"Error: second"}]})",
      "/srv/shop");

  ASSERT_FALSE(tests);
  EXPECT_EQ(
      tests.error().to_string(),
      "SyntaxError: /srv/shop/tests/broken.spec.ts: Unexpected token (2:0) (and 1 more errors)");
}

TEST(ParsePlaywrightList, invalid_json_says_where) {
  auto tests = parse_playwright_list("{\"suites\": [", "/srv/shop");

  ASSERT_FALSE(tests);
  EXPECT_TRUE(tests.error().message.starts_with("the JSON reporter wrote invalid JSON at line 1"))
      << tests.error().message;
}

TEST(ParsePlaywrightList, skips_what_is_not_shaped_like_a_report) {
  auto tests = parse_playwright_list(
      R"({"suites":[7,{"file":"x.spec.ts","specs":[1,{"title":"t","id":"i","line":"two",)"
      R"("tests":[{"projectName":"p"},"q"]}]}]})",
      "/srv/shop");

  ASSERT_TRUE(tests) << tests.error().to_string();
  ASSERT_EQ(tests->size(), 1U);
  EXPECT_EQ(tests->front().id, "i");
  EXPECT_EQ(tests->front().path, "x.spec.ts");
  EXPECT_FALSE(tests->front().line);
}

// -- listing through a stand-in for Playwright's command line -----------------

class ListPlaywrightTests : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_FALSE(become_subreaper()); }

  // node_modules/.bin/playwright as a shell script.
  void fake_playwright(const std::string& script) {
    auto bin = scratch.path() / "node_modules" / ".bin";
    std::filesystem::create_directories(bin);
    std::ofstream(bin / "playwright") << "#!/bin/sh\n" << script;
    std::filesystem::permissions(bin / "playwright", std::filesystem::perms::owner_all);
  }

  PlaywrightListOptions options() {
    PlaywrightListOptions list;
    list.dir = scratch.path().string();
    list.timeout = 10s;
    return list;
  }

  std::string failure(const std::string& reason) {
    return "playwright: cannot list tests in \"" + scratch.path().string() + "\": " + reason;
  }

  test_support::ScratchDir scratch;
};

TEST_F(ListPlaywrightTests, reads_the_report_written_to_the_file_it_names) {
  std::ofstream(scratch.file("report.json")) << list_report;
  fake_playwright("echo 'Listing tests:'; cp report.json \"$PLAYWRIGHT_JSON_OUTPUT_FILE\"\n");

  auto tests = list_playwright_tests(options());

  ASSERT_TRUE(tests) << tests.error().to_string();
  EXPECT_EQ(tests->size(), 5U);
}

TEST_F(ListPlaywrightTests, asks_playwright_for_a_json_list_in_the_project_folder) {
  fake_playwright("printf '%s|' \"$PWD\" \"$@\" \"$FORCE_COLOR\" > args.txt\n"
                  "echo '{\"suites\":[]}' > \"$PLAYWRIGHT_JSON_OUTPUT_FILE\"\n");
  auto list = options();
  list.extra_args = {"--project=chromium"};
  list.units_reporter = "";

  ASSERT_TRUE(list_playwright_tests(list));

  EXPECT_EQ(test_support::read_file(scratch.file("args.txt")),
            scratch.path().string() +
                "|test|--list|--reporter=json|--pass-with-no-tests|--project=chromium|0|");
}

TEST_F(ListPlaywrightTests, the_units_reporter_runs_beside_the_json_one_and_its_facts_are_read) {
  std::ofstream(scratch.file("report.json")) << list_report;
  // The facts put the first test of a.spec.ts ("top level", chromium) alone
  // in a serial describe of its own: only the facts can say so.
  std::ofstream(scratch.file("units.json"))
      << R"({"version": 1, "tests": [{"project": "chromium", "file": "a.spec.ts", "line": 12,
            "column": 1, "title": "top level", "chain": [
            {"kind": "project", "title": "chromium", "mode": "parallel", "hooks": false},
            {"kind": "file", "title": "a.spec.ts", "mode": "none", "hooks": false},
            {"kind": "describe", "title": "alone", "mode": "serial", "hooks": false}]}]})";
  fake_playwright("printf '%s|' \"$@\" > args.txt\n"
                  "cp report.json \"$PLAYWRIGHT_JSON_OUTPUT_FILE\"\n"
                  "cp units.json \"$SHARDLINE_UNITS_OUTPUT_FILE\"\n");
  auto list = options();
  list.units_reporter = "/opt/units-reporter.cjs";

  auto tests = list_playwright_tests(list);

  ASSERT_TRUE(tests) << tests.error().to_string();
  EXPECT_EQ(test_support::read_file(scratch.file("args.txt")),
            "test|--list|--reporter=json,/opt/units-reporter.cjs|--pass-with-no-tests|");
  auto top = std::find_if(tests->begin(), tests->end(),
                          [](const TestFile& test) { return test.title == "top level"; });
  ASSERT_NE(top, tests->end());
  EXPECT_TRUE(top->unit.starts_with("[chromium] ")) << top->unit;
  EXPECT_TRUE(top->unit.ends_with("a.spec.ts \u203a alone")) << top->unit;
}

TEST_F(ListPlaywrightTests, the_units_reporter_is_found_in_the_source_tree) {
  EXPECT_EQ(find_units_reporter(),
            std::string(SHARDLINE_SOURCE_DIR) + "/runners/playwright/units-reporter.cjs");
}

TEST_F(ListPlaywrightTests, a_config_that_does_not_load_is_the_first_line_playwright_printed) {
  fake_playwright("printf '\\n\\033[31mSyntaxError: playwright.config.ts: Unexpected token "
                  "(1:45)\\033[39m\\n    at toSyntaxError (x.js:1)\\n' >&2; exit 1\n");

  auto tests = list_playwright_tests(options());

  ASSERT_FALSE(tests);
  EXPECT_EQ(tests.error().to_string(),
            failure("SyntaxError: playwright.config.ts: Unexpected token (1:45)"));
}

TEST_F(ListPlaywrightTests, a_report_with_errors_is_an_error) {
  fake_playwright("echo '{\"suites\":[],\"errors\":[{\"message\":\"Error: No tests found\"}]}' > "
                  "\"$PLAYWRIGHT_JSON_OUTPUT_FILE\"; exit 1\n");

  auto tests = list_playwright_tests(options());

  ASSERT_FALSE(tests);
  EXPECT_EQ(tests.error().to_string(), failure("Error: No tests found"));
}

TEST_F(ListPlaywrightTests, silence_without_a_report_names_the_exit_code) {
  fake_playwright("exit 3\n");

  auto tests = list_playwright_tests(options());

  ASSERT_FALSE(tests);
  EXPECT_EQ(tests.error().to_string(), failure("playwright exited with code 3 and wrote no list"));
}

TEST_F(ListPlaywrightTests, a_hanging_playwright_times_out) {
  fake_playwright("sleep 30\n");
  auto list = options();
  list.timeout = 200ms;

  auto tests = list_playwright_tests(list);

  ASSERT_FALSE(tests);
  EXPECT_EQ(tests.error().to_string(), failure("timed out after 200 ms"));
}

TEST_F(ListPlaywrightTests, a_cancel_from_another_thread_kills_a_listing_in_flight) {
  fake_playwright("echo $$ > pid.txt; exec sleep 30\n");
  auto list = options();
  list.timeout = 60s;
  list.canceller = std::make_shared<ProcessCanceller>();
  std::thread canceller([&] {
    while (test_support::read_file(scratch.file("pid.txt")).empty())
      std::this_thread::sleep_for(10ms);
    list.canceller->cancel();
  });

  auto tests = list_playwright_tests(list);
  canceller.join();

  ASSERT_FALSE(tests);
  EXPECT_EQ(tests.error().to_string(), failure("cancelled"));
  auto pid = static_cast<pid_t>(std::stol(test_support::read_file(scratch.file("pid.txt"))));
  EXPECT_TRUE(test_support::process_gone(pid));
}

TEST_F(ListPlaywrightTests, a_cancel_before_the_listing_starts_nothing) {
  fake_playwright("touch started.txt; echo '{\"suites\":[]}' > \"$PLAYWRIGHT_JSON_OUTPUT_FILE\"\n");
  auto list = options();
  list.canceller = std::make_shared<ProcessCanceller>();
  list.canceller->cancel();

  auto tests = list_playwright_tests(list);

  ASSERT_FALSE(tests);
  EXPECT_EQ(tests.error().to_string(), failure("cancelled"));
  EXPECT_FALSE(std::filesystem::exists(scratch.file("started.txt")));
}

TEST_F(ListPlaywrightTests, a_project_without_node_modules_says_to_install_it) {
  auto tests = list_playwright_tests(options());

  ASSERT_FALSE(tests);
  EXPECT_EQ(tests.error().to_string(),
            failure("no Playwright in it: " + scratch.path().string() +
                    "/node_modules/.bin/playwright is missing (run npm ci there)"));
}

TEST_F(ListPlaywrightTests, a_missing_folder_says_so) {
  auto list = options();
  list.dir = scratch.file("nowhere");

  auto tests = list_playwright_tests(list);

  ASSERT_FALSE(tests);
  EXPECT_EQ(tests.error().to_string(),
            "playwright: cannot list tests in \"" + list.dir + "\": No such file or directory");
}

} // namespace
} // namespace shardline
