#include "strategies/strategy.hpp"

#include "strategies/duration.hpp"
#include "strategies/fail_first.hpp"
#include "strategies/file.hpp"
#include "strategies/round_robin.hpp"
#include "strategies/tag.hpp"
#include "strategies/units.hpp"

#include <array>
#include <string>
#include <utility>

namespace shardline {

Result<std::vector<TestAllocation>> Strategy::distribute(std::vector<TestFile> tests,
                                                         int worker_count,
                                                         const StrategyOptions& options) const {
  if (worker_count < 1 || worker_count > max_worker_count)
    return Error{"workerCount", "must be between 1 and " + std::to_string(max_worker_count)};
  if (!has_units(tests))
    return plan(std::move(tests), worker_count, options);
  // Every strategy places units whole: it plans one stand-in per unit.
  auto units = group_units(std::move(tests));
  auto allocations = plan(units.stand_ins, worker_count, options);
  expand_units(allocations, std::move(units));
  return allocations;
}

std::span<const std::string_view> known_strategies() {
  static constexpr std::array<std::string_view, 5> names{"round-robin", "duration", "file", "tag",
                                                         "fail-first"};
  return names;
}

Result<std::unique_ptr<Strategy>> make_strategy(std::string_view name) {
  if (name.empty() || name == "round-robin")
    return std::unique_ptr<Strategy>{std::make_unique<RoundRobinStrategy>()};
  if (name == "duration")
    return std::unique_ptr<Strategy>{std::make_unique<DurationStrategy>()};
  if (name == "file")
    return std::unique_ptr<Strategy>{std::make_unique<FileStrategy>()};
  if (name == "tag")
    return std::unique_ptr<Strategy>{std::make_unique<TagStrategy>()};
  if (name == "fail-first")
    return std::unique_ptr<Strategy>{std::make_unique<FailFirstStrategy>()};
  std::string known;
  for (const auto known_name : known_strategies())
    known += (known.empty() ? "" : ", ") + std::string{known_name};
  return Error{"strategy", "unknown strategy \"" + std::string{name} + "\"; known: " + known};
}

} // namespace shardline
