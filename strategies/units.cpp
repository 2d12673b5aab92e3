#include "strategies/units.hpp"

#include "strategies/estimates.hpp"
#include "strategies/saturating.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace shardline {

bool has_units(std::span<const TestFile> tests) {
  std::unordered_map<std::string_view, int> seen;
  for (const auto& test : tests)
    if (!test.unit.empty() && ++seen[test.unit] > 1)
      return true;
  return false;
}

std::vector<std::uint32_t> unit_numbers(std::span<const TestFile> tests) {
  std::vector<std::uint32_t> numbers;
  numbers.reserve(tests.size());
  std::unordered_map<std::string_view, std::uint32_t> number_of;
  std::uint32_t next = 0;
  for (const auto& test : tests) {
    if (test.unit.empty()) {
      numbers.push_back(next++);
      continue;
    }
    auto [it, added] = number_of.try_emplace(test.unit, next);
    if (added)
      ++next;
    numbers.push_back(it->second);
  }
  return numbers;
}

std::vector<std::int64_t> unit_estimates(std::span<const TestFile> tests) {
  const auto numbers = unit_numbers(tests);
  const auto estimates = effective_estimates(tests);
  std::vector<std::int64_t> sums;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    if (numbers[i] == sums.size())
      sums.push_back(0);
    sums[numbers[i]] = saturating_add(sums[numbers[i]], estimates[i]);
  }
  return sums;
}

namespace {

// What a strategy should see of a unit of several tests.
TestFile stand_in_for(const std::vector<TestFile>& members,
                      std::span<const std::int64_t> estimates) {
  TestFile stand_in = members.front();
  std::int64_t sum = 0;
  for (auto estimate : estimates)
    sum = saturating_add(sum, estimate);
  stand_in.estimated_duration_ms = sum;
  for (const auto& test : members) {
    for (const auto& tag : test.tags)
      if (std::find(stand_in.tags.begin(), stand_in.tags.end(), tag) == stand_in.tags.end())
        stand_in.tags.push_back(tag);
    stand_in.priority = std::max(stand_in.priority, test.priority);
    if (test.last_result && is_failure(*test.last_result) &&
        !(stand_in.last_result && is_failure(*stand_in.last_result)))
      stand_in.last_result = test.last_result;
  }
  return stand_in;
}

} // namespace

UnitSuite group_units(std::vector<TestFile> tests) {
  const auto numbers = unit_numbers(tests);
  const auto estimates = effective_estimates(tests);
  UnitSuite units;
  std::vector<std::vector<std::int64_t>> unit_estimates;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    if (numbers[i] == units.members.size()) {
      units.members.emplace_back();
      unit_estimates.emplace_back();
    }
    units.members[numbers[i]].push_back(std::move(tests[i]));
    unit_estimates[numbers[i]].push_back(estimates[i]);
  }
  // Every stand-in gets its estimate: a lone test without one counts as the
  // fill-in of the whole suite, not of the stand-ins (whose sums would make
  // it look as long as a unit).
  units.stand_ins.reserve(units.members.size());
  for (std::size_t k = 0; k < units.members.size(); ++k)
    units.stand_ins.push_back(stand_in_for(units.members[k], unit_estimates[k]));
  return units;
}

void expand_units(std::vector<TestAllocation>& allocations, UnitSuite units) {
  std::unordered_map<std::string_view, std::size_t> unit_of;
  for (std::size_t k = 0; k < units.stand_ins.size(); ++k)
    unit_of.emplace(units.stand_ins[k].id, k);
  for (auto& allocation : allocations) {
    std::vector<TestFile> tests;
    for (const auto& stand_in : allocation.tests) {
      auto& members = units.members[unit_of.at(stand_in.id)];
      std::move(members.begin(), members.end(), std::back_inserter(tests));
    }
    allocation.tests = std::move(tests);
  }
}

} // namespace shardline
