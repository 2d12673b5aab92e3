#include "model/execution_config.hpp"

#include "tests/model/failure.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shardline {
namespace {

using model_test::Failure;
using model_test::failure_of;
using nlohmann::json;
using namespace nlohmann::literals;

ParallelExecutionConfig every_field_changed() {
  return {.strategy = "duration",
          .worker_count = 3,
          .retries = 2,
          .test_timeout_ms = 45000,
          .max_failures = 5,
          .steal = false,
          .tag_mode = TagMode::distribute,
          .runner = {.kind = RunnerKind::playwright,
                     .argv = {"npx", "playwright", "test"},
                     .dir = "examples/playwright"},
          .heartbeat_interval_ms = 1000,
          .heartbeat_timeout_ms = 3000};
}

// The struct defaults, with the one thing a command runner cannot do without.
ParallelExecutionConfig defaults_with_a_command() {
  ParallelExecutionConfig config;
  config.runner.argv = {"sh", "-c", "exit 0", "{path}"};
  return config;
}

Failure config_failure(const json& config) {
  return failure_of(decode_execution_config(config, "config"));
}

// -- names --------------------------------------------------------------------

TEST(ExecutionConfigNames, tag_modes_use_their_wire_names) {
  EXPECT_EQ(to_string(TagMode::group), "group");
  EXPECT_EQ(to_string(TagMode::distribute), "distribute");
  EXPECT_EQ(parse_tag_mode("group"), TagMode::group);
  EXPECT_EQ(parse_tag_mode("distribute"), TagMode::distribute);
  EXPECT_EQ(parse_tag_mode("spread"), std::nullopt);
}

TEST(ExecutionConfigNames, runner_kinds_use_their_wire_names) {
  EXPECT_EQ(to_string(RunnerKind::command), "command");
  EXPECT_EQ(to_string(RunnerKind::playwright), "playwright");
  EXPECT_EQ(parse_runner_kind("command"), RunnerKind::command);
  EXPECT_EQ(parse_runner_kind("playwright"), RunnerKind::playwright);
  EXPECT_EQ(parse_runner_kind("Playwright"), std::nullopt);
}

// -- encoding and round trips ------------------------------------------------------

TEST(ExecutionConfigCodec, encodes_every_setting) {
  EXPECT_EQ(encode(every_field_changed()), R"({"strategy": "duration", "workerCount": 3,
    "retries": 2, "testTimeoutMs": 45000, "maxFailures": 5, "steal": false,
    "tagMode": "distribute",
    "runner": {"kind": "playwright", "argv": ["npx", "playwright", "test"],
               "dir": "examples/playwright"},
    "heartbeatIntervalMs": 1000, "heartbeatTimeoutMs": 3000})"_json);
}

TEST(ExecutionConfigCodec, round_trips_with_every_field_changed) {
  auto decoded = decode_execution_config(encode(every_field_changed()), "config");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, every_field_changed());
}

TEST(ExecutionConfigCodec, round_trips_the_defaults) {
  auto decoded = decode_execution_config(encode(defaults_with_a_command()), "config");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, defaults_with_a_command());
}

TEST(ExecutionConfigCodec, missing_fields_take_the_defaults) {
  auto decoded = decode_execution_config(json::object(), "config");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, ParallelExecutionConfig{});
}

TEST(ExecutionConfigCodec, a_playwright_runner_without_a_timeout_keeps_the_projects_own) {
  auto decoded = decode_execution_config(
      R"({"runner": {"kind": "playwright", "argv": [], "dir": "e2e"}})"_json, "config");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->test_timeout_ms, runner_own_timeouts);
  EXPECT_EQ(encode(*decoded)["testTimeoutMs"], nullptr);
  auto reread = decode_execution_config(encode(*decoded), "config");
  ASSERT_TRUE(reread) << reread.error().to_string();
  EXPECT_EQ(*reread, *decoded);
}

