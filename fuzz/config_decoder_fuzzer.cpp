// libFuzzer target: the JSON decoders of every number a client sends (the
// start request with its config and tests, the preview request), and the
// deadline arithmetic those numbers reach. For any input:
// - nothing crashes, hangs, leaks or reads out of bounds;
// - a request that decodes has every bounded number inside its documented
//   range (model/ranges.hpp), so a value the docs do not allow never reaches
//   a worker;
// - an accepted config encodes and decodes to itself;
// - every deadline computed from accepted values (the test's, the shard's
//   batch deadline, heartbeat checks) lies after now and is not "never".
// A broken promise aborts, which libFuzzer reports with the input.
//
// Build and run: tools/fuzz [SECONDS] (clang, -fsanitize=fuzzer,address).

#include "model/deadline.hpp"
#include "model/execution_config.hpp"
#include "model/json_text.hpp"
#include "model/preview.hpp"
#include "model/ranges.hpp"
#include "model/start_request.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

using namespace shardline;

void require(bool promise, const char* what) {
  if (!promise) {
    std::fprintf(stderr, "broken promise: %s\n", what);
    std::abort();
  }
}

void require_in(std::int64_t value, const ValueRange& range, const char* field) {
  require(range.contains(value), field);
}

// A deadline `after` from now on the steady clock: after now, before never.
void require_sound_deadline(std::chrono::milliseconds after, const char* what) {
  auto now = std::chrono::steady_clock::now();
  auto deadline = deadline_after(now, after);
  require(deadline > now && deadline != std::chrono::steady_clock::time_point::max(), what);
}

void check_config(const ParallelExecutionConfig& config) {
  require_in(config.worker_count, ranges::worker_count, "workerCount");
  require_in(config.retries, ranges::retries, "retries");
  require_in(config.test_timeout_ms, ranges::test_timeout_ms, "testTimeoutMs");
  require_in(config.max_failures, ranges::max_failures, "maxFailures");
  require_in(config.heartbeat_interval_ms, ranges::heartbeat_interval_ms, "heartbeatIntervalMs");
  require_in(config.heartbeat_timeout_ms, ranges::heartbeat_timeout_ms, "heartbeatTimeoutMs");
  require(config.heartbeat_timeout_ms > config.heartbeat_interval_ms, "timeout > interval");

  // A config that leaves `runner` out gets a command runner without argv,
  // which decodes (the session reports it) but, written out, no longer does:
  // the one asymmetry of the codec, left out here.
  if (config.runner.kind != RunnerKind::command || !config.runner.argv.empty()) {
    auto reread = decode_execution_config(encode(config), "config");
    require(reread && *reread == config, "config round trip");
  }

  std::chrono::milliseconds timeout{config.test_timeout_ms};
  require_sound_deadline(timeout, "test deadline");
  // The shard's batch deadline (actors/session.cpp, actors/shard.cpp) for
  // the largest batch a worker could be handed: every test of a big suite.
  auto batch = saturating_sum(saturating_product(timeout, 2), std::chrono::milliseconds{60'000});
  require_sound_deadline(bounded_wait(saturating_product(batch, 1'000'000)), "batch deadline");
  require_sound_deadline(std::chrono::milliseconds{config.heartbeat_timeout_ms}, "heartbeat check");
}

void check_tests(const std::vector<TestFile>& tests) {
  for (const auto& test : tests) {
    if (test.line)
      require_in(*test.line, ranges::line, "line");
    if (test.estimated_duration_ms)
      require_in(*test.estimated_duration_ms, ranges::estimated_duration_ms, "estimatedDurationMs");
    require_in(test.priority, ranges::priority, "priority");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto json = parse_json(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json)
    return 0;
  if (auto request = decode_start_request(*json)) {
    check_config(request->config);
    check_tests(request->tests);
  }
  if (auto config = decode_execution_config(*json, "config"))
    check_config(*config);
  if (auto preview = decode_preview_request(*json)) {
    require_in(preview->worker_count, ranges::worker_count, "preview workerCount");
    check_tests(preview->tests);
  }
  return 0;
}
