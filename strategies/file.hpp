#pragma once

#include "strategies/strategy.hpp"

namespace shardline {

/// Keeps each folder's tests together on one shard, in input order; folders go by LPT on their
/// summed estimates. A folder heavier than a fair share is cut into contiguous chunks, placed like
/// folders.
class FileStrategy final : public Strategy {
public:
  std::string_view name() const override { return "file"; }

protected:
  std::vector<TestAllocation> plan(std::vector<TestFile> tests, int worker_count,
                                   const StrategyOptions& options) const override;
};

} // namespace shardline
