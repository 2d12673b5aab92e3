#pragma once

#include "model/execution_config.hpp"
#include "model/result.hpp"
#include "model/test_allocation.hpp"
#include "model/test_file.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace shardline {

/// The body of POST /api/execution/parallel/strategies/preview.
struct PreviewRequest {
  std::vector<TestFile> tests;
  std::string strategy; // empty = round-robin
  int worker_count = 1;
  TagMode tag_mode = TagMode::group;
};

/// A folder (strategy `file`) or tag (strategy `tag`, group mode) whose tests
/// the strategy had to place on more than one shard.
struct SplitGroup {
  std::string group;
  std::vector<int> shards;

  friend bool operator==(const SplitGroup&, const SplitGroup&) = default;
};

/// What a preview answers: the allocations and how good they are expected
/// to be. `ratio` = makespan / lower bound (1 when both are 0).
struct Preview {
  std::vector<TestAllocation> allocations;
  std::int64_t estimated_makespan_ms = 0;
  std::int64_t lower_bound_ms = 0;
  double ratio = 1.0;
  std::vector<SplitGroup> split_groups;

  friend bool operator==(const Preview&, const Preview&) = default;
};

/// Requires `tests`; `workerCount` defaults to 1 and must be 1..max_worker_count;
/// `tagMode` is `group` or `distribute`.
Result<PreviewRequest> decode_preview_request(const nlohmann::json& json);
nlohmann::json encode(const Preview& preview);

} // namespace shardline
