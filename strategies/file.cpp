#include "strategies/file.hpp"

#include "strategies/estimates.hpp"
#include "strategies/fair_share.hpp"
#include "strategies/folder_chunks.hpp"
#include "strategies/groups.hpp"
#include "strategies/lpt.hpp"
#include "strategies/saturating.hpp"
#include "strategies/shard_plan.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace shardline {

namespace {

// What LPT places: a whole folder, or one chunk of a folder heavier than a
// fair share, as a slice [begin, end) of the flat member list.
struct Unit {
  std::size_t folder = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
};

constexpr std::size_t not_seen = static_cast<std::size_t>(-1);

// LPT may put two chunks of one folder on one shard, the later chunk first when
// it is heavier. Moving each folder's units together, in member order, to where
// its first unit stands keeps a folder (so each of its files) one block in input
// order on every shard. `first_slot` is all not_seen and is left so.
void keep_folders_together(std::vector<std::size_t>& shard_units, const std::vector<Unit>& units,
                           std::vector<std::size_t>& first_slot) {
  bool repeated = false;
  for (std::size_t slot = 0; slot < shard_units.size(); ++slot) {
    auto& first = first_slot[units[shard_units[slot]].folder];
    repeated = repeated || first != not_seen;
    if (first == not_seen)
      first = slot;
  }
  if (repeated)
    std::sort(shard_units.begin(), shard_units.end(), [&](std::size_t a, std::size_t b) {
      return std::tuple(first_slot[units[a].folder], units[a].begin) <
             std::tuple(first_slot[units[b].folder], units[b].begin);
    });
  for (const auto unit : shard_units)
    first_slot[units[unit].folder] = not_seen;
}

} // namespace

std::vector<TestAllocation> FileStrategy::plan(std::vector<TestFile> tests, int worker_count,
                                               const StrategyOptions&) const {
  const auto estimates = effective_estimates(tests);
  const auto folders = group_by_folder(tests);
  const auto folder_weight = group_weights(folders, estimates);
  const auto fair = fair_share(total_estimate(estimates), worker_count);

  std::vector<Unit> units;
  std::vector<std::int64_t> unit_weights;
  for (std::size_t folder = 0; folder < folders.size(); ++folder) {
    const auto begin = folders.starts[folder];
    const auto members = folders.of(folder);
    if (worker_count == 1 || folder_weight[folder] <= fair) {
      units.push_back(Unit{folder, begin, begin + members.size()});
      unit_weights.push_back(folder_weight[folder]);
      continue;
    }
    std::size_t chunk_begin = 0;
    for (const auto chunk_end : cut_folder(members, tests, estimates, fair)) {
      std::int64_t weight = 0;
      for (const auto test : members.subspan(chunk_begin, chunk_end - chunk_begin))
        weight = saturating_add(weight, estimates[test]);
      units.push_back(Unit{folder, begin + chunk_begin, begin + chunk_end});
      unit_weights.push_back(weight);
      chunk_begin = chunk_end;
    }
  }

  BinHeap shards(worker_count);
  std::vector<std::vector<std::size_t>> units_of(static_cast<std::size_t>(worker_count));
  for (const auto& placement : place_longest_first(unit_weights, shards))
    units_of[static_cast<std::size_t>(placement.bin)].push_back(placement.item);

  std::vector<std::size_t> first_slot(folders.size(), not_seen);
  ShardPlan plan(worker_count);
  for (std::size_t shard = 0; shard < units_of.size(); ++shard) {
    keep_folders_together(units_of[shard], units, first_slot);
    for (const auto item : units_of[shard]) {
      const auto& unit = units[item];
      plan.append(static_cast<int>(shard),
                  std::span(folders.members).subspan(unit.begin, unit.end - unit.begin));
    }
  }
  return std::move(plan).allocate(std::move(tests), estimates);
}

} // namespace shardline
