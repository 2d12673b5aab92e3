#include "runners/junit_report.hpp"

#include "model/test_result.hpp"
#include "tools/junit_report.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

// JUnit XML as the common tools write it, read into results for the
// history. The samples are trimmed copies of real reports: Playwright
// 1.65's junit reporter (with and without includeRetries), maven-surefire
// 3, pytest (xunit2 and xunit1), jest-junit, a Jenkins-style nesting, and
// shardline's own --junit.

namespace shardline {
namespace {

JunitReport read(const std::string& xml) {
  auto report = junit_report_results(xml);
  EXPECT_TRUE(report) << report.error().message;
  return report ? *report : JunitReport{};
}

const char* const playwright_report =
    R"(<testsuites id="" name="" tests="4" failures="1" skipped="1" errors="0" time="11.108312">
<testsuite name="sub/shop.spec.mjs" timestamp="2026-12-05T12:53:54.862Z" hostname="desktop" tests="4" failures="1" skipped="1" time="0.088" errors="0">
<testcase name="passes" classname="sub/shop.spec.mjs" time="0.008">
</testcase>
<testcase name="cart › fails &lt;always&gt; &amp; &quot;quotes&quot;" classname="sub/shop.spec.mjs" time="0.04">
<system-out>
<![CDATA[[31mred[0m

[[ATTACHMENT|test-results/sub-shop-cart-fails-always-quotes--desktop/error-context.md]]
]]>
</system-out>
<failure message="expect(received).toBe(expected) // Object.is equality" type="expect.toBe">
<![CDATA[  [desktop] › sub/shop.spec.mjs:4:3 › cart › fails <always> & "quotes" ───

    Error: expect(received).toBe(expected) // Object.is equality
]]>
</failure>
</testcase>
<testcase name="cart › flaky once" classname="sub/shop.spec.mjs" time="0.024">
<flakyFailure message="expect(received).toBe(expected) // Object.is equality" type="expect.toBe" time="0.03">
<stackTrace>
<![CDATA[Error: expect(received).toBe(expected) // Object.is equality]]>
</stackTrace>
</flakyFailure>
</testcase>
<testcase name="cart › skipped" classname="sub/shop.spec.mjs">
<properties>
<property name="skip" value="">
</property>
</properties>
<skipped>
</skipped>
</testcase>
</testsuite>
</testsuites>)";

TEST(JunitImport, reads_playwrights_report_with_its_project_failures_flaky_and_skipped_tests) {
  auto report = read(playwright_report);

  ASSERT_EQ(report.results.size(), 4u);
  EXPECT_TRUE(report.left_out.empty());
  const auto& passed = report.results[0];
  EXPECT_EQ(passed.test_path, "sub/shop.spec.mjs");
  EXPECT_EQ(passed.test_name, "passes");
  EXPECT_EQ(passed.test_id, "sub/shop.spec.mjs::passes");
  EXPECT_EQ(passed.project, "desktop") << "Playwright's suite hostname is the project";
  EXPECT_EQ(passed.status, TestStatus::passed);
  EXPECT_EQ(passed.duration_ms, 8);
  EXPECT_EQ(passed.attempt, 1);

  const auto& failed = report.results[1];
  EXPECT_EQ(failed.test_name, "cart \u203a fails <always> & \"quotes\"");
  EXPECT_EQ(failed.status, TestStatus::failed);
  EXPECT_EQ(failed.duration_ms, 40);
  EXPECT_EQ(failed.error, "expect(received).toBe(expected) // Object.is equality");
  ASSERT_TRUE(failed.error_stack);
  EXPECT_NE(failed.error_stack->find("fails <always> & \"quotes\""), std::string::npos);

  EXPECT_EQ(report.results[2].status, TestStatus::passed);
  EXPECT_TRUE(report.results[2].flaky) << "a flakyFailure beside a pass";
  EXPECT_EQ(report.results[3].status, TestStatus::skipped);
  EXPECT_EQ(report.results[3].duration_ms, 0) << "Playwright gives a skipped test no time";
}

TEST(JunitImport, reads_maven_surefire_failures_errors_skips_and_flaky_reruns) {
  auto report = read(R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0" name="com.example.CartTest" time="1.234" tests="5" errors="1" skipped="1" failures="1">
  <properties>
    <property name="java.version" value="17.0.2"/>
  </properties>
  <testcase name="addsItem" classname="com.example.CartTest" time="0.512"/>
  <testcase name="removesItem" classname="com.example.CartTest" time="0.1">
    <failure message="expected: &lt;1&gt; but was: &lt;2&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <1> but was: <2>
	at com.example.CartTest.removesItem(CartTest.java:20)]]></failure>
  </testcase>
  <testcase name="connects" classname="com.example.CartTest" time="0.3">
    <error message="Connection refused" type="java.net.ConnectException">java.net.ConnectException: Connection refused&#27;[0m</error>
  </testcase>
  <testcase name="later" classname="com.example.CartTest" time="0">
    <skipped message="not yet"/>
  </testcase>
  <testcase name="retried" classname="com.example.CartTest" time="0.2">
    <flakyFailure message="boom" type="java.lang.AssertionError"><stackTrace>boom</stackTrace></flakyFailure>
  </testcase>
</testsuite>)");

  ASSERT_EQ(report.results.size(), 5u);
  EXPECT_EQ(report.results[0].test_path, "com.example.CartTest") << "the class, as surefire says";
  EXPECT_EQ(report.results[0].duration_ms, 512);
  EXPECT_EQ(report.results[1].status, TestStatus::failed);
  EXPECT_EQ(report.results[1].error, "expected: <1> but was: <2>");
  EXPECT_EQ(report.results[2].status, TestStatus::failed) << "an <error> is a failure";
  EXPECT_EQ(report.results[2].error_stack, "java.net.ConnectException: Connection refused[0m");
  EXPECT_EQ(report.results[3].status, TestStatus::skipped);
  EXPECT_EQ(report.results[3].skip_reason, "not yet");
  EXPECT_TRUE(report.results[4].flaky);
  EXPECT_EQ(report.results[4].status, TestStatus::passed);
}

TEST(JunitImport, reads_pytest_with_and_without_the_file_attribute) {
  auto report = read(
      R"(<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="1" skipped="1" tests="4" time="0.050" timestamp="2024-01-01T00:00:00.000000" hostname="ci-runner-7"><testcase classname="tests.test_cart" name="test_adds" time="0.001" /><testcase classname="tests.test_cart" name="test_removes" time="0.002"><failure message="assert 1 == 2">def test_removes():
&gt;       assert 1 == 2
E       assert 1 == 2

tests/test_cart.py:5: AssertionError</failure></testcase><testcase classname="tests.test_cart" name="test_later" time="0.000"><skipped type="pytest.skip" message="not ready">tests/test_cart.py:7: not ready</skipped></testcase><testcase classname="tests.test_cart.TestPay" name="test_pays" file="tests/test_cart.py" line="12" time="1.25" /></testsuite></testsuites>)");

  ASSERT_EQ(report.results.size(), 4u);
  EXPECT_EQ(report.results[0].test_path, "tests.test_cart");
  EXPECT_EQ(report.results[0].project, "ci-runner-7") << "a machine; matching ignores it";
  EXPECT_EQ(report.results[1].error, "assert 1 == 2");
  EXPECT_EQ(report.results[2].skip_reason, "not ready");
  EXPECT_EQ(report.results[3].test_path, "tests/test_cart.py") << "file wins over classname";
  EXPECT_EQ(report.results[3].duration_ms, 1250);
}

TEST(JunitImport, reads_jest_junit_whose_failure_has_only_text) {
  auto report = read(R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="2" failures="1" errors="0" time="1.5">
  <testsuite name="cart" errors="0" failures="1" skipped="0" timestamp="2024-01-01T00:00:00" time="1.2" tests="2">
    <testcase classname="cart adds an item" name="cart adds an item" time="0.4">
    </testcase>
    <testcase classname="cart removes an item" name="cart removes an item" time="0.8" file="src/cart.test.js">
      <failure>
Error: expect(received).toBe(expected)
    at Object.&lt;anonymous&gt; (src/cart.test.js:10:5)</failure>
    </testcase>
  </testsuite>
</testsuites>)");

  ASSERT_EQ(report.results.size(), 2u);
  EXPECT_EQ(report.results[1].test_path, "src/cart.test.js");
  EXPECT_EQ(report.results[1].error, "Error: expect(received).toBe(expected)")
      << "the text's first line stands for the missing message";
}

TEST(JunitImport, nested_suites_hand_their_file_down_and_a_lone_testsuite_is_a_report) {
  auto report = read(R"(<testsuites>
  <testsuite name="outer" file="spec/cart_spec.rb">
    <testsuite name="inner"><testcase name="adds" time="1"/></testsuite>
  </testsuite>
  <testsuite name="bare"><testcase name="has no class" time="2"/></testsuite>
</testsuites>)");

  ASSERT_EQ(report.results.size(), 2u);
  EXPECT_EQ(report.results[0].test_path, "spec/cart_spec.rb");
  EXPECT_EQ(report.results[1].test_path, "bare") << "the suite's name when nothing else";
  EXPECT_EQ(read("<testsuite name=\"s\"><testcase name=\"t\" time=\"3\"/></testsuite>")
                .results.at(0)
                .duration_ms,
            3000);
}

TEST(JunitImport, shardlines_own_report_reads_back_with_project_flaky_and_timed_out) {
  TestResult flaky;
  flaky.test_id = "a@phone";
  flaky.test_path = "shop.spec.ts";
  flaky.test_name = "pays";
  flaky.project = "phone";
  flaky.duration_ms = 1250;
  flaky.flaky = true;
  TestResult timed_out = flaky;
  timed_out.test_id = "b";
  timed_out.test_name = "waits";
  timed_out.flaky = false;
  timed_out.status = TestStatus::timed_out;
  timed_out.error = "Test timeout of 30000ms exceeded.";

  auto report = read(cli::junit_report({flaky, timed_out}));

  ASSERT_EQ(report.results.size(), 2u);
  EXPECT_EQ(report.results[0].project, "phone");
  EXPECT_TRUE(report.results[0].flaky);
  EXPECT_EQ(report.results[0].duration_ms, 1250);
  EXPECT_EQ(report.results[1].status, TestStatus::timed_out);
  EXPECT_EQ(report.results[1].error, "Test timeout of 30000ms exceeded.");
}

TEST(JunitImport, a_testcase_without_a_usable_time_is_left_out_with_the_reason) {
  auto report = read(R"(<testsuite name="s">
<testcase name="ok" time=" 2.5 "/>
<testcase name="tiny" time="1.5e-3"/>
<testcase name="negative" time="-1"/>
<testcase name="nan" time="NaN"/>
<testcase name="infinite" time="inf"/>
<testcase name="huge" time="1e9"/>
<testcase name="comma" time="1,234"/>
<testcase name="hex" time="0x10"/>
<testcase name="empty" time=""/>
<testcase name="missing"/>
<testcase name="skipped without time"><skipped/></testcase>
<testcase time="1"/>
</testsuite>)");

  ASSERT_EQ(report.results.size(), 3u);
  EXPECT_EQ(report.results[0].duration_ms, 2500);
  EXPECT_EQ(report.results[1].duration_ms, 2);
  EXPECT_EQ(report.results[2].status, TestStatus::skipped);
  const std::vector<std::string> expected{
      "line 4: testcase \"negative\": time=\"-1\" is negative; left out",
      "line 5: testcase \"nan\": time=\"NaN\" is not a number of seconds; left out",
      "line 6: testcase \"infinite\": time=\"inf\" is not a number of seconds; left out",
      "line 7: testcase \"huge\": time=\"1e9\" is beyond 86400 seconds; left out",
      "line 8: testcase \"comma\": time=\"1,234\" is not a number of seconds; left out",
      "line 9: testcase \"hex\": time=\"0x10\" is not a number of seconds; left out",
      "line 10: testcase \"empty\": time=\"\" is empty; left out",
      "line 11: testcase \"missing\": no time; left out",
      "line 13: a testcase without a name",
  };
  EXPECT_EQ(report.left_out, expected);
}

TEST(JunitImport, a_document_that_is_not_a_junit_report_says_why_and_where) {
  auto html = junit_report_results("<html><body/></html>");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().message,
            "not a JUnit report: the root element is <html>, not <testsuites> or <testsuite>");

  auto broken = junit_report_results("<testsuites>\n  <testsuite name=\"a\">\n</testsuites>");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message, "not well-formed XML: line 3, column 1: </testsuites> closes "
                                    "<testsuite> (opened at line 2)");

  auto doctype = junit_report_results(
      "<!DOCTYPE t [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]><testsuite/>");
  ASSERT_FALSE(doctype);
  EXPECT_NE(doctype.error().message.find("a DOCTYPE is not accepted"), std::string::npos);
}

TEST(JunitImport, an_empty_report_has_no_results) {
  auto report = read("<?xml version=\"1.0\"?>\n<testsuites tests=\"0\"/>\n");

  EXPECT_TRUE(report.results.empty());
  EXPECT_TRUE(report.left_out.empty());
}

} // namespace
} // namespace shardline
