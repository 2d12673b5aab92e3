#include "runners/playwright_events.hpp"

#include <gtest/gtest.h>

#include <string>

namespace shardline {
namespace {

// A testEnd line as runners/playwright/jsonl-reporter.cjs writes it.
const std::string failed_test_end =
    R"(@shardline {"event":"testEnd","id":"2addc3c3aecfedb30c84-8c3af887c9b1b4cd8f96",)"
    R"("file":"shop/pay.spec.ts","line":6,"column":5,"titlePath":["checkout","pays by card"],)"
    R"("title":"pays by card","tags":["@smoke","@slow"],"project":"chromium","status":"failed",)"
    R"("expectedStatus":"passed","duration":1234.5,"retry":0,)"
    R"("error":{"message":"\u001b[31mError: boom\u001b[39m","stack":"Error: boom\n    at x"},)"
    R"("stdout":"hello\n","stderr":"warn\n","attachments":[{"name":"screenshot",)"
    R"("contentType":"image/png","path":"/tmp/out/test-failed-1.png"},{"name":"inline",)"
    R"("contentType":"text/plain"}],"startTime":"2026-11-26T18:30:28.225Z",)"
    R"("videoUnavailable":"video not recorded: no ffmpeg"})";

PlaywrightTestEnd test_end_of(const std::string& line) {
  auto event = parse_playwright_event(line);
  if (!event || !*event) {
    ADD_FAILURE() << "not a test end: " << line;
    return {};
  }
  auto* end = std::get_if<PlaywrightTestEnd>(&**event);
  if (end == nullptr) {
    ADD_FAILURE() << "another event: " << line;
    return {};
  }
  return *end;
}

TEST(PlaywrightEvents, reads_every_field_of_a_test_end) {
  auto end = test_end_of(failed_test_end);

  EXPECT_EQ(end.id, "2addc3c3aecfedb30c84-8c3af887c9b1b4cd8f96");
  EXPECT_EQ(end.file, "shop/pay.spec.ts");
  EXPECT_EQ(end.line, 6);
  EXPECT_EQ(end.column, 5);
  EXPECT_EQ(end.title_path, (std::vector<std::string>{"checkout", "pays by card"}));
  EXPECT_EQ(end.title, "pays by card");
  EXPECT_EQ(end.tags, (std::vector<std::string>{"@smoke", "@slow"}));
  EXPECT_EQ(end.project, "chromium");
  EXPECT_EQ(end.status, "failed");
  EXPECT_EQ(end.expected_status, "passed");
  EXPECT_EQ(end.duration_ms, 1234);
  EXPECT_EQ(end.retry, 0);
  ASSERT_TRUE(end.error);
  EXPECT_EQ(end.error->message, "\x1b[31mError: boom\x1b[39m");
  EXPECT_EQ(end.error->stack, "Error: boom\n    at x");
  EXPECT_EQ(end.stdout_text, "hello\n");
  EXPECT_EQ(end.stderr_text, "warn\n");
  ASSERT_EQ(end.attachments.size(), 2U);
  EXPECT_EQ(end.attachments[0].name, "screenshot");
  EXPECT_EQ(end.attachments[0].content_type, "image/png");
  EXPECT_EQ(end.attachments[0].path, "/tmp/out/test-failed-1.png");
  EXPECT_EQ(end.attachments[1].path, "");
  EXPECT_EQ(end.start_time, parse_time("2026-11-26T18:30:28.225Z"));
  EXPECT_EQ(end.video_unavailable, "video not recorded: no ffmpeg");
}

TEST(PlaywrightEvents, a_passed_test_has_no_error) {
  auto end =
      test_end_of(R"(@shardline {"event":"testEnd","id":"a-b","status":"passed","error":null})");

  EXPECT_EQ(end.status, "passed");
  EXPECT_FALSE(end.error);
  EXPECT_TRUE(end.attachments.empty());
  EXPECT_FALSE(end.start_time);
  EXPECT_EQ(end.video_unavailable, "");
}

TEST(PlaywrightEvents, reads_the_other_events) {
  auto begin = parse_playwright_event(R"(@shardline {"event":"begin","total":3})");
  auto test_begin = parse_playwright_event(
      R"(@shardline {"event":"testBegin","id":"a-b","file":"x.spec.ts","line":4,)"
      R"("titlePath":["d","t"],"project":"chromium","retry":1})");
  auto error = parse_playwright_event(
      R"(@shardline {"event":"error","message":"SyntaxError: x.spec.ts","stack":"at x"})");
  auto end = parse_playwright_event(R"(@shardline {"event":"end","status":"failed"})");

  ASSERT_TRUE(begin && *begin && test_begin && *test_begin && error && *error && end && *end);
  EXPECT_EQ(std::get<PlaywrightBegin>(**begin).total, 3);
  const auto& started = std::get<PlaywrightTestBegin>(**test_begin);
  EXPECT_EQ(started.id, "a-b");
  EXPECT_EQ(started.title_path, (std::vector<std::string>{"d", "t"}));
  EXPECT_EQ(started.retry, 1);
  EXPECT_EQ(std::get<PlaywrightRunError>(**error).error.message, "SyntaxError: x.spec.ts");
  EXPECT_EQ(std::get<PlaywrightEnd>(**end).status, "failed");
}

TEST(PlaywrightEvents, reads_retries_timeouts_and_annotations_of_a_test_end) {
  auto end = test_end_of(
      R"(@shardline {"event":"testEnd","id":"a-b","status":"failed","retry":1,"willRetry":true,)"
      R"("timeout":120000,"annotations":[{"type":"skip","description":"not on CI"},)"
      R"({"type":"slow"},{"type":7},"junk"]})");

  EXPECT_EQ(end.retry, 1);
  EXPECT_TRUE(end.will_retry);
  EXPECT_EQ(end.timeout_ms, 120000);
  ASSERT_EQ(end.annotations.size(), 3U);
  EXPECT_EQ(end.annotations[0].type, "skip");
  EXPECT_EQ(end.annotations[0].description, "not on CI");
  EXPECT_EQ(end.annotations[1].type, "slow");
  EXPECT_FALSE(end.annotations[1].description);
  EXPECT_EQ(end.annotations[2].type, "");
  EXPECT_FALSE(
      test_end_of(R"(@shardline {"event":"testEnd","id":"a","status":"passed"})").will_retry);
}

TEST(PlaywrightEvents, reads_the_configure_event_and_the_time_budget) {
  auto configure =
      parse_playwright_event(R"(@shardline {"event":"configure","setupTimeout":60000})");
  auto budget =
      parse_playwright_event(R"(@shardline {"event":"begin","total":2,"timeBudget":540000})");
  auto unlimited =
      parse_playwright_event(R"(@shardline {"event":"begin","total":2,"timeBudget":null})");

  ASSERT_TRUE(configure && *configure && budget && *budget && unlimited && *unlimited);
  EXPECT_EQ(std::get<PlaywrightConfigure>(**configure).setup_timeout_ms, 60000);
  EXPECT_EQ(std::get<PlaywrightBegin>(**budget).time_budget_ms, 540000);
  EXPECT_FALSE(std::get<PlaywrightBegin>(**unlimited).time_budget_ms);
}

TEST(PlaywrightEvents, a_line_without_the_prefix_is_not_an_event) {
  EXPECT_FALSE(parse_playwright_event("Running 3 tests using 1 worker"));
  EXPECT_FALSE(parse_playwright_event(R"({"event":"end","status":"passed"})"));
  EXPECT_FALSE(parse_playwright_event(""));
  EXPECT_FALSE(parse_playwright_event("@shardline"));
}

TEST(PlaywrightEvents, ignores_text_another_process_left_before_the_prefix) {
  auto event = parse_playwright_event(R"(half a line@shardline {"event":"end","status":"passed"})");

  ASSERT_TRUE(event && *event);
  EXPECT_EQ(std::get<PlaywrightEnd>(**event).status, "passed");
}

TEST(PlaywrightEvents, a_cut_off_line_is_an_error_not_an_event) {
  auto cut = failed_test_end.substr(0, failed_test_end.size() / 2);

  auto event = parse_playwright_event(cut);

  ASSERT_TRUE(event);
  ASSERT_FALSE(*event);
  EXPECT_TRUE(event->error().message.starts_with("invalid JSON at line 1"))
      << event->error().message;
}

TEST(PlaywrightEvents, malformed_reporter_lines_are_errors_that_say_why) {
  auto not_object = parse_playwright_event("@shardline [1,2]");
  auto no_name = parse_playwright_event(R"(@shardline {"total":1})");
  auto unknown = parse_playwright_event(R"(@shardline {"event":"stepEnd"})");
  auto no_id = parse_playwright_event(R"(@shardline {"event":"testEnd","status":"passed"})");
  auto no_status = parse_playwright_event(R"(@shardline {"event":"testEnd","id":"a-b"})");

  ASSERT_TRUE(not_object && no_name && unknown && no_id && no_status);
  EXPECT_EQ(not_object->error().to_string(), "a reporter line must hold a JSON object");
  EXPECT_EQ(no_name->error().to_string(), "event: a reporter line needs an event name");
  EXPECT_EQ(unknown->error().to_string(), "event: unknown event \"stepEnd\"");
  EXPECT_EQ(no_id->error().to_string(), "id: a testEnd event needs the test's id");
  EXPECT_EQ(no_status->error().to_string(), "status: a testEnd event needs the test's status");
}

TEST(PlaywrightEvents, fields_of_the_wrong_type_count_as_absent) {
  auto end = test_end_of(R"(@shardline {"event":"testEnd","id":"a-b","status":"failed",)"
                         R"("line":"six","titlePath":"t","tags":[1,"@ok"],"duration":-1e300,)"
                         R"("retry":-2,"error":"boom","attachments":{},"startTime":"yesterday"})");

  EXPECT_EQ(end.line, 0);
  EXPECT_TRUE(end.title_path.empty());
  EXPECT_EQ(end.tags, (std::vector<std::string>{"@ok"}));
  EXPECT_EQ(end.duration_ms, 0);
  EXPECT_EQ(end.retry, 0);
  EXPECT_FALSE(end.error);
  EXPECT_TRUE(end.attachments.empty());
  EXPECT_FALSE(end.start_time);
}

TEST(PlaywrightEvents, accepts_output_as_a_list_of_chunks) {
  auto end = test_end_of(R"(@shardline {"event":"testEnd","id":"a-b","status":"passed",)"
                         R"("stdout":["one\n",{"text":"two\n"}]})");

  EXPECT_EQ(end.stdout_text, "one\ntwo\n");
}

TEST(PlaywrightEvents, tolerates_a_carriage_return_at_the_end) {
  auto event = parse_playwright_event("@shardline {\"event\":\"begin\",\"total\":2}\r");

  ASSERT_TRUE(event && *event);
  EXPECT_EQ(std::get<PlaywrightBegin>(**event).total, 2);
}

} // namespace
} // namespace shardline
