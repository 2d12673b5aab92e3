#include "model/test_result.hpp"

#include "model/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace shardline {

using namespace detail;

namespace {

nlohmann::json encode_attachments(const std::vector<ResultAttachment>& attachments) {
  auto json = nlohmann::json::array();
  for (const auto& attachment : attachments) {
    nlohmann::json item = {{"name", attachment.name}, {"contentType", attachment.content_type}};
    item["url"] = or_null(attachment.url);
    json.push_back(std::move(item));
  }
  return json;
}

Result<ResultAttachment> decode_attachment(const nlohmann::json& json, const std::string& at) {
  ResultAttachment attachment;
  ObjectReader in(json, at);
  in.read(required("name"), attachment.name);
  in.read("contentType", attachment.content_type);
  in.read("url", attachment.url);
  if (!in.ok())
    return in.error();
  return attachment;
}

Result<ResultAnnotation> decode_annotation(const nlohmann::json& json, const std::string& at) {
  ResultAnnotation annotation;
  ObjectReader in(json, at);
  in.read(required("type"), annotation.type);
  in.read("description", annotation.description);
  if (!in.ok())
    return in.error();
  return annotation;
}

Result<RunnerAttempt> decode_runner_attempt(const nlohmann::json& json, const std::string& at) {
  RunnerAttempt attempt;
  ObjectReader in(json, at);
  in.read("retry", attempt.retry, non_negative);
  in.read(required("status"), attempt.status, test_status_names);
  in.read("duration", attempt.duration_ms, non_negative);
  in.read("error", attempt.error);
  in.read("errorStack", attempt.error_stack);
  in.read("startedAt", attempt.started_at);
  in.read_each("attachments", attempt.attachments, decode_attachment);
  if (!in.ok())
    return in.error();
  return attempt;
}

} // namespace

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
  json["project"] = result.project;
  json["attachments"] = encode_attachments(result.attachments);
  auto& annotations = json["annotations"] = nlohmann::json::array();
  for (const auto& annotation : result.annotations) {
    nlohmann::json item = {{"type", annotation.type}};
    if (annotation.description)
      item["description"] = *annotation.description;
    annotations.push_back(std::move(item));
  }
  if (result.skip_reason)
    json["skipReason"] = *result.skip_reason;
  auto& attempts = json["runnerAttempts"] = nlohmann::json::array();
  for (const auto& attempt : result.runner_attempts)
    attempts.push_back({{"retry", attempt.retry},
                        {"status", to_string(attempt.status)},
                        {"duration", attempt.duration_ms},
                        {"error", or_null(attempt.error)},
                        {"errorStack", or_null(attempt.error_stack)},
                        {"startedAt", or_null(attempt.started_at)},
                        {"attachments", encode_attachments(attempt.attachments)}});
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
  in.read("project", result.project);
  in.read_each("attachments", result.attachments, decode_attachment);
  in.read_each("annotations", result.annotations, decode_annotation);
  in.read("skipReason", result.skip_reason);
  in.read_each("runnerAttempts", result.runner_attempts, decode_runner_attempt);
  in.read("startedAt", result.started_at);
  in.read("finishedAt", result.finished_at);
  if (!in.ok())
    return in.error();
  return result;
}

} // namespace shardline
