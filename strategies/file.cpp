#include "strategies/file.hpp"

#include "strategies/estimates.hpp"
#include "strategies/fair_share.hpp"
#include "strategies/folder_chunks.hpp"
#include "strategies/groups.hpp"
#include "strategies/lpt.hpp"
#include "strategies/saturating.hpp"
#include "strategies/shard_plan.hpp"

#include <algorithm>
#include <utility>

namespace shardline {

std::vector<TestAllocation> FileStrategy::plan(std::vector<TestFile> tests, int worker_count,
                                               const StrategyOptions&) const {
  const auto estimates = effective_estimates(tests);
  const auto folders = group_by_folder(tests);
  const auto folder_weight = group_weights(folders, estimates);
  const auto fair = fair_share(total_estimate(estimates), worker_count);

  // What LPT places: a whole folder, or one chunk of a folder too heavy for a
  // shard, as a slice of the flat member list.
  struct Unit {
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  std::vector<Unit> units;
  std::vector<std::int64_t> unit_weights;
  for (std::size_t folder = 0; folder < folders.size(); ++folder) {
    const auto begin = folders.starts[folder];
    const auto members = folders.of(folder);
    if (worker_count == 1 || folder_weight[folder] <= fair) {
      units.push_back(Unit{begin, begin + members.size()});
      unit_weights.push_back(folder_weight[folder]);
      continue;
    }
    const auto limit = std::min(static_cast<std::size_t>(worker_count), members.size());
    const auto count = shares_needed(folder_weight[folder], fair, limit);
    std::size_t chunk_begin = 0;
    for (const auto chunk_end : cut_folder(members, tests, estimates, count)) {
      std::int64_t weight = 0;
      for (const auto test : members.subspan(chunk_begin, chunk_end - chunk_begin))
        weight = saturating_add(weight, estimates[test]);
      units.push_back(Unit{begin + chunk_begin, begin + chunk_end});
      unit_weights.push_back(weight);
      chunk_begin = chunk_end;
    }
  }

  BinHeap shards(worker_count);
  ShardPlan plan(worker_count);
  for (const auto& placement : place_longest_first(unit_weights, shards)) {
    const auto& unit = units[placement.item];
    plan.append(placement.bin,
                std::span(folders.members).subspan(unit.begin, unit.end - unit.begin));
  }
  return std::move(plan).allocate(std::move(tests), estimates);
}

} // namespace shardline
