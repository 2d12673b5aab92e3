#pragma once

#include "strategies/strategy.hpp"

namespace shardline {

/// Longest processing time first: each test, longest estimate first, onto the least-loaded shard.
class DurationStrategy final : public Strategy {
public:
  std::string_view name() const override { return "duration"; }

protected:
  std::vector<TestAllocation> plan(std::vector<TestFile> tests, int worker_count,
                                   const StrategyOptions& options) const override;
};

} // namespace shardline
