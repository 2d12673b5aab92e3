#include "model/execution_config.hpp"

#include "model/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace shardline {

using namespace detail;

std::string_view to_string(TagMode mode) {
  return name_of(tag_mode_names, mode);
}

std::optional<TagMode> parse_tag_mode(std::string_view text) {
  return value_of(tag_mode_names, text);
}

std::string_view to_string(RunnerKind kind) {
  return name_of(runner_kind_names, kind);
}

std::optional<RunnerKind> parse_runner_kind(std::string_view text) {
  return value_of(runner_kind_names, text);
}

nlohmann::json encode(const RunnerConfig& runner) {
  nlohmann::json json = nlohmann::json::object();
  json["kind"] = to_string(runner.kind);
  json["argv"] = runner.argv;
  json["dir"] = runner.dir;
  return json;
}

Result<RunnerConfig> decode_runner_config(const nlohmann::json& json, const std::string& at) {
  RunnerConfig runner;
  ObjectReader in(json, at);
  in.read("kind", runner.kind, runner_kind_names);
  in.read("argv", runner.argv);
  in.read("dir", runner.dir);
  if (!in.ok())
    return in.error();
  // A command runner without a command could only fail every test.
  if (runner.kind == RunnerKind::command && runner.argv.empty())
    return Error{join_path(at, "argv"), "must not be empty when kind is command"};
  return runner;
}

std::int64_t default_test_timeout_ms(RunnerKind kind) {
  return kind == RunnerKind::playwright ? runner_own_timeouts : default_command_timeout_ms;
}

nlohmann::json encode(const ParallelExecutionConfig& config) {
  nlohmann::json json = nlohmann::json::object();
  json["strategy"] = config.strategy;
  json["workerCount"] = config.worker_count;
  json["retries"] = config.retries;
  json["testTimeoutMs"] = config.test_timeout_ms == runner_own_timeouts
                              ? nlohmann::json(nullptr)
                              : nlohmann::json(config.test_timeout_ms);
  json["maxFailures"] = config.max_failures;
  json["steal"] = config.steal;
  json["tagMode"] = to_string(config.tag_mode);
  json["runner"] = encode(config.runner);
  json["heartbeatIntervalMs"] = config.heartbeat_interval_ms;
  json["heartbeatTimeoutMs"] = config.heartbeat_timeout_ms;
  return json;
}

Result<ParallelExecutionConfig> decode_execution_config(const nlohmann::json& json,
                                                        const std::string& at) {
  ParallelExecutionConfig config;
  ObjectReader in(json, at);
  in.read("strategy", config.strategy);
  in.read("workerCount", config.worker_count, within(ranges::worker_count));
  in.read("retries", config.retries, within(ranges::retries));
  std::optional<std::int64_t> test_timeout_ms; // absent or null: the runner's default
  in.read("testTimeoutMs", test_timeout_ms, within(ranges::test_timeout_ms));
  in.read("maxFailures", config.max_failures, within(ranges::max_failures));
  in.read("steal", config.steal);
  in.read("tagMode", config.tag_mode, tag_mode_names);
  in.read("runner", config.runner, decode_runner_config);
  in.read("heartbeatIntervalMs", config.heartbeat_interval_ms,
          within(ranges::heartbeat_interval_ms));
  in.read("heartbeatTimeoutMs", config.heartbeat_timeout_ms, within(ranges::heartbeat_timeout_ms));
  if (!in.ok())
    return in.error();
  config.test_timeout_ms = test_timeout_ms.value_or(default_test_timeout_ms(config.runner.kind));
  // A timeout no longer than the interval would declare every worker lost
  // between two on-time heartbeats.
  if (config.heartbeat_timeout_ms <= config.heartbeat_interval_ms)
    return Error{join_path(at, "heartbeatTimeoutMs"), "must be greater than heartbeatIntervalMs"};
  return config;
}

} // namespace shardline
