#pragma once

#include "model/test_file.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace shardline {

/// The serial groups of a suite (TestFile::serial_group) that hold more than
/// one test: which group each test is in, and each group's tests in the
/// suite's order. A group of one is no group: retrying it is retrying its test.
class SerialGroups {
public:
  SerialGroups() = default;
  explicit SerialGroups(std::span<const TestFile> tests);

  /// The group of the test at index `test`, if it is in one.
  std::optional<std::size_t> group_of(std::size_t test) const;

  /// The tests of group `group`, in the suite's order.
  const std::vector<std::size_t>& members(std::size_t group) const { return members_[group]; }

  std::size_t size() const { return members_.size(); }

private:
  static constexpr std::uint32_t none = UINT32_MAX;
  std::vector<std::uint32_t> group_; // per test; empty when the suite has no group
  std::vector<std::vector<std::size_t>> members_;
};

} // namespace shardline
