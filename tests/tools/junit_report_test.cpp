#include "tools/junit_report.hpp"

#include <gtest/gtest.h>

namespace shardline::cli {
namespace {

TestResult result(std::string id, std::string path, std::string title, TestStatus status,
                  int attempt = 1) {
  TestResult r;
  r.test_id = std::move(id);
  r.test_path = std::move(path);
  r.test_name = std::move(title);
  r.status = status;
  r.attempt = attempt;
  r.duration_ms = 1500;
  return r;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(JunitReport, one_suite_per_file_and_one_case_per_test) {
  auto xml = junit_report({result("a1", "a.spec.ts", "one", TestStatus::passed),
                           result("b1", "b.spec.ts", "two", TestStatus::passed),
                           result("a2", "a.spec.ts", "three", TestStatus::passed)});
  EXPECT_TRUE(contains(xml, "<testsuites name=\"shardline\" tests=\"3\" failures=\"0\""));
  EXPECT_TRUE(contains(xml, "<testsuite name=\"a.spec.ts\" tests=\"2\""));
  EXPECT_TRUE(contains(xml, "<testsuite name=\"b.spec.ts\" tests=\"1\""));
  EXPECT_TRUE(contains(xml, "<testcase classname=\"a.spec.ts\" name=\"three\" time=\"1.500\"/>"))
      << xml;
}

TEST(JunitReport, a_failure_carries_its_message_and_stack) {
  auto failed = result("a", "a.spec.ts", "pays", TestStatus::failed);
  failed.error = "expected 2 to be 3";
  failed.error_stack = "at pay (a.spec.ts:3)";
  auto xml = junit_report({failed});
  EXPECT_TRUE(contains(xml, "failures=\"1\""));
  EXPECT_TRUE(contains(
      xml,
      "<failure message=\"expected 2 to be 3\" type=\"failed\">at pay (a.spec.ts:3)</failure>"))
      << xml;
}

TEST(JunitReport, only_the_final_attempt_counts_and_a_flaky_pass_is_marked) {
  auto first = result("a", "a.spec.ts", "pays", TestStatus::failed, 1);
  auto second = result("a", "a.spec.ts", "pays", TestStatus::passed, 2);
  second.flaky = true;
  auto xml = junit_report({first, second});
  EXPECT_TRUE(contains(xml, "tests=\"1\" failures=\"0\""));
  EXPECT_TRUE(contains(xml, "<property name=\"flaky\" value=\"true\"/>"));
  EXPECT_TRUE(contains(xml, "<property name=\"attempts\" value=\"2\"/>"));
  EXPECT_FALSE(contains(xml, "<failure"));
}

TEST(JunitReport, a_test_without_its_video_says_why_in_a_property) {
  auto passed = result("a", "a.spec.ts", "pays", TestStatus::passed);
  passed.video_unavailable = "no \"ffmpeg\" here";
  auto xml = junit_report({passed});
  EXPECT_TRUE(contains(xml, "<properties>\n        <property name=\"videoUnavailable\" "
                            "value=\"no &quot;ffmpeg&quot; here\"/>\n      </properties>"))
      << xml;
  EXPECT_FALSE(contains(xml, "flaky"));
}

TEST(JunitReport, skipped_and_timed_out_tests) {
  auto skipped = result("s", "a.spec.ts", "later", TestStatus::skipped);
  skipped.error = "cancelled";
  auto xml = junit_report({skipped, result("t", "a.spec.ts", "slow", TestStatus::timed_out)});
  EXPECT_TRUE(contains(xml, "<skipped message=\"cancelled\"/>"));
  EXPECT_TRUE(contains(xml, "type=\"timedOut\""));
  EXPECT_TRUE(contains(xml, "skipped=\"1\""));
}

TEST(JunitReport, escapes_markup_and_drops_forbidden_characters) {
  auto failed = result("x", "a&b.spec.ts", "<tag> \"q\" 'a'", TestStatus::failed);
  failed.error = std::string("bad \x1b[31mred\x1b[0m\x01 & worse");
  auto xml = junit_report({failed});
  EXPECT_TRUE(contains(xml, "classname=\"a&amp;b.spec.ts\""));
  EXPECT_TRUE(contains(xml, "name=\"&lt;tag&gt; &quot;q&quot; &apos;a&apos;\""));
  EXPECT_TRUE(contains(xml, "message=\"bad [31mred[0m &amp; worse\"")) << xml;
  EXPECT_FALSE(contains(xml, "\x1b"));
}

TEST(JunitReport, the_same_test_in_two_projects_is_named_with_its_project) {
  auto desktop = result("a@main", "a.spec.ts", "pays", TestStatus::passed);
  desktop.project = "main";
  auto mobile = result("a@mobile", "a.spec.ts", "pays", TestStatus::passed);
  mobile.project = "mobile";
  auto alone = result("b", "a.spec.ts", "refunds", TestStatus::passed);
  alone.project = "main";

  auto xml = junit_report({desktop, mobile, alone});

  EXPECT_TRUE(contains(xml, "name=\"[main] pays\"")) << xml;
  EXPECT_TRUE(contains(xml, "name=\"[mobile] pays\""));
  EXPECT_TRUE(contains(xml, "name=\"refunds\"")) << "a name that is unique stays as it is";
  EXPECT_TRUE(contains(xml, "<property name=\"project\" value=\"mobile\"/>"));
}

TEST(JunitReport, a_flaky_pass_in_one_run_counts_the_runner_tries) {
  auto passed = result("a", "a.spec.ts", "pays", TestStatus::passed);
  passed.flaky = true;
  passed.runner_attempts = {RunnerAttempt{}};

  EXPECT_TRUE(contains(junit_report({passed}), "<property name=\"attempts\" value=\"2\"/>"));
}

TEST(JunitReport, annotations_are_properties_and_attachments_are_named_in_the_output) {
  auto skipped = result("a", "a.spec.ts", "pays", TestStatus::skipped);
  skipped.annotations = {{"skip", "not on CI"}, {"slow", std::nullopt}};
  skipped.skip_reason = "not on CI";
  skipped.attachments = {{"notes", "text/plain", "/api/artifacts/s/a/notes-0.txt"},
                         {"lost", "text/plain", std::nullopt}};

  auto xml = junit_report({skipped});

  EXPECT_TRUE(contains(xml, "<property name=\"skip\" value=\"not on CI\"/>")) << xml;
  EXPECT_TRUE(contains(xml, "<property name=\"slow\" value=\"\"/>"));
  EXPECT_TRUE(contains(xml, "<skipped message=\"not on CI\"/>"));
  EXPECT_TRUE(
      contains(xml, "<system-out>[[ATTACHMENT|/api/artifacts/s/a/notes-0.txt]]\n</system-out>"));
}

TEST(JunitReport, an_empty_run_is_still_a_valid_document) {
  EXPECT_EQ(junit_report({}), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<testsuites name=\"shardline\" tests=\"0\" failures=\"0\" "
                              "errors=\"0\" skipped=\"0\" time=\"0.000\">\n</testsuites>\n");
}

} // namespace
} // namespace shardline::cli
