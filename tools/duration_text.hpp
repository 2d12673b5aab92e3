#pragma once

#include <cstdint>
#include <string>

namespace shardline::cli {

/// A duration for people: `850ms`, `12.3s`, `4m 05s`, `2h 03m`.
std::string duration_text(std::int64_t ms);

} // namespace shardline::cli
