// The units of a Playwright listing: which tests run together, as
// Playwright's own test groups decide, from the facts units-reporter.cjs
// writes or, without them, from the JSON listing alone.

#include "runners/playwright_discovery.hpp"
#include "runners/playwright_units.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shardline {
namespace {

SuiteFacts project(bool fully_parallel) {
  return {"project", "desktop", fully_parallel ? "parallel" : "none", false};
}
SuiteFacts file(std::string mode = "none") {
  return {"file", "cart.spec.ts", std::move(mode), false};
}
SuiteFacts describe(std::string title, std::string mode = "none", bool hooks = false) {
  return {"describe", std::move(title), std::move(mode), hooks};
}

// -- the rules ------------------------------------------------------------------

TEST(PlaywrightUnit, without_fully_parallel_a_file_runs_whole) {
  std::vector<SuiteFacts> chain{project(false), file(), describe("checkout")};
  EXPECT_EQ(playwright_unit("desktop", "tests/cart.spec.ts", chain),
            "[desktop] tests/cart.spec.ts");
}

TEST(PlaywrightUnit, with_fully_parallel_a_test_is_a_unit_of_its_own) {
  std::vector<SuiteFacts> chain{project(true), file(), describe("checkout")};
  EXPECT_EQ(playwright_unit("desktop", "tests/cart.spec.ts", chain), "");
}

TEST(PlaywrightUnit, a_serial_describe_runs_whole_even_when_fully_parallel) {
  std::vector<SuiteFacts> chain{project(true), file(), describe("checkout", "serial"),
                                describe("by card")};
  EXPECT_EQ(playwright_unit("desktop", "tests/cart.spec.ts", chain),
            "[desktop] tests/cart.spec.ts \u203a checkout");
}

TEST(PlaywrightUnit, the_outermost_serial_describe_is_the_unit) {
  std::vector<SuiteFacts> chain{project(true), file(), describe("outer", "serial"),
                                describe("inner", "serial")};
  EXPECT_EQ(playwright_unit("", "a.spec.ts", chain), "a.spec.ts \u203a outer");
}

TEST(PlaywrightUnit, a_file_configured_serial_runs_whole) {
  std::vector<SuiteFacts> chain{project(true), file("serial")};
  EXPECT_EQ(playwright_unit("desktop", "tests/cart.spec.ts", chain),
            "[desktop] tests/cart.spec.ts");
}

TEST(PlaywrightUnit, a_parallel_describe_in_a_file_that_is_not_parallel_splits_it) {
  std::vector<SuiteFacts> chain{project(false), file(), describe("many", "parallel")};
  EXPECT_EQ(playwright_unit("desktop", "tests/cart.spec.ts", chain), "");
}

TEST(PlaywrightUnit, a_default_mode_describe_inside_a_parallel_project_runs_whole) {
  std::vector<SuiteFacts> chain{project(true), file(), describe("in order", "default")};
  EXPECT_EQ(playwright_unit("desktop", "tests/cart.spec.ts", chain),
            "[desktop] tests/cart.spec.ts \u203a in order");
}

TEST(PlaywrightUnit, hooks_inside_fully_parallel_leave_each_test_alone) {
  // Playwright runs beforeAll/afterAll once per worker for what that worker
  // runs: a test alone gets its hooks as it would there.
  std::vector<SuiteFacts> chain{project(true), file(), describe("with setup", "none", true)};
  EXPECT_EQ(playwright_unit("desktop", "tests/cart.spec.ts", chain), "");
}

TEST(PlaywrightUnit, hooks_without_fully_parallel_keep_the_file_whole) {
  std::vector<SuiteFacts> chain{project(false), file(), describe("with setup", "none", true)};
  EXPECT_EQ(playwright_unit("desktop", "tests/cart.spec.ts", chain),
            "[desktop] tests/cart.spec.ts");
}

// -- serial groups: what a retry reruns whole ----------------------------------------

TEST(PlaywrightSerialGroup, the_outermost_serial_describe_is_the_group) {
  std::vector<SuiteFacts> chain{project(true), file(), describe("outer", "serial"),
                                describe("inner", "serial")};
  EXPECT_EQ(playwright_serial_group("", "a.spec.ts", chain), "a.spec.ts \u203a outer");
}

TEST(PlaywrightSerialGroup, a_serial_describe_in_a_file_that_runs_whole_is_a_group_within_it) {
  std::vector<SuiteFacts> chain{project(false), file(), describe("checkout", "serial"),
                                describe("by card")};
  EXPECT_EQ(playwright_unit("desktop", "tests/cart.spec.ts", chain),
            "[desktop] tests/cart.spec.ts");
  EXPECT_EQ(playwright_serial_group("desktop", "tests/cart.spec.ts", chain),
            "[desktop] tests/cart.spec.ts \u203a checkout");
}

TEST(PlaywrightSerialGroup, a_file_configured_serial_is_the_group) {
  std::vector<SuiteFacts> chain{project(true), file("serial"), describe("checkout")};
  EXPECT_EQ(playwright_serial_group("desktop", "tests/cart.spec.ts", chain),
            "[desktop] tests/cart.spec.ts");
}

TEST(PlaywrightSerialGroup, a_default_mode_describe_keeps_its_order_but_is_no_group) {
  // Playwright retries only the failed test of a `mode: 'default'` describe.
  std::vector<SuiteFacts> chain{project(true), file(), describe("in order", "default")};
  EXPECT_EQ(playwright_serial_group("desktop", "tests/cart.spec.ts", chain), "");
}

TEST(PlaywrightSerialGroup, a_file_without_serial_mode_has_none) {
  std::vector<SuiteFacts> chain{project(false), file(), describe("checkout")};
  EXPECT_EQ(playwright_serial_group("desktop", "tests/cart.spec.ts", chain), "");
}

// -- from a listing -----------------------------------------------------------------

// Trimmed from `playwright test --list --reporter=json` (1.65): a config with
// fullyParallel, one file with a serial describe (Playwright annotates its
// tests with {type: "serial", location}), a describe with hooks and a lone
// test; two projects, `phone` only for the lone test.
const std::string listing = R"({
  "config": {"rootDir": "/srv/shop/tests", "fullyParallel": true},
  "suites": [
    {"title": "cart.spec.ts", "file": "cart.spec.ts", "line": 0, "column": 0,
     "specs": [
       {"title": "lone", "tags": [], "id": "f-1", "file": "cart.spec.ts", "line": 30, "column": 1,
        "tests": [{"projectName": "desktop", "annotations": []},
                  {"projectName": "phone", "annotations": []}]}],
     "suites": [
       {"title": "checkout", "file": "cart.spec.ts", "line": 3, "column": 17,
        "specs": [
          {"title": "add", "tags": [], "id": "f-2", "file": "cart.spec.ts", "line": 4, "column": 3,
           "tests": [{"projectName": "desktop", "annotations": [
             {"type": "serial", "location": {"file": "/srv/shop/tests/cart.spec.ts", "line": 3, "column": 17}}]}]},
          {"title": "pay", "tags": [], "id": "f-3", "file": "cart.spec.ts", "line": 8, "column": 3,
           "tests": [{"projectName": "desktop", "annotations": [
             {"type": "serial", "location": {"file": "/srv/shop/tests/cart.spec.ts", "line": 3, "column": 17}}]}]}]},
       {"title": "with setup", "file": "cart.spec.ts", "line": 14, "column": 6,
        "specs": [
          {"title": "one", "tags": [], "id": "f-4", "file": "cart.spec.ts", "line": 18, "column": 3,
           "tests": [{"projectName": "desktop", "annotations": []}]},
          {"title": "two", "tags": [], "id": "f-5", "file": "cart.spec.ts", "line": 22, "column": 3,
           "tests": [{"projectName": "desktop", "annotations": []}]}]}]}]
})";

