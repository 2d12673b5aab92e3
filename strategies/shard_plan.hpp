#pragma once

#include "model/test_allocation.hpp"
#include "model/test_file.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace shardline {

/// Each shard's tests in execution order, as indices into the suite. The
/// strategies plan on indices and an estimate array and move each test into
/// its allocation only once, at the end.
class ShardPlan {
public:
  explicit ShardPlan(int worker_count);

  /// Appends a test to the end of `shard`'s execution order.
  void append(int shard, std::size_t test);
  void append(int shard, std::span<const std::size_t> tests);

  /// One allocation per shard, with the tests moved out of `tests` and each
  /// allocation's estimate the saturating sum of its tests' `estimates`.
  /// Requires every test to be appended exactly once.
  std::vector<TestAllocation> allocate(std::vector<TestFile> tests,
                                       std::span<const std::int64_t> estimates) &&;

private:
  std::vector<std::vector<std::size_t>> order_;
};

} // namespace shardline
