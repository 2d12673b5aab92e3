#include "strategies/fail_first.hpp"

#include "strategies/estimates.hpp"
#include "strategies/lpt.hpp"
#include "strategies/shard_plan.hpp"

#include <utility>

namespace shardline {

namespace {

bool failed_last_time(const TestFile& test) {
  return test.last_result && is_failure(*test.last_result);
}

} // namespace

std::vector<TestAllocation> FailFirstStrategy::plan(std::vector<TestFile> tests, int worker_count,
                                                    const StrategyOptions&) const {
  const auto estimates = effective_estimates(tests);
  std::vector<std::size_t> failed;
  std::vector<std::size_t> rest;
  for (std::size_t test = 0; test < tests.size(); ++test)
    (failed_last_time(tests[test]) ? failed : rest).push_back(test);
  BinHeap shards(worker_count);
  ShardPlan plan(worker_count);
  // Every failed test is appended before any other, so each shard starts with
  // its failed tests; the rest then continue from the loads they left.
  for (const auto& placement : place_tests_longest_first(failed, estimates, shards))
    plan.append(placement.bin, placement.item);
  for (const auto& placement : place_tests_longest_first(rest, estimates, shards))
    plan.append(placement.bin, placement.item);
  return std::move(plan).allocate(std::move(tests), estimates);
}

} // namespace shardline