// What units-reporter.cjs writes for the same project when `phone` has
// fullyParallel: false of its own (which the listing cannot show).
const std::string facts_text = R"({"version": 1, "tests": [
  {"project": "desktop", "file": "cart.spec.ts", "line": 4, "column": 3, "title": "add",
   "chain": [{"kind": "project", "title": "desktop", "mode": "parallel", "hooks": false},
             {"kind": "file", "title": "cart.spec.ts", "mode": "none", "hooks": false},
             {"kind": "describe", "title": "checkout", "mode": "serial", "hooks": false}]},
  {"project": "desktop", "file": "cart.spec.ts", "line": 8, "column": 3, "title": "pay",
   "chain": [{"kind": "project", "title": "desktop", "mode": "parallel", "hooks": false},
             {"kind": "file", "title": "cart.spec.ts", "mode": "none", "hooks": false},
             {"kind": "describe", "title": "checkout", "mode": "serial", "hooks": false}]},
  {"project": "desktop", "file": "cart.spec.ts", "line": 18, "column": 3, "title": "one",
   "chain": [{"kind": "project", "title": "desktop", "mode": "parallel", "hooks": false},
             {"kind": "file", "title": "cart.spec.ts", "mode": "none", "hooks": false},
             {"kind": "describe", "title": "with setup", "mode": "none", "hooks": true}]},
  {"project": "desktop", "file": "cart.spec.ts", "line": 22, "column": 3, "title": "two",
   "chain": [{"kind": "project", "title": "desktop", "mode": "parallel", "hooks": false},
             {"kind": "file", "title": "cart.spec.ts", "mode": "none", "hooks": false},
             {"kind": "describe", "title": "with setup", "mode": "none", "hooks": true}]},
  {"project": "desktop", "file": "cart.spec.ts", "line": 30, "column": 1, "title": "lone",
   "chain": [{"kind": "project", "title": "desktop", "mode": "parallel", "hooks": false},
             {"kind": "file", "title": "cart.spec.ts", "mode": "none", "hooks": false}]},
  {"project": "phone", "file": "cart.spec.ts", "line": 30, "column": 1, "title": "lone",
   "chain": [{"kind": "project", "title": "phone", "mode": "none", "hooks": false},
             {"kind": "file", "title": "cart.spec.ts", "mode": "none", "hooks": false}]}
]})";

