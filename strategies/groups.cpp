#include "strategies/groups.hpp"

#include "strategies/saturating.hpp"

#include <unordered_map>

namespace shardline {

namespace {

constexpr std::size_t no_group = static_cast<std::size_t>(-1);

template <class KeyOf>
Groups group_by(std::span<const TestFile> tests, KeyOf key_of) {
  Groups groups;
  std::unordered_map<std::string_view, std::size_t> ids;
  std::vector<std::size_t> group_of(tests.size(), no_group);
  std::vector<std::size_t> counts;
  for (std::size_t test = 0; test < tests.size(); ++test) {
    const std::optional<std::string_view> key = key_of(tests[test]);
    if (!key)
      continue;
    const auto [it, added] = ids.try_emplace(*key, groups.keys.size());
    if (added) {
      groups.keys.push_back(*key);
      counts.push_back(0);
    }
    group_of[test] = it->second;
    ++counts[it->second];
  }
  // Counting sort into the flat member list keeps each group in input order.
  groups.starts.resize(counts.size() + 1);
  for (std::size_t group = 0; group < counts.size(); ++group)
    groups.starts[group + 1] = groups.starts[group] + counts[group];
  groups.members.resize(groups.starts.back());
  auto next = groups.starts;
  for (std::size_t test = 0; test < tests.size(); ++test)
    if (group_of[test] != no_group)
      groups.members[next[group_of[test]]++] = test;
  return groups;
}

} // namespace

std::string_view folder_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

std::optional<std::string_view> group_tag(const TestFile& test) {
  if (test.tags.empty())
    return std::nullopt;
  return std::string_view{test.tags.front()};
}

Groups group_by_folder(std::span<const TestFile> tests) {
  return group_by(tests, [](const TestFile& test) {
    return std::optional<std::string_view>{folder_of(test.path)};
  });
}

Groups group_by_tag(std::span<const TestFile> tests) {
  return group_by(tests, group_tag);
}

std::vector<std::int64_t> group_weights(const Groups& groups,
                                        std::span<const std::int64_t> estimates) {
  std::vector<std::int64_t> weights(groups.size(), 0);
  for (std::size_t group = 0; group < groups.size(); ++group)
    for (const auto test : groups.of(group))
      weights[group] = saturating_add(weights[group], estimates[test]);
  return weights;
}

} // namespace shardline
