#pragma once

#include "model/execution_config.hpp"
#include "model/result.hpp"
#include "model/test_file.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace shardline {

/// `discover` of a start request: the server lists the tests itself.
struct DiscoverRequest {
  RunnerKind runner = RunnerKind::playwright;
  std::string dir;  // the project folder, on the server
  std::string grep; // only tests whose title matches (Playwright --grep)

  friend bool operator==(const DiscoverRequest&, const DiscoverRequest&) = default;
};

/// The body of POST /api/execution/parallel: either `tests` or `discover`,
/// and a `config`.
struct StartRequest {
  std::vector<TestFile> tests;
  std::optional<DiscoverRequest> discover;
  ParallelExecutionConfig config;

  friend bool operator==(const StartRequest&, const StartRequest&) = default;
};

/// Exactly one of `tests` and `discover` (`tests: give either tests or
/// discover, not both`); `discover.runner` must be playwright (the command
/// runner has nothing to list); the config as decode_execution_config checks it.
Result<StartRequest> decode_start_request(const nlohmann::json& json);

} // namespace shardline
