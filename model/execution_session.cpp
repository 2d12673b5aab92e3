#include "model/execution_session.hpp"

#include "model/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace shardline {

using namespace detail;

std::string_view to_string(SessionStatus status) {
  return name_of(session_status_names, status);
}

std::optional<SessionStatus> parse_session_status(std::string_view text) {
  return value_of(session_status_names, text);
}

std::string_view to_string(ShardState state) {
  return name_of(shard_state_names, state);
}

std::optional<ShardState> parse_shard_state(std::string_view text) {
  return value_of(shard_state_names, text);
}

double ExecutionProgress::percentage() const {
  if (total == 0)
    return 100.0;
  return static_cast<double>(completed) * 100.0 / static_cast<double>(total);
}

namespace {

nlohmann::json encode(const ShardProgress& progress) {
  nlohmann::json json = nlohmann::json::object();
  json["total"] = progress.total;
  json["completed"] = progress.completed;
  return json;
}

Result<ShardProgress> decode_shard_progress(const nlohmann::json& json, const std::string& at) {
  ShardProgress progress;
  ObjectReader in(json, at);
  in.read("total", progress.total, non_negative);
  in.read("completed", progress.completed, non_negative);
  if (!in.ok())
    return in.error();
  return progress;
}

nlohmann::json encode(const DroppedResults& dropped) {
  nlohmann::json json = nlohmann::json::object();
  json["stale"] = dropped.stale;
  json["duplicate"] = dropped.duplicate;
  return json;
}

Result<DroppedResults> decode_dropped_results(const nlohmann::json& json, const std::string& at) {
  DroppedResults dropped;
  ObjectReader in(json, at);
  in.read("stale", dropped.stale, non_negative);
  in.read("duplicate", dropped.duplicate, non_negative);
  if (!in.ok())
    return in.error();
  return dropped;
}

} // namespace

nlohmann::json encode(const ExecutionProgress& progress) {
  nlohmann::json json = nlohmann::json::object();
  json["total"] = progress.total;
  json["completed"] = progress.completed;
  json["passed"] = progress.passed;
  json["failed"] = progress.failed;
  json["skipped"] = progress.skipped;
  json["running"] = progress.running;
  json["pending"] = progress.pending;
  json["percentage"] = progress.percentage();
  return json;
}

Result<ExecutionProgress> decode_execution_progress(const nlohmann::json& json,
                                                    const std::string& at) {
  // `percentage` is derived from the counts, so it is not read.
  ExecutionProgress progress;
  ObjectReader in(json, at);
  in.read("total", progress.total, non_negative);
  in.read("completed", progress.completed, non_negative);
  in.read("passed", progress.passed, non_negative);
  in.read("failed", progress.failed, non_negative);
  in.read("skipped", progress.skipped, non_negative);
  in.read("running", progress.running, non_negative);
  in.read("pending", progress.pending, non_negative);
  if (!in.ok())
    return in.error();
  return progress;
}

nlohmann::json encode(const ShardStatus& shard) {
  nlohmann::json json = nlohmann::json::object();
  json["shardIndex"] = shard.shard_index;
  json["workerId"] = shard.worker_id;
  json["status"] = to_string(shard.status);
  json["progress"] = encode(shard.progress);
  json["estimatedDurationMs"] = shard.estimated_duration_ms;
  return json;
}

Result<ShardStatus> decode_shard_status(const nlohmann::json& json, const std::string& at) {
  ShardStatus shard;
  ObjectReader in(json, at);
  in.read(required("shardIndex"), shard.shard_index, non_negative);
  in.read("workerId", shard.worker_id);
  in.read("status", shard.status, shard_state_names);
  in.read("progress", shard.progress, decode_shard_progress);
  in.read("estimatedDurationMs", shard.estimated_duration_ms, non_negative);
  if (!in.ok())
    return in.error();
  return shard;
}

nlohmann::json encode(const ExecutionSession& session) {
  nlohmann::json shards = nlohmann::json::array();
  for (const auto& shard : session.shards)
    shards.push_back(encode(shard));
  nlohmann::json json = nlohmann::json::object();
  json["sessionId"] = session.session_id;
  json["status"] = to_string(session.status);
  json["strategy"] = session.strategy;
  json["progress"] = encode(session.progress);
  json["shards"] = std::move(shards);
  json["dropped"] = encode(session.dropped);
  json["waitingFor"] = or_null(session.waiting_for);
  json["startedAt"] = or_null(session.started_at);
  json["finishedAt"] = or_null(session.finished_at);
  json["interrupted"] = session.interrupted;
  if (session.resumed_from)
    json["resumedFrom"] = *session.resumed_from;
  return json;
}

Result<ExecutionSession> decode_execution_session(const nlohmann::json& json,
                                                  const std::string& at) {
  ExecutionSession session;
  ObjectReader in(json, at);
  in.read(required("sessionId"), session.session_id, non_empty);
  in.read(required("status"), session.status, session_status_names);
  in.read("strategy", session.strategy);
  in.read("progress", session.progress, decode_execution_progress);
  in.read_each("shards", session.shards, decode_shard_status);
  in.read("dropped", session.dropped, decode_dropped_results);
  in.read("waitingFor", session.waiting_for);
  in.read("startedAt", session.started_at);
  in.read("finishedAt", session.finished_at);
  in.read("interrupted", session.interrupted);
  in.read("resumedFrom", session.resumed_from);
  if (!in.ok())
    return in.error();
  return session;
}

} // namespace shardline