TEST(ExecutionConfigCodec, a_playwright_runner_with_a_timeout_keeps_it) {
  auto decoded = decode_execution_config(
      R"({"testTimeoutMs": 1000, "runner": {"kind": "playwright", "argv": [], "dir": "e2e"}})"_json,
      "config");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->test_timeout_ms, 1000);
  EXPECT_EQ(encode(*decoded)["testTimeoutMs"], 1000);
}

TEST(ExecutionConfigCodec, a_null_timeout_of_a_command_runner_is_the_default) {
  auto decoded = decode_execution_config(
      R"({"testTimeoutMs": null, "runner": {"kind": "command", "argv": ["true"]}})"_json, "config");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->test_timeout_ms, default_command_timeout_ms);
}

TEST(ExecutionConfigCodec, decodes_the_api_example_and_ignores_unknown_fields) {
  auto decoded = decode_execution_config(
      R"({"strategy": "duration", "workerCount": 3, "retries": 1, "testTimeoutMs": 30000,
          "maxFailures": 0, "steal": true, "tagMode": "group", "color": "blue",
          "runner": {"kind": "command", "argv": ["sh", "-c", "exit 0", "{path}"]}})"_json,
      "config");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  auto expected = defaults_with_a_command();
  expected.strategy = "duration";
  expected.worker_count = 3;
  expected.retries = 1;
  EXPECT_EQ(*decoded, expected);
}

TEST(ExecutionConfigCodec, any_strategy_name_passes_here) {
  auto decoded = decode_execution_config(R"({"strategy": "no-such-strategy"})"_json, "config");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->strategy, "no-such-strategy");
}

// -- errors -------------------------------------------------------------------------

TEST(ExecutionConfigCodec, non_object_is_refused) {
  EXPECT_EQ(config_failure(json::array()), (Failure{"config", "expected an object"}));
  EXPECT_EQ(failure_of(decode_execution_config(json(1), "")), (Failure{"", "expected an object"}));
}

TEST(ExecutionConfigCodec, strategy_must_be_a_string) {
  EXPECT_EQ(config_failure(R"({"strategy": 5})"_json),
            (Failure{"config.strategy", "expected a string"}));
}

TEST(ExecutionConfigCodec, worker_count_must_be_between_1_and_the_maximum) {
  auto expected = [](const char* value) {
    return Failure{"config.workerCount",
                   std::string(value) + " is out of range; allowed: 1 to 10000"};
  };
  EXPECT_EQ(config_failure(R"({"workerCount": 0})"_json), expected("0"));
  EXPECT_EQ(config_failure(R"({"workerCount": -4})"_json), expected("-4"));
  EXPECT_EQ(config_failure(R"({"workerCount": 10001})"_json), expected("10001"));
  EXPECT_EQ(config_failure(R"({"workerCount": 1e30})"_json), expected("1e+30"));
  EXPECT_EQ(config_failure(R"({"workerCount": 9223372036854775808})"_json),
            expected("9223372036854775808"));
  EXPECT_TRUE(decode_execution_config(R"({"workerCount": 10000})"_json, "config"));
}

TEST(ExecutionConfigCodec, worker_count_of_the_wrong_type_says_the_range) {
  const Failure expected{"config.workerCount", "expected an integer; allowed: 1 to 10000"};
  EXPECT_EQ(config_failure(R"({"workerCount": "3"})"_json), expected);
  EXPECT_EQ(config_failure(R"({"workerCount": 2.5})"_json), expected);
  EXPECT_EQ(config_failure(R"({"workerCount": 3.0})"_json), expected);
  EXPECT_EQ(config_failure(R"({"workerCount": true})"_json), expected);
}

TEST(ExecutionConfigCodec, retries_must_be_between_0_and_100) {
  EXPECT_EQ(config_failure(R"({"retries": 101})"_json),
            (Failure{"config.retries", "101 is out of range; allowed: 0 to 100"}));
  EXPECT_EQ(config_failure(R"({"retries": -1})"_json),
            (Failure{"config.retries", "-1 is out of range; allowed: 0 to 100"}));
}

