#include "tools/exit_code.hpp"
#include "tools/history_command.hpp"

#include "model/json_text.hpp"
#include "model/test_file.hpp"
#include "runners/playwright_discovery.hpp"
#include "runners/playwright_report.hpp"
#include "store/history_db.hpp"
#include "store/store_file.hpp"
#include "tests/support/scratch_dir.hpp"
#include "tests/support/shell.hpp"
#include "tools/preview_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

// `shardline history import` of a report that Playwright's own runner wrote
// (the example's installed Playwright; its JSON reporter without a browser,
// its JUnit reporter over the bundled example in Debian's chromium), and the
// property that matters: the tests shardline then lists carry the imported
// estimates. Skipped only when the example's node_modules (or chromium) is
// missing. JUnit reports of command suites are keyed by a suite file.

namespace shardline::cli {
namespace {

namespace fs = std::filesystem;

const fs::path example_dir = SHARDLINE_SOURCE_DIR "/examples/playwright";
const fs::path example_modules = example_dir / "node_modules";

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST(PlaywrightReport, a_text_that_is_not_a_report_says_what_is_missing) {
  EXPECT_FALSE(playwright_report_results("{nope"));
  auto other = playwright_report_results(R"({"tests": []})");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("not a report of Playwright's JSON reporter"),
            std::string::npos);
}

TEST(HistoryImport, a_playwright_report_seeds_the_estimates_of_the_tests_shardline_lists) {
  if (!fs::exists(example_modules / ".bin" / "playwright"))
    GTEST_SKIP() << "run npm ci in examples/playwright";
  test_support::ScratchDir scratch;
  auto project = scratch.path() / "project";
  fs::create_directories(project);
  fs::create_directory_symlink(example_modules, project / "node_modules");
  write(project / "playwright.config.mjs",
        "export default { testDir: './tests', retries: 1,\n"
        "  projects: [{ name: 'desktop' }, { name: 'phone' }] };\n");
  write(project / "tests" / "shop.spec.mjs",
        "import { test, expect } from '@playwright/test';\n"
        "const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\n"
        "test('waits a while', async () => { await sleep(400); });\n"
        "test.describe('cart', () => {\n"
        "  test('fails once', async ({}, info) => { expect(info.retry).toBe(1); });\n"
        "});\n");
  auto report = scratch.path() / "report.json";
  auto ran = test_support::shell("cd " + project.string() +
                                 " && PLAYWRIGHT_JSON_OUTPUT_FILE=" + report.string() +
                                 " node_modules/.bin/playwright test --reporter=json");
  ASSERT_TRUE(fs::exists(report)) << ran.output;

  HistoryOptions options;
  options.question = "import";
  options.file = report.string();
  options.db = (scratch.path() / "shardline.db").string();
  std::ostringstream out, err;
  ASSERT_EQ(run_history(options, out, err), exit_ok) << err.str();
  EXPECT_NE(out.str().find("imported 6 attempts of 4 tests"), std::string::npos) << out.str();

  PlaywrightListOptions list;
  list.dir = project.string();
  auto tests = list_playwright_tests(list);
  ASSERT_TRUE(tests) << tests.error().to_string();
  ASSERT_EQ(tests->size(), 4u);
  auto db = open_store(options.db);
  ASSERT_TRUE(db);
  auto history = read_history(*db);
  ASSERT_TRUE(history);
  for (const auto& test : *tests) {
    const auto* known = history->find(test.id);
    ASSERT_NE(known, nullptr) << test.id << " (" << test.title << ") is not in the history";
    ASSERT_TRUE(known->estimated_duration_ms) << test.title;
    if (test.title == "waits a while") {
      EXPECT_GE(*known->estimated_duration_ms, 400);
    }
    if (test.title == "cart \u203a fails once") {
      EXPECT_EQ(known->flaky, 1) << "Playwright called it flaky";
    }
  }
}

// What `playwright test --grep @smoke` runs: the tag in the title or as a tag.
bool is_smoke(const TestFile& test) {
  return test.title.find("@smoke") != std::string::npos ||
         std::find(test.tags.begin(), test.tags.end(), "@smoke") != test.tags.end();
}

TEST(HistoryImport, a_junit_report_of_the_bundled_example_seeds_the_tests_shardline_lists) {
  if (!fs::exists(example_modules / ".bin" / "playwright"))
    GTEST_SKIP() << "run npm ci in examples/playwright";
  if (!fs::exists("/usr/bin/chromium") && std::getenv("PLAYWRIGHT_CHROMIUM_EXECUTABLE") == nullptr)
    GTEST_SKIP() << "no chromium (apt-get install chromium)";
  // Playwright's own runner, its junit reporter, the example's @smoke tests
  // (a quarter of the suite: the rest must stay without an estimate).
  test_support::ScratchDir scratch;
  auto report = scratch.path() / "junit.xml";
  auto ran = test_support::shell(
      "cd " + example_dir.string() + " && PLAYWRIGHT_JUNIT_OUTPUT_NAME=" + report.string() +
      " node_modules/.bin/playwright test --reporter=junit --grep @smoke --output " +
      (scratch.path() / "results").string());
  ASSERT_TRUE(fs::exists(report)) << ran.output;

  HistoryOptions options;
  options.question = "import";
  options.file = report.string();
  options.dir = example_dir.string();
  options.db = (scratch.path() / "shardline.db").string();
  std::ostringstream out, err;
  ASSERT_EQ(run_history(options, out, err), exit_ok) << err.str();
  EXPECT_EQ(err.str(), "") << "every testcase is a listed test";

  // The suite as `shardline run` lists it, planned by `shardline preview --db`.
  PlaywrightListOptions list;
  list.dir = example_dir.string();
  auto tests = list_playwright_tests(list);
  ASSERT_TRUE(tests) << tests.error().to_string();
  auto suite = nlohmann::json::array();
  std::size_t smoke = 0;
  for (const auto& test : *tests) {
    suite.push_back(encode(test));
    smoke += is_smoke(test) ? 1 : 0;
  }
  ASSERT_GT(smoke, 0u);
  ASSERT_LT(smoke, tests->size());
  EXPECT_NE(out.str().find("imported " + std::to_string(smoke) + " testcases"), std::string::npos)
      << out.str();
  auto suite_file = scratch.path() / "suite.json";
  write(suite_file, suite.dump());
  PreviewOptions preview;
  preview.input = suite_file.string();
  preview.db = options.db;
  preview.json = true;
  std::ostringstream planned, preview_err;
  ASSERT_EQ(run_preview(preview, planned, preview_err), exit_ok) << preview_err.str();
  auto plan = parse_json(planned.str());
  ASSERT_TRUE(plan) << planned.str();
  std::size_t seen = 0;
  for (const auto& allocation : (*plan)["allocations"])
    for (const auto& test : allocation["tests"]) {
      ++seen;
      auto title = test["title"].get<std::string>();
      auto listed = decode_test_file(test, "test");
      ASSERT_TRUE(listed);
      if (is_smoke(*listed)) {
        ASSERT_TRUE(test.contains("estimatedDurationMs")) << title << " has no estimate";
        EXPECT_GT(test["estimatedDurationMs"].get<std::int64_t>(), 0) << title;
      } else {
        EXPECT_FALSE(test.contains("estimatedDurationMs")) << title << " did not run";
      }
    }
  EXPECT_EQ(seen, tests->size());
}

class HistoryImportJunit : public ::testing::Test {
protected:
  HistoryImportJunit() {
    write(scratch.path() / "suite.json",
          R"({"tests": [{"path": "a.sh", "title": "sleep 0.2"}, {"path": "b.sh", "title": "false"},
                        {"path": "c.sh", "title": "never reported"}]})");
  }

  int import(const std::string& report_text) {
    write(report(), report_text);
    HistoryOptions options;
    options.question = "import";
    options.file = report().string();
    options.tests_file = (scratch.path() / "suite.json").string();
    options.db = db().string();
    return run(options);
  }

  int run(const HistoryOptions& options) {
    out.str({});
    err.str({});
    return run_history(options, out, err);
  }

  fs::path report() const { return scratch.path() / "report.xml"; }
  fs::path db() const { return scratch.path() / "shardline.db"; }

  test_support::ScratchDir scratch;
  std::ostringstream out;
  std::ostringstream err;
};

