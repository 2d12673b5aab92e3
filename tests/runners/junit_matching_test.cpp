#include "runners/junit_matching.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

// A JUnit testcase takes the id of the test shardline lists that it names;
// one that names none, or tests in several files, is reported, not guessed.

namespace shardline {
namespace {

TestFile listed(const std::string& id, const std::string& path, const std::string& title,
                const std::string& project = "") {
  TestFile test;
  test.id = id;
  test.path = path;
  test.title = title;
  test.project = project;
  return test;
}

TestResult reported(const std::string& path, const std::string& name,
                    const std::string& project = "", std::int64_t duration_ms = 100) {
  TestResult result;
  result.test_path = path;
  result.test_name = name;
  result.test_id = path + "::" + name;
  result.project = project;
  result.duration_ms = duration_ms;
  return result;
}

std::vector<std::string> ids(const JunitMatch& match) {
  std::vector<std::string> out;
  for (const auto& result : match.results)
    out.push_back(result.test_id);
  return out;
}

TEST(JunitMatching, a_file_named_from_the_test_folder_fits_the_path_listed_from_the_project) {
  std::vector<TestFile> tests{listed("f1-t1", "tests/auth/login.spec.ts", "login \u203a signs in"),
                              listed("f2-t2", "tests/cart/cart.spec.ts", "cart \u203a adds")};
  std::vector<TestResult> report{reported("auth/login.spec.ts", "login \u203a signs in", "", 3160)};

  auto match = match_listed_tests(report, tests);

  ASSERT_EQ(ids(match), std::vector<std::string>{"f1-t1"});
  EXPECT_EQ(match.tests, 1u);
  EXPECT_EQ(match.results[0].test_path, "tests/auth/login.spec.ts") << "as listed";
  EXPECT_EQ(match.results[0].duration_ms, 3160);
  EXPECT_TRUE(match.unmatched.empty());
}

TEST(JunitMatching, an_absolute_path_from_another_checkout_fits_too) {
  std::vector<TestFile> tests{listed("x", "tests/a.spec.ts", "works")};
  std::vector<TestResult> report{reported("/home/ci/build/tests/a.spec.ts", "works"),
                                 reported("C:\\ci\\tests\\a.spec.ts", "works")};

  EXPECT_EQ(ids(match_listed_tests(report, tests)), (std::vector<std::string>{"x", "x"}));
}

TEST(JunitMatching, a_suffix_must_end_at_a_folder_boundary) {
  std::vector<TestFile> tests{listed("x", "tests/xa.spec.ts", "works")};
  std::vector<TestResult> report{reported("a.spec.ts", "works")};

  auto match = match_listed_tests(report, tests);

  EXPECT_TRUE(match.results.empty());
  EXPECT_EQ(match.unmatched, std::vector<std::string>{"a.spec.ts \u203a works"});
}

TEST(JunitMatching, the_suite_hostname_picks_the_project_when_it_names_a_listed_one) {
  std::vector<TestFile> tests{listed("s1@desktop", "tests/shop.spec.ts", "pays", "desktop"),
                              listed("s1@phone", "tests/shop.spec.ts", "pays", "phone")};
  std::vector<TestResult> report{reported("shop.spec.ts", "pays", "desktop", 100),
                                 reported("shop.spec.ts", "pays", "phone", 300)};

  auto match = match_listed_tests(report, tests);

  ASSERT_EQ(ids(match), (std::vector<std::string>{"s1@desktop", "s1@phone"}));
  EXPECT_EQ(match.results[1].duration_ms, 300);
  EXPECT_EQ(match.results[1].project, "phone");
}

TEST(JunitMatching, a_machine_as_hostname_is_no_project_and_each_project_gets_the_result) {
  std::vector<TestFile> tests{listed("s1@desktop", "tests/shop.spec.ts", "pays", "desktop"),
                              listed("s1@phone", "tests/shop.spec.ts", "pays", "phone")};
  std::vector<TestResult> report{reported("shop.spec.ts", "pays", "ci-runner-7")};

  EXPECT_EQ(ids(match_listed_tests(report, tests)),
            (std::vector<std::string>{"s1@desktop", "s1@phone"}));
}

TEST(JunitMatching, a_report_that_names_projects_leaves_out_one_the_listing_lacks) {
  // `shardline run --project desktop`: phone's results are no test of that run.
  std::vector<TestFile> tests{listed("s1", "tests/shop.spec.ts", "pays", "desktop")};
  std::vector<TestResult> report{reported("shop.spec.ts", "pays", "desktop"),
                                 reported("shop.spec.ts", "pays", "phone")};

  auto match = match_listed_tests(report, tests);

  EXPECT_EQ(ids(match), std::vector<std::string>{"s1"});
  EXPECT_EQ(match.unmatched, std::vector<std::string>{"shop.spec.ts \u203a pays"});
}

TEST(JunitMatching, a_project_in_brackets_before_the_name_picks_the_project) {
  std::vector<TestFile> tests{listed("s1@desktop", "shop.spec.ts", "pays", "desktop"),
                              listed("s1@phone", "shop.spec.ts", "pays", "phone")};
  std::vector<TestResult> report{reported("shop.spec.ts", "[phone] pays")};

  EXPECT_EQ(ids(match_listed_tests(report, tests)), std::vector<std::string>{"s1@phone"});
}

TEST(JunitMatching, a_suite_files_ids_match_by_path_and_name_or_by_name) {
  std::vector<TestFile> tests{listed("a.sh::sleep 0.2", "a.sh", "sleep 0.2"),
                              listed("checkout-flow", "flows/checkout.sh", "the whole checkout")};
  std::vector<TestResult> report{reported("a.sh", "sleep 0.2"),
                                 reported("com.example.Flows", "checkout-flow")};

  EXPECT_EQ(ids(match_listed_tests(report, tests)),
            (std::vector<std::string>{"a.sh::sleep 0.2", "checkout-flow"}));
}

TEST(JunitMatching, fits_in_several_files_are_ambiguous_and_an_equal_path_beats_a_suffix) {
  std::vector<TestFile> tests{listed("a", "a/x.spec.ts", "works"),
                              listed("b", "b/x.spec.ts", "works"), listed("c", "x.spec.ts", "runs"),
                              listed("d", "tests/x.spec.ts", "runs")};
  std::vector<TestResult> report{reported("x.spec.ts", "works"), reported("b/x.spec.ts", "works"),
                                 reported("x.spec.ts", "runs")};

  auto match = match_listed_tests(report, tests);

  EXPECT_EQ(ids(match), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(match.ambiguous, std::vector<std::string>{"x.spec.ts \u203a works"});
}

TEST(JunitMatching, several_testcases_of_one_test_are_its_attempts_in_report_order) {
  std::vector<TestFile> tests{listed("t", "a.spec.ts", "works")};
  auto failed = reported("a.spec.ts", "works", "", 200);
  failed.status = TestStatus::failed;
  std::vector<TestResult> report{failed, reported("a.spec.ts", "works", "", 100)};

  auto match = match_listed_tests(report, tests);

  ASSERT_EQ(match.results.size(), 2u);
  EXPECT_EQ(match.results[0].attempt, 1);
  EXPECT_EQ(match.results[1].attempt, 2);
  EXPECT_EQ(match.results[1].retry_count, 1);
  EXPECT_EQ(match.tests, 1u);
}

} // namespace
} // namespace shardline
