#pragma once

#include "model/execution_config.hpp"
#include "model/result.hpp"
#include "model/test_allocation.hpp"
#include "model/test_file.hpp"

#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace shardline {

struct StrategyOptions {
  TagMode tag_mode = TagMode::group;
};

/// A way of splitting a suite into shards. Implementations are pure: the same
/// input gives the same output, with no state kept between calls.
class Strategy {
public:
  virtual ~Strategy() = default;

  /// The name make_strategy knows it by.
  virtual std::string_view name() const = 0;

  /// Splits `tests` into exactly `worker_count` allocations (some may be
  /// empty), every test in exactly one, each allocation's order being its
  /// execution order. Tests that share a unit stay together, in their input
  /// order: the strategy places the unit as one test of their summed
  /// estimate. `tests` is taken by value so callers can move a large
  /// suite in. Errors only for a worker count outside 1..max_worker_count
  /// (field `workerCount`).
  Result<std::vector<TestAllocation>> distribute(std::vector<TestFile> tests, int worker_count,
                                                 const StrategyOptions& options = {}) const;

protected:
  /// Called with 1 <= worker_count <= max_worker_count.
  virtual std::vector<TestAllocation> plan(std::vector<TestFile> tests, int worker_count,
                                           const StrategyOptions& options) const = 0;
};

/// `round-robin`, `duration`, `file`, `tag`, `fail-first`.
std::span<const std::string_view> known_strategies();

/// An empty name means round-robin; an unknown one is an error (field
/// `strategy`) that lists the known names.
Result<std::unique_ptr<Strategy>> make_strategy(std::string_view name);

} // namespace shardline
