#pragma once

#include "model/test_allocation.hpp"
#include "model/test_file.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace shardline {

/// True when some tests share a unit (TestFile::unit), so that planning has
/// to keep them together.
bool has_units(std::span<const TestFile> tests);

/// Each test's unit as a number: tests with the same non-empty `unit` share
/// one, every other test has one of its own; numbered in order of first
/// appearance, so the numbers of a suite of n tests are below n.
std::vector<std::uint32_t> unit_numbers(std::span<const TestFile> tests);

/// A suite seen as units, for a strategy to place whole: one stand-in test
/// per unit, and the unit's tests behind it.
struct UnitSuite {
  /// One per unit, in order of first appearance: the unit's first test with
  /// the unit's summed estimate (missing ones filled in as the strategies
  /// fill them in, over the whole suite), the union of its tags, its highest
  /// priority and a failure if any test failed last time.
  std::vector<TestFile> stand_ins;
  std::vector<std::vector<TestFile>> members; // members[k]: stand_ins[k]'s tests, in suite order
};

/// Each unit's estimated work, in order of first appearance: the sum of its
/// tests' effective estimates (effective_estimates).
std::vector<std::int64_t> unit_estimates(std::span<const TestFile> tests);

UnitSuite group_units(std::vector<TestFile> tests);

/// Replaces every stand-in in `allocations` by its unit's tests, in order.
void expand_units(std::vector<TestAllocation>& allocations, UnitSuite units);

} // namespace shardline
