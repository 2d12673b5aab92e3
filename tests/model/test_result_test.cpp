#include "model/test_result.hpp"

#include "tests/model/failure.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shardline {
namespace {

using model_test::Failure;
using model_test::failure_of;
using nlohmann::json;
using namespace nlohmann::literals;
using namespace std::chrono_literals;

const TimePoint started = TimePoint{1'795'710'661'123ms}; // 2026-11-26T16:31:01.123Z

TestResult every_field_set() {
  return {.test_id = "auth::logs in",
          .test_path = "tests/auth/login.spec.ts",
          .test_name = "logs in",
          .worker_id = "w-1",
          .shard_index = 3,
          .status = TestStatus::timed_out,
          .duration_ms = 812,
          .error = "Timeout 30000ms exceeded",
          .error_stack = "at login.spec.ts:12",
          .retry_count = 1,
          .attempt = 2,
          .flaky = true,
          .screenshots = {"/api/artifacts/s/1.png", "/api/artifacts/s/2.png"},
          .trace_url = "/api/artifacts/s/trace.zip",
          .video_url = "/api/artifacts/s/video.webm",
          .stdout_tail = "last line\n",
          .video_unavailable = "no ffmpeg",
          .project = "mobile",
          .attachments = {{"notes", "text/plain", "/api/artifacts/s/notes-0.txt"},
                          {"inline", "text/plain", std::nullopt}},
          .annotations = {{"issue", "https://example.test/1"}, {"slow", std::nullopt}},
          .skip_reason = "not on CI",
          .runner_attempts = {{.retry = 0,
                               .status = TestStatus::failed,
                               .duration_ms = 40,
                               .error = "boom",
                               .error_stack = std::nullopt,
                               .started_at = started - 1s,
                               .attachments = {{"screenshot", "image/png", std::nullopt}}}},
          .started_at = started,
          .finished_at = started + 812ms};
}

TestResult no_optional_set() {
  TestResult result;
  // append: GCC 12 at -O2 warns falsely (stringop-overflow) on assigning here.
  result.test_id.append("t");
  return result;
}

Failure result_failure(const json& result) {
  return failure_of(decode_test_result(result, "result"));
}

TEST(TestResultCodec, encodes_as_the_api_shows) {
  EXPECT_EQ(encode(every_field_set()), R"({
    "testId": "auth::logs in", "testPath": "tests/auth/login.spec.ts", "testName": "logs in",
    "workerId": "w-1", "shardIndex": 3, "status": "timedOut", "duration": 812,
    "error": "Timeout 30000ms exceeded", "errorStack": "at login.spec.ts:12", "retryCount": 1,
    "attempt": 2, "flaky": true,
    "screenshots": ["/api/artifacts/s/1.png", "/api/artifacts/s/2.png"],
    "traceUrl": "/api/artifacts/s/trace.zip", "videoUrl": "/api/artifacts/s/video.webm",
    "stdoutTail": "last line\n", "videoUnavailable": "no ffmpeg", "project": "mobile",
    "attachments": [{"name": "notes", "contentType": "text/plain",
                     "url": "/api/artifacts/s/notes-0.txt"},
                    {"name": "inline", "contentType": "text/plain", "url": null}],
    "annotations": [{"type": "issue", "description": "https://example.test/1"}, {"type": "slow"}],
    "skipReason": "not on CI",
    "runnerAttempts": [{"retry": 0, "status": "failed", "duration": 40, "error": "boom",
                        "errorStack": null, "startedAt": "2026-11-26T16:31:00.123Z",
                        "attachments": [{"name": "screenshot", "contentType": "image/png",
                                         "url": null}]}],
    "startedAt": "2026-11-26T16:31:01.123Z", "finishedAt": "2026-11-26T16:31:01.935Z"})"_json);
}

