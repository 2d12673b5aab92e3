#pragma once

#include "strategies/strategy.hpp"

namespace shardline {

/// Previously failed (or timed-out) tests first: spread by LPT so the last of them ends early, and
/// first in each shard's order; the rest by LPT from there.
class FailFirstStrategy final : public Strategy {
public:
  std::string_view name() const override { return "fail-first"; }

protected:
  std::vector<TestAllocation> plan(std::vector<TestFile> tests, int worker_count,
                                   const StrategyOptions& options) const override;
};

} // namespace shardline
