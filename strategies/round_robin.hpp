#pragma once

#include "strategies/strategy.hpp"

namespace shardline {

/// Tests by priority (higher first, stable), dealt to the shards in turn.
class RoundRobinStrategy final : public Strategy {
public:
  std::string_view name() const override { return "round-robin"; }

protected:
  std::vector<TestAllocation> plan(std::vector<TestFile> tests, int worker_count,
                                   const StrategyOptions& options) const override;
};

} // namespace shardline