TEST(ExecutionConfigCodec, test_timeout_must_be_positive) {
  EXPECT_EQ(config_failure(R"({"testTimeoutMs": 0})"_json),
            (Failure{"config.testTimeoutMs", "0 is out of range; allowed: 1 to 86400000 (24 h)"}));
}

TEST(ExecutionConfigCodec, max_failures_must_be_between_0_and_a_million) {
  EXPECT_EQ(config_failure(R"({"maxFailures": -1})"_json),
            (Failure{"config.maxFailures", "-1 is out of range; allowed: 0 to 1000000"}));
  EXPECT_EQ(config_failure(R"({"maxFailures": 4294967296})"_json),
            (Failure{"config.maxFailures", "4294967296 is out of range; allowed: 0 to 1000000"}));
}

TEST(ExecutionConfigCodec, steal_must_be_a_boolean) {
  EXPECT_EQ(config_failure(R"({"steal": "yes"})"_json),
            (Failure{"config.steal", "expected true or false"}));
}

TEST(ExecutionConfigCodec, unknown_tag_mode_lists_the_allowed_values) {
  EXPECT_EQ(config_failure(R"({"tagMode": "spread"})"_json),
            (Failure{"config.tagMode", R"(unknown value "spread"; allowed: group, distribute)"}));
}

TEST(ExecutionConfigCodec, heartbeat_timeout_must_exceed_the_interval) {
  const Failure expected{"config.heartbeatTimeoutMs", "must be greater than heartbeatIntervalMs"};
  EXPECT_EQ(config_failure(R"({"heartbeatIntervalMs": 500, "heartbeatTimeoutMs": 500})"_json),
            expected);
  EXPECT_EQ(config_failure(R"({"heartbeatIntervalMs": 100000})"_json), expected);
  EXPECT_TRUE(decode_execution_config(
      R"({"heartbeatIntervalMs": 500, "heartbeatTimeoutMs": 501})"_json, "config"));
}

TEST(ExecutionConfigCodec, heartbeat_interval_must_be_positive) {
  EXPECT_EQ(
      config_failure(R"({"heartbeatIntervalMs": 0})"_json),
      (Failure{"config.heartbeatIntervalMs", "0 is out of range; allowed: 1 to 3600000 (1 h)"}));
}

// -- runner -------------------------------------------------------------------------

TEST(RunnerConfigCodec, round_trips) {
  const RunnerConfig runner{.kind = RunnerKind::command, .argv = {"make", "{path}"}, .dir = "src"};
  auto decoded = decode_runner_config(encode(runner), "runner");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, runner);
}

TEST(RunnerConfigCodec, a_playwright_runner_needs_no_argv) {
  auto decoded = decode_runner_config(R"({"kind": "playwright", "dir": "e2e"})"_json, "runner");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, (RunnerConfig{.kind = RunnerKind::playwright, .argv = {}, .dir = "e2e"}));
}

TEST(RunnerConfigCodec, a_command_runner_needs_an_argv) {
  const Failure expected{"config.runner.argv", "must not be empty when kind is command"};
  EXPECT_EQ(config_failure(R"({"runner": {"kind": "command"}})"_json), expected);
  EXPECT_EQ(config_failure(R"({"runner": {"argv": []}})"_json), expected);
}

TEST(RunnerConfigCodec, names_a_bad_argv_element_by_its_full_path) {
  EXPECT_EQ(config_failure(R"({"runner": {"argv": ["sh", "-c", 0]}})"_json),
            (Failure{"config.runner.argv[2]", "expected a string"}));
}

TEST(RunnerConfigCodec, unknown_kind_lists_the_allowed_values) {
  EXPECT_EQ(
      config_failure(R"({"runner": {"kind": "docker"}})"_json),
      (Failure{"config.runner.kind", R"(unknown value "docker"; allowed: command, playwright)"}));
}

TEST(RunnerConfigCodec, non_object_is_refused_at_its_path) {
  EXPECT_EQ(config_failure(R"({"runner": "playwright"})"_json),
            (Failure{"config.runner", "expected an object"}));
}

} // namespace
} // namespace shardline