TEST(TestResultCodec, absent_optionals_encode_as_null_except_stdout_tail_and_video_unavailable) {
  EXPECT_EQ(encode(no_optional_set()), R"({
    "testId": "t", "testPath": "", "testName": "", "workerId": "", "shardIndex": 0,
    "status": "passed", "duration": 0, "error": null, "errorStack": null, "retryCount": 0,
    "attempt": 1, "flaky": false, "screenshots": [], "traceUrl": null, "videoUrl": null,
    "project": "", "attachments": [], "annotations": [], "runnerAttempts": [],
    "startedAt": null, "finishedAt": null})"_json);
}

TEST(TestResultCodec, round_trips_with_every_field_set) {
  auto decoded = decode_test_result(encode(every_field_set()), "result");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, every_field_set());
}

TEST(TestResultCodec, round_trips_with_no_optional_set) {
  auto decoded = decode_test_result(encode(no_optional_set()), "result");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, no_optional_set());
}

TEST(TestResultCodec, decodes_the_api_example_and_ignores_unknown_fields) {
  auto decoded = decode_test_result(R"({"testId": "id", "testPath": "p", "testName": "n",
      "workerId": "w-1", "shardIndex": 0, "status": "passed", "duration": 812, "error": null,
      "errorStack": null, "retryCount": 0, "attempt": 1, "flaky": false,
      "screenshots": ["/api/artifacts/s/a.png"], "traceUrl": null, "videoUrl": null,
      "startedAt": "2026-11-26T16:31:01.123Z", "finishedAt": "2026-11-26T16:31:01.935Z",
      "browser": "chromium"})"_json,
                                    "result");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->duration_ms, 812);
  EXPECT_EQ(decoded->error, std::nullopt);
  EXPECT_EQ(decoded->started_at, started);
  EXPECT_EQ(decoded->finished_at, started + 812ms);
}

TEST(TestResultCodec, test_id_and_status_are_required) {
  EXPECT_EQ(result_failure(R"({"status": "passed"})"_json),
            (Failure{"result.testId", "is required"}));
  EXPECT_EQ(result_failure(R"({"testId": "t"})"_json), (Failure{"result.status", "is required"}));
}

TEST(TestResultCodec, unknown_status_lists_the_allowed_values) {
  EXPECT_EQ(result_failure(R"({"testId": "t", "status": "ok"})"_json),
            (Failure{"result.status",
                     R"(unknown value "ok"; allowed: passed, failed, skipped, timedOut)"}));
}

TEST(TestResultCodec, duration_must_be_a_non_negative_integer) {
  EXPECT_EQ(result_failure(R"({"testId": "t", "status": "passed", "duration": 8.5})"_json),
            (Failure{"result.duration", "expected a non-negative integer"}));
}

TEST(TestResultCodec, attempt_is_one_based) {
  EXPECT_EQ(result_failure(R"({"testId": "t", "status": "passed", "attempt": 0})"_json),
            (Failure{"result.attempt", "expected a positive integer"}));
}

TEST(TestResultCodec, flaky_must_be_a_boolean) {
  EXPECT_EQ(result_failure(R"({"testId": "t", "status": "passed", "flaky": 1})"_json),
            (Failure{"result.flaky", "expected true or false"}));
}

TEST(TestResultCodec, error_must_be_a_string_or_null) {
  EXPECT_EQ(
      result_failure(R"({"testId": "t", "status": "failed", "error": {"message": "x"}})"_json),
      (Failure{"result.error", "expected a string"}));
}

TEST(TestResultCodec, screenshots_must_be_strings) {
  EXPECT_EQ(result_failure(R"({"testId": "t", "status": "passed", "screenshots": ["a", 1]})"_json),
            (Failure{"result.screenshots[1]", "expected a string"}));
}

TEST(TestResultCodec, times_must_be_iso_8601_utc) {
  const Failure expected{"result.startedAt",
                         "expected an ISO-8601 UTC time like 2026-11-26T16:31:01.123Z"};
  EXPECT_EQ(result_failure(R"({"testId": "t", "status": "passed", "startedAt": "yesterday"})"_json),
            expected);
  EXPECT_EQ(
      result_failure(R"({"testId": "t", "status": "passed", "startedAt": 1795710661123})"_json),
      expected);
}

} // namespace
} // namespace shardline