// A CI that ran the command suite without shardline: its testcases name the
// suite file's tests by path (classname) and title (name).
const char* const command_suite_report = R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="commands" hostname="ci-runner-7">
    <testcase classname="a.sh" name="sleep 0.2" time="0.211"/>
    <testcase classname="b.sh" name="false" time="0.005"><failure message="exit code 1"/></testcase>
    <testcase classname="gone.sh" name="deleted since" time="1.0"/>
  </testsuite>
</testsuites>
)";

TEST_F(HistoryImportJunit, seeds_the_tests_of_a_suite_file_by_path_and_name) {
  ASSERT_EQ(import(command_suite_report), exit_ok) << err.str();

  auto suite = (scratch.path() / "suite.json").string();
  EXPECT_EQ(out.str(), "imported 2 testcases from " + report().string() + " into " + db().string() +
                           " as one run: 2 of the 3 tests of " + suite + "\n");
  EXPECT_EQ(err.str(), "shardline history import: warning: 1 testcase of " + report().string() +
                           " is no test of " + suite + ":\n  gone.sh \u203a deleted since\n");
  auto store = open_store(db());
  ASSERT_TRUE(store);
  auto history = read_history(*store);
  ASSERT_TRUE(history);
  const auto* slept = history->find("a.sh::sleep 0.2");
  ASSERT_NE(slept, nullptr);
  EXPECT_EQ(slept->estimated_duration_ms, 211);
  const auto* failed = history->find("b.sh::false");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->last_status, TestStatus::failed);
  EXPECT_EQ(history->size(), 2u) << "nothing is kept under a key no run lists";
}

