#pragma once

#include "model/result.hpp"
#include "model/test_status.hpp"
#include "model/time.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shardline {

/// A file the test recorded (Playwright's attachments: screenshots, traces,
/// `testInfo.attach`, error-context.md), kept in the artifacts folder.
struct ResultAttachment {
  std::string name;
  std::string content_type;       // "contentType"
  std::optional<std::string> url; // /api/artifacts/...; absent when it could not be kept

  friend bool operator==(const ResultAttachment&, const ResultAttachment&) = default;
};

/// A note on the test (`test.info().annotations`, test.skip/fixme/slow/fail).
struct ResultAnnotation {
  std::string type;
  std::optional<std::string> description;

  friend bool operator==(const ResultAnnotation&, const ResultAnnotation&) = default;
};

/// An attempt the test runner made itself before the attempt a TestResult
/// stands for, in the same run (Playwright's configured retries).
struct RunnerAttempt {
  int retry = 0; // Playwright's retry index: 0 the first try
  TestStatus status = TestStatus::failed;
  std::int64_t duration_ms = 0;
  std::optional<std::string> error;
  std::optional<std::string> error_stack;
  std::optional<TimePoint> started_at;
  std::vector<ResultAttachment> attachments;

  friend bool operator==(const RunnerAttempt&, const RunnerAttempt&) = default;
};

/// The outcome of one attempt of one test, as docs/API.md names it.
struct TestResult {
  std::string test_id;
  std::string test_path;
  std::string test_name;
  std::string worker_id;
  int shard_index = 0;
  TestStatus status = TestStatus::passed;
  std::int64_t duration_ms = 0; // "duration" on the wire
  std::optional<std::string> error;
  std::optional<std::string> error_stack;
  int retry_count = 0; // attempts before this one
  int attempt = 1;     // 1-based
  bool flaky = false;  // passed after failing attempts
  std::vector<std::string> screenshots;
  std::optional<std::string> trace_url;
  std::optional<std::string> video_url;
  std::optional<std::string> stdout_tail;
  /// Why the video the test asked for was not recorded (no video recorder
  /// where it ran); the test itself ran as usual.
  std::optional<std::string> video_unavailable;
  std::string project;                       // the Playwright project it ran in; empty: none
  std::vector<ResultAttachment> attachments; // every one, screenshots and trace included
  std::vector<ResultAnnotation> annotations;
  std::optional<std::string> skip_reason; // a skipped test: why (test.skip's description)
  /// Playwright's own retries of this test in this run, oldest first: this
  /// result is its last try. A pass after failed ones here is flaky.
  std::vector<RunnerAttempt> runner_attempts;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;

  friend bool operator==(const TestResult&, const TestResult&) = default;
};

/// Optionals encode as null (docs/API.md shows `"error": null`), except
/// stdoutTail, videoUnavailable and skipReason, which are omitted when absent.
nlohmann::json encode(const TestResult& result);
Result<TestResult> decode_test_result(const nlohmann::json& json, const std::string& at);

} // namespace shardline
