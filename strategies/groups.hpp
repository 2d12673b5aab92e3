#pragma once

#include "model/test_file.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace shardline {

/// The folder strategy `file` keeps together: the part of the path before the
/// last '/', or "" for a path without one.
std::string_view folder_of(std::string_view path);

/// The tag strategy `tag` groups a test by: its first tag; none when the test
/// is untagged.
std::optional<std::string_view> group_tag(const TestFile& test);

/// Tests grouped by a key: groups in order of first appearance, each group's
/// members (indices into the suite) in input order, stored flat: group g's
/// members are members[starts[g] .. starts[g + 1]). The keys view the tests'
/// strings, so they are valid only while the tests stay where they are.
struct Groups {
  std::vector<std::string_view> keys;
  std::vector<std::size_t> starts{0};
  std::vector<std::size_t> members;

  std::size_t size() const { return keys.size(); }
  std::span<const std::size_t> of(std::size_t group) const {
    return std::span(members).subspan(starts[group], starts[group + 1] - starts[group]);
  }
};

Groups group_by_folder(std::span<const TestFile> tests);

/// Untagged tests belong to no group.
Groups group_by_tag(std::span<const TestFile> tests);

/// Each group's saturating sum of `estimates`.
std::vector<std::int64_t> group_weights(const Groups& groups,
                                        std::span<const std::int64_t> estimates);

} // namespace shardline
