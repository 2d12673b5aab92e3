#pragma once

#include "model/ranges.hpp"
#include "model/result.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

/// How `tag` groups tests: each tag on its own set of shards, or each tag
/// spread evenly over all shards.
enum class TagMode { group, distribute };

std::string_view to_string(TagMode mode);
std::optional<TagMode> parse_tag_mode(std::string_view text);

enum class RunnerKind { command, playwright };

std::string_view to_string(RunnerKind kind);
std::optional<RunnerKind> parse_runner_kind(std::string_view text);

/// How a worker runs a test. For `command`, `argv` is a template whose
/// elements may contain `{path}`, `{title}`, `{id}` and `{line}`; for
/// `playwright`, `dir` is the project folder.
struct RunnerConfig {
  RunnerKind kind = RunnerKind::command;
  std::vector<std::string> argv;
  std::string dir;

  friend bool operator==(const RunnerConfig&, const RunnerConfig&) = default;
};

/// Largest accepted worker count; guards against a request that would make
/// the planner allocate millions of shards.
inline constexpr int max_worker_count = static_cast<int>(ranges::worker_count.max);

/// test_timeout_ms when the runner's own timeouts stand: a Playwright
/// project's config (and per-test) timeouts, no `--timeout` passed. Encoded
/// as null.
inline constexpr std::int64_t runner_own_timeouts = 0;
/// test_timeout_ms of a command runner when the request leaves it out.
inline constexpr std::int64_t default_command_timeout_ms = 30000;

/// test_timeout_ms when the user gives none: the runner's own timeouts for
/// Playwright, 30 s per test for a command.
std::int64_t default_test_timeout_ms(RunnerKind kind);

/// The settings of one parallel execution. Defaults are what a request that
/// leaves a field out gets (testTimeoutMs: default_test_timeout_ms of the
/// request's runner).
struct ParallelExecutionConfig {
  std::string strategy = "round-robin";
  int worker_count = 1;
  int retries = 0;
  std::int64_t test_timeout_ms = default_command_timeout_ms;
  int max_failures = 0; // 0 = no limit
  bool steal = true;
  TagMode tag_mode = TagMode::group;
  RunnerConfig runner;
  std::int64_t heartbeat_interval_ms = 30000;
  std::int64_t heartbeat_timeout_ms = 90000;

  friend bool operator==(const ParallelExecutionConfig&, const ParallelExecutionConfig&) = default;
};

nlohmann::json encode(const RunnerConfig& runner);
Result<RunnerConfig> decode_runner_config(const nlohmann::json& json, const std::string& at);

nlohmann::json encode(const ParallelExecutionConfig& config);

/// Checks every number against its documented range (model/ranges.hpp:
/// `config.testTimeoutMs: 9007199254740992 is out of range; allowed: 1 to
/// 86400000 (24 h)`) and that `heartbeatTimeoutMs` is greater than
/// `heartbeatIntervalMs`.
/// The strategy name is checked by make_strategy, not here.
Result<ParallelExecutionConfig> decode_execution_config(const nlohmann::json& json,
                                                        const std::string& at);

} // namespace shardline
