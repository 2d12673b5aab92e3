#pragma once

#include "strategies/strategy.hpp"

namespace shardline {

/// Keeps each folder's tests together on one shard, in input order; folders go by LPT on their
/// summed estimates. A folder heavier than a fair share is cut into contiguous chunks of about a
/// fair share each plus what is left (see cut_folder): cuts prefer the boundaries between files,
/// but a file that straddles a chunk's end is cut between its tests, so no chunk exceeds a fair
/// share by more than a sixteenth of it or half a test. The chunks are placed like folders, and
/// chunks of one folder that land on one shard run there as one block in input order.
class FileStrategy final : public Strategy {
public:
  std::string_view name() const override { return "file"; }

protected:
  std::vector<TestAllocation> plan(std::vector<TestFile> tests, int worker_count,
                                   const StrategyOptions& options) const override;
};

} // namespace shardline
