#pragma once

#include "model/test_file.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace shardline {

/// How far a cut may move from its target to fall between two files instead
/// of inside one: fair_share / file_boundary_slack_divisor. Measured on
/// bench_plan (1e6 tests in 2000 files, 1e3 workers): with 1/16 a quarter of
/// the cuts fall between files and the plan is 0.4% longer than with no slack
/// (1.062 x the lower bound against 1.058); 1/8 puts 40% there but plans 6%
/// longer.
inline constexpr std::int64_t file_boundary_slack_divisor = 16;

/// Cuts a folder's tests (`members`, indices into `tests` in input order) into
/// contiguous chunks of about `fair_share` each, the last one what is left, so
/// every chunk but the last fills a shard and the last packs like a small
/// folder. Each cut aims at `fair_share` past the previous one and goes to the
/// nearest file boundary (between runs of consecutive tests with the same
/// path) within the slack of that target; when there is none it goes to the
/// nearest boundary between tests, cutting the file there. The rest stays one
/// chunk once it weighs at most fair_share plus the slack.
///
/// So no chunk exceeds fair_share by more than the slack or half the test the
/// cut fell next to, every chunk holds at least one test, and a file is cut
/// only where no file boundary lies within the slack of a target. Returns each chunk's end offset
/// in `members`, ascending, the last being members.size(). Requires !members.empty() and fair_share
/// >= 0.
std::vector<std::size_t> cut_folder(std::span<const std::size_t> members,
                                    std::span<const TestFile> tests,
                                    std::span<const std::int64_t> estimates,
                                    std::int64_t fair_share);

} // namespace shardline
