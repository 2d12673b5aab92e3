#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace shardline {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::time_point<Clock, std::chrono::milliseconds>;

/// ISO-8601 UTC with milliseconds: `2026-11-26T16:31:01.123Z`.
std::string format_time(TimePoint time);

/// Accepts the format above, with or without the fraction (1 to 9 digits,
/// truncated to milliseconds). Anything else is nullopt.
std::optional<TimePoint> parse_time(std::string_view text);

} // namespace shardline
