#pragma once

#include "model/test_file.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace shardline {

/// What a test counts as when no test of the suite has a known estimate.
inline constexpr std::int64_t default_estimate_ms = 1000;

/// The estimate a test without one counts as: the median of the known
/// estimates (the floor of the mean of the two middle ones for an even
/// count), or default_estimate_ms when none is known.
std::int64_t fill_in_estimate(std::span<const TestFile> tests);

/// Each test's effective estimate, in input order: its own estimate, or the
/// fill-in estimate when it has none. A negative estimate counts as 0 so that
/// it cannot make a shard look shorter than empty.
std::vector<std::int64_t> effective_estimates(std::span<const TestFile> tests);

} // namespace shardline
