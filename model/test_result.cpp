#include "model/test_result.hpp"

#include "model/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace shardline {

using namespace detail;

nlohmann::json encode(const TestResult& result) {
  nlohmann::json json = nlohmann::json::object();
  json["testId"] = result.test_id;
  json["testPath"] = result.test_path;
  json["testName"] = result.test_name;
  json["workerId"] = result.worker_id;
  json["shardIndex"] = result.shard_index;
  json["status"] = to_string(result.status);
  json["duration"] = result.duration_ms;
  json["error"] = or_null(result.error);
  json["errorStack"] = or_null(result.error_stack);
  json["retryCount"] = result.retry_count;
  json["attempt"] = result.attempt;
  json["flaky"] = result.flaky;
  json["screenshots"] = result.screenshots;
  json["traceUrl"] = or_null(result.trace_url);
  json["videoUrl"] = or_null(result.video_url);
  if (result.stdout_tail)
    json["stdoutTail"] = *result.stdout_tail;
  if (result.video_unavailable)
    json["videoUnavailable"] = *result.video_unavailable;
  json["startedAt"] = or_null(result.started_at);
  json["finishedAt"] = or_null(result.finished_at);
  return json;
}

Result<TestResult> decode_test_result(const nlohmann::json& json, const std::string& at) {
  TestResult result;
  ObjectReader in(json, at);
  in.read(required("testId"), result.test_id, non_empty);
  in.read("testPath", result.test_path);
  in.read("testName", result.test_name);
  in.read("workerId", result.worker_id);
  in.read("shardIndex", result.shard_index, non_negative);
  in.read(required("status"), result.status, test_status_names);
  in.read("duration", result.duration_ms, non_negative);
  in.read("error", result.error);
  in.read("errorStack", result.error_stack);
  in.read("retryCount", result.retry_count, non_negative);
  in.read("attempt", result.attempt, positive);
  in.read("flaky", result.flaky);
  in.read("screenshots", result.screenshots);
  in.read("traceUrl", result.trace_url);
  in.read("videoUrl", result.video_url);
  in.read("stdoutTail", result.stdout_tail);
  in.read("videoUnavailable", result.video_unavailable);
  in.read("startedAt", result.started_at);
  in.read("finishedAt", result.finished_at);
  if (!in.ok())
    return in.error();
  return result;
}

} // namespace shardline
