#pragma once

#include "model/test_allocation.hpp"
#include "model/test_file.hpp"
#include "strategies/strategy.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shardline::test_support {

/// Builds a TestFile for a hand-made suite: `test_case("A").estimate(300)`.
/// By default the path is `<id>.spec.ts` (no folder) and the title is the id.
class test_case {
public:
  explicit test_case(std::string id) {
    test_.id = id;
    test_.path = id + ".spec.ts";
    test_.title = std::move(id);
  }

  test_case& estimate(std::int64_t ms) {
    test_.estimated_duration_ms = ms;
    return *this;
  }
  test_case& in(std::string path) {
    test_.path = std::move(path);
    return *this;
  }
  test_case& tagged(std::vector<std::string> tags) {
    test_.tags = std::move(tags);
    return *this;
  }
  test_case& last(TestStatus status) {
    test_.last_result = status;
    return *this;
  }
  test_case& priority(std::int64_t priority) {
    test_.priority = priority;
    return *this;
  }

  operator TestFile() const { return test_; }

private:
  TestFile test_;
};

using ShardIds = std::vector<std::vector<std::string>>;

/// Each shard's test ids in execution order.
inline ShardIds ids_by_shard(const std::vector<TestAllocation>& allocations) {
  ShardIds ids;
  for (const auto& allocation : allocations) {
    ids.emplace_back();
    for (const auto& test : allocation.tests)
      ids.back().push_back(test.id);
  }
  return ids;
}

inline std::vector<std::int64_t> shard_estimates(const std::vector<TestAllocation>& allocations) {
  std::vector<std::int64_t> estimates;
  for (const auto& allocation : allocations)
    estimates.push_back(allocation.estimated_duration_ms);
  return estimates;
}

/// Distributes with the named strategy; a failure is a test failure and
/// gives no allocations.
inline std::vector<TestAllocation> plan_with(std::string_view strategy, std::vector<TestFile> tests,
                                             int worker_count, StrategyOptions options = {}) {
  auto made = make_strategy(strategy);
  if (!made) {
    ADD_FAILURE() << made.error().to_string();
    return {};
  }
  auto allocations = (*made)->distribute(std::move(tests), worker_count, options);
  if (!allocations) {
    ADD_FAILURE() << allocations.error().to_string();
    return {};
  }
  return std::move(*allocations);
}

} // namespace shardline::test_support
