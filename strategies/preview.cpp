#include "strategies/preview.hpp"

#include "strategies/estimates.hpp"
#include "strategies/fair_share.hpp"
#include "strategies/groups.hpp"
#include "strategies/strategy.hpp"
#include "strategies/units.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace shardline {

namespace {

std::int64_t lower_bound_ms(std::span<const std::int64_t> estimates, int worker_count) {
  const auto total = total_estimate(estimates);
  const auto longest =
      estimates.empty() ? 0 : *std::max_element(estimates.begin(), estimates.end());
  const auto even_split = total / worker_count + (total % worker_count != 0 ? 1 : 0);
  return std::max(longest, even_split);
}

// The groups, by `group_of`, whose tests are on more than one shard, sorted by name.
std::vector<SplitGroup>
split_groups(const std::vector<TestAllocation>& allocations,
             const std::function<std::optional<std::string_view>(const TestFile&)>& group_of) {
  std::unordered_map<std::string_view, std::vector<int>> shards_of;
  // Allocations come in ascending shard order, so each list stays ascending.
  for (const auto& allocation : allocations)
    for (const auto& test : allocation.tests)
      if (const auto group = group_of(test)) {
        auto& shards = shards_of[*group];
        if (shards.empty() || shards.back() != allocation.shard_index)
          shards.push_back(allocation.shard_index);
      }
  std::vector<SplitGroup> split;
  for (auto& [group, shards] : shards_of)
    if (shards.size() > 1)
      split.push_back(SplitGroup{std::string{group}, std::move(shards)});
  std::sort(split.begin(), split.end(),
            [](const SplitGroup& a, const SplitGroup& b) { return a.group < b.group; });
  return split;
}

} // namespace

Result<Preview> preview(PreviewRequest request) {
  auto strategy = make_strategy(request.strategy);
  if (!strategy)
    return strategy.error();
  // A unit runs whole on one shard: the longest unit bounds the makespan.
  const auto estimates = unit_estimates(request.tests);
  auto allocations = (*strategy)->distribute(std::move(request.tests), request.worker_count,
                                             StrategyOptions{request.tag_mode});
  if (!allocations)
    return allocations.error();

  Preview preview;
  preview.allocations = std::move(*allocations);
  for (const auto& allocation : preview.allocations)
    preview.estimated_makespan_ms =
        std::max(preview.estimated_makespan_ms, allocation.estimated_duration_ms);
  preview.lower_bound_ms = lower_bound_ms(estimates, request.worker_count);
  preview.ratio = preview.lower_bound_ms == 0 ? 1.0
                                              : static_cast<double>(preview.estimated_makespan_ms) /
                                                    static_cast<double>(preview.lower_bound_ms);
  const auto name = (*strategy)->name();
  if (name == "file")
    preview.split_groups = split_groups(preview.allocations, [](const TestFile& test) {
      return std::optional<std::string_view>{folder_of(test.path)};
    });
  else if (name == "tag" && request.tag_mode == TagMode::group)
    preview.split_groups = split_groups(preview.allocations, group_tag);
  return preview;
}

} // namespace shardline
