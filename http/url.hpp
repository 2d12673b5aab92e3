#pragma once

// Percent-decoding of request targets: the path, the query, and one path
// segment at a time for the router and the artifact resolver.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shardline::http {

/// `%XX` escapes decoded; nullopt for a malformed escape (`%4`, `%zz`).
/// In a query, `+` stands for a space.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

/// A request target split at the first `?`: the path as sent and the query.
struct Target {
  std::string_view path;
  std::string_view query;
};
Target split_target(std::string_view target);

/// `a=1&b=x%20y` → {("a","1"), ("b","x y")}, in order; nullopt for a
/// malformed escape. A name without `=` has the value "".
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view query);

/// The segments of a path as sent, without the leading `/`: "/a/b" → {"a","b"},
/// "/" → {}, "/a/" → {"a", ""}.
std::vector<std::string_view> path_segments(std::string_view raw_path);

} // namespace shardline::http