TEST_F(HistoryImportJunit, the_format_is_told_by_the_first_character) {
  std::string report_text = command_suite_report;
  auto without_declaration = report_text.substr(report_text.find("<testsuites>"));
  EXPECT_EQ(import("\xEF\xBB\xBF\n  " + without_declaration), exit_ok) << err.str();

  EXPECT_EQ(import("name,time\na,1\n"), exit_usage);
  EXPECT_EQ(err.str(), "shardline history import: " + report().string() +
                           ": neither a Playwright JSON report (which starts with {) nor JUnit "
                           "XML (which starts with <)\n");
  EXPECT_EQ(import(""), exit_usage);
  EXPECT_NE(err.str().find("neither a Playwright JSON report"), std::string::npos);
}

TEST_F(HistoryImportJunit, malformed_xml_is_one_line_naming_the_file_and_the_place) {
  EXPECT_EQ(import("<testsuites>\n  <testcase name=\"a\" time=\"1\">\n</testsuites>\n"),
            exit_usage);

  EXPECT_EQ(err.str(), "shardline history import: " + report().string() +
                           ": not well-formed XML: line 3, column 1: </testsuites> closes "
                           "<testcase> (opened at line 2)\n");
  EXPECT_FALSE(fs::exists(db())) << "nothing is made from a broken report";
}

TEST_F(HistoryImportJunit, a_report_that_names_no_listed_test_records_nothing) {
  EXPECT_EQ(import("<testsuite name=\"s\"><testcase classname=\"x.sh\" name=\"y\" "
                   "time=\"1\"/></testsuite>"),
            exit_usage);

  auto suite = (scratch.path() / "suite.json").string();
  EXPECT_NE(err.str().find("shardline history import: " + report().string() +
                           ": none of its 1 testcases is a test of " + suite +
                           "; name the project with --dir or the suite with --tests\n"),
            std::string::npos)
      << err.str();
  EXPECT_FALSE(fs::exists(db())) << "nothing is recorded";
}

TEST_F(HistoryImportJunit, a_suite_that_cannot_be_listed_says_why_keys_need_it) {
  write(report(), command_suite_report);
  HistoryOptions options;
  options.question = "import";
  options.file = report().string();
  options.dir = (scratch.path() / "no-project").string();
  options.db = db().string();
  fs::create_directories(options.dir);

  EXPECT_EQ(run(options), exit_usage);

  EXPECT_EQ(err.str().rfind("shardline history import: a JUnit report names tests by file and "
                            "name, so they are keyed as shardline lists the Playwright project "
                            "in " +
                                options.dir +
                                " (--dir, or --tests for a suite file); listing "
                                "it failed: ",
                            0),
            0u)
      << err.str();
}

TEST_F(HistoryImportJunit, suite_flags_belong_to_a_junit_import) {
  write(scratch.path() / "report.json", R"({"config": {}, "suites": []})");
  HistoryOptions options;
  options.question = "import";
  options.file = (scratch.path() / "report.json").string();
  options.tests_file = (scratch.path() / "suite.json").string();
  EXPECT_EQ(run(options), exit_usage);
  EXPECT_EQ(err.str(), "shardline history import: --tests and --project are for a JUnit report, "
                       "which names tests by file and name; " +
                           options.file +
                           " is a Playwright JSON report, which carries their ids\n");

  options.question = "slowest";
  EXPECT_EQ(run(options), exit_usage);
  EXPECT_EQ(err.str(), "shardline history: --tests and --project are for import (of a JUnit "
                       "report)\n");
}

TEST_F(HistoryImportJunit, testcases_left_out_are_warned_about_and_the_rest_imported) {
  ASSERT_EQ(import("<testsuite name=\"s\">\n<testcase classname=\"a.sh\" name=\"sleep 0.2\" "
                   "time=\"-0.2\"/>\n<testcase classname=\"b.sh\" name=\"false\" "
                   "time=\"0.1\"/>\n</testsuite>"),
            exit_ok)
      << err.str();

  EXPECT_EQ(err.str(), "shardline history import: warning: 1 testcase of " + report().string() +
                           " is left out:\n  line 2: testcase \"sleep 0.2\": time=\"-0.2\" is "
                           "negative; left out\n");
}

} // namespace
} // namespace shardline::cli
