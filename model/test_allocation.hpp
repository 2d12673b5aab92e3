#pragma once

#include "model/result.hpp"
#include "model/test_file.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <vector>

namespace shardline {

/// One shard: the tests one worker runs, in execution order, and the sum of
/// their estimates (missing estimates filled in by the strategy).
struct TestAllocation {
  int shard_index = 0;
  std::vector<TestFile> tests;
  std::int64_t estimated_duration_ms = 0;

  friend bool operator==(const TestAllocation&, const TestAllocation&) = default;
};

nlohmann::json encode(const TestAllocation& allocation);
Result<TestAllocation> decode_test_allocation(const nlohmann::json& json, const std::string& at);

} // namespace shardline
