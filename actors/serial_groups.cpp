#include "actors/serial_groups.hpp"

#include <string_view>
#include <unordered_map>

namespace shardline {

SerialGroups::SerialGroups(std::span<const TestFile> tests) {
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_name;
  std::vector<std::string_view> order; // names in order of first appearance
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const auto& name = tests[i].serial_group;
    if (name.empty())
      continue;
    auto [it, inserted] = by_name.try_emplace(name);
    if (inserted)
      order.push_back(name);
    it->second.push_back(i);
  }
  for (auto name : order) {
    auto& tests_of_group = by_name[name];
    if (tests_of_group.size() < 2)
      continue;
    if (group_.empty())
      group_.assign(tests.size(), none);
    for (auto test : tests_of_group)
      group_[test] = static_cast<std::uint32_t>(members_.size());
    members_.push_back(std::move(tests_of_group));
  }
}

std::optional<std::size_t> SerialGroups::group_of(std::size_t test) const {
  if (test >= group_.size() || group_[test] == none)
    return std::nullopt;
  return group_[test];
}

} // namespace shardline
