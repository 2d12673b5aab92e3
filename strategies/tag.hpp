#pragma once

#include "strategies/strategy.hpp"

namespace shardline {

/// Groups tests by their first tag. In group mode a tag stays on one shard, or on a few when it is
/// heavier than a fair share; in distribute mode each tag spreads evenly over all shards. Untagged
/// tests fill in by LPT.
class TagStrategy final : public Strategy {
public:
  std::string_view name() const override { return "tag"; }

protected:
  std::vector<TestAllocation> plan(std::vector<TestFile> tests, int worker_count,
                                   const StrategyOptions& options) const override;
};

} // namespace shardline