std::vector<std::string> units_of(const std::vector<TestFile>& tests) {
  std::vector<std::string> units;
  for (const auto& test : tests)
    units.push_back(test.unit);
  return units;
}

const std::string checkout = "[desktop] tests/cart.spec.ts \u203a checkout";

TEST(PlaywrightListUnits, the_facts_of_the_units_reporter_decide) {
  auto facts = PlaywrightUnitFacts::parse(facts_text);
  ASSERT_TRUE(facts) << facts.error().to_string();
  EXPECT_EQ(facts->size(), 6U);

  auto tests = parse_playwright_list(listing, "/srv/shop", &*facts);

  ASSERT_TRUE(tests) << tests.error().to_string();
  // In line order: add, pay (serial), one, two (hooks, fully parallel), lone x2.
  EXPECT_EQ(units_of(*tests), (std::vector<std::string>{checkout, checkout, "", "", "",
                                                        "[phone] tests/cart.spec.ts"}));
}

TEST(PlaywrightListUnits, without_facts_the_listing_shows_serial_describes_and_fully_parallel) {
  auto tests = parse_playwright_list(listing, "/srv/shop");

  ASSERT_TRUE(tests) << tests.error().to_string();
  // The phone project's own fullyParallel: false is not in the listing.
  EXPECT_EQ(units_of(*tests), (std::vector<std::string>{checkout, checkout, "", "", "", ""}));
}

std::vector<std::string> serial_groups_of(const std::vector<TestFile>& tests) {
  std::vector<std::string> groups;
  for (const auto& test : tests)
    groups.push_back(test.serial_group);
  return groups;
}

TEST(PlaywrightListUnits, the_serial_describe_is_a_serial_group_with_facts_or_without) {
  auto facts = PlaywrightUnitFacts::parse(facts_text);
  ASSERT_TRUE(facts) << facts.error().to_string();
  auto with_facts = parse_playwright_list(listing, "/srv/shop", &*facts);
  auto without = parse_playwright_list(listing, "/srv/shop");

  ASSERT_TRUE(with_facts) << with_facts.error().to_string();
  ASSERT_TRUE(without) << without.error().to_string();
  auto expected = std::vector<std::string>{checkout, checkout, "", "", "", ""};
  EXPECT_EQ(serial_groups_of(*with_facts), expected);
  EXPECT_EQ(serial_groups_of(*without), expected);
}

TEST(PlaywrightListUnits, without_facts_or_fully_parallel_every_file_runs_whole) {
  auto text = std::string(listing);
  text.replace(text.find("\"fullyParallel\": true"), 21, "\"fullyParallel\": false");

  auto tests = parse_playwright_list(text, "/srv/shop");

  ASSERT_TRUE(tests) << tests.error().to_string();
  for (const auto& test : *tests)
    EXPECT_EQ(test.unit, "[" + test.project + "] tests/cart.spec.ts") << test.title;
}

TEST(PlaywrightListUnits, a_test_the_facts_do_not_name_falls_back_to_the_listing) {
  auto facts = PlaywrightUnitFacts::parse(R"({"version": 1, "tests": []})");
  ASSERT_TRUE(facts);

  auto tests = parse_playwright_list(listing, "/srv/shop", &*facts);

  ASSERT_TRUE(tests);
  EXPECT_EQ((*tests)[0].unit, checkout);
}

TEST(PlaywrightListUnits, facts_that_are_not_a_document_are_an_error) {
  auto facts = PlaywrightUnitFacts::parse("[1, 2");
  ASSERT_FALSE(facts);
  EXPECT_NE(facts.error().message.find("the units reporter wrote"), std::string::npos);
}

} // namespace
} // namespace shardline
