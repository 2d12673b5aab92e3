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
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;

  friend bool operator==(const TestResult&, const TestResult&) = default;
};

/// Optionals encode as null (docs/API.md shows `"error": null`), except
/// stdoutTail and videoUnavailable, which are omitted when absent.
nlohmann::json encode(const TestResult& result);
Result<TestResult> decode_test_result(const nlohmann::json& json, const std::string& at);

} // namespace shardline
