#pragma once

#include "model/test_file.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace shardline {

/// Cuts a sequence of weighted units into `count` non-empty contiguous runs
/// of near-even weight: the j-th cut goes to the unit boundary closest to
/// j/count of the total (ties to the earlier boundary). Returns each run's
/// end (exclusive). Requires 1 <= count <= weights.size().
std::vector<std::size_t> even_cuts(std::span<const std::int64_t> weights, std::size_t count);

/// Cuts a folder's tests (`members`, indices into `tests` in input order) into
/// `count` contiguous chunks of near-even weight. Cuts fall between files
/// (runs of consecutive tests with the same path) when the folder has at
/// least `count` of them, and between tests otherwise. Returns each chunk's
/// end offset in `members`. Requires 1 <= count <= members.size().
std::vector<std::size_t> cut_folder(std::span<const std::size_t> members,
                                    std::span<const TestFile> tests,
                                    std::span<const std::int64_t> estimates, std::size_t count);

} // namespace shardline
