#include "tools/exit_code.hpp"
#include "tools/history_command.hpp"

#include "runners/playwright_discovery.hpp"
#include "runners/playwright_report.hpp"
#include "store/history_db.hpp"
#include "store/store_file.hpp"
#include "tests/support/scratch_dir.hpp"
#include "tests/support/shell.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

// `shardline history import` of a report that Playwright's own runner wrote
// (the example's installed Playwright, no browser), and the property that
// matters: the tests shardline then lists carry the imported estimates.
// Skipped only when the example's node_modules is missing.

namespace shardline::cli {
namespace {

namespace fs = std::filesystem;

const fs::path example_modules = SHARDLINE_SOURCE_DIR "/examples/playwright/node_modules";

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

} // namespace
} // namespace shardline::cli
