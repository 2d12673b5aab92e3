#pragma once

#include "model/preview.hpp"

#include <iosfwd>
#include <string_view>

namespace shardline::cli {

/// The human form of a preview: one row per shard (tests, estimate, share of
/// the total), then makespan, lower bound, ratio and any split groups.
void print_preview_table(const Preview& preview, std::string_view strategy, bool list_tests,
                         std::ostream& out);

} // namespace shardline::cli
