#pragma once

#include "model/result.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace shardline {

/// Parses JSON text. A syntax error becomes an Error whose message names the
/// line and column (`invalid JSON at line 3, column 7: ...`), so a user can
/// find it in their file or request body.
Result<nlohmann::json> parse_json(std::string_view text);

/// Serialises without ever throwing: invalid UTF-8 that came in through a test
/// title or a process's output is replaced, not fatal. `indent` < 0 is compact.
std::string to_json_text(const nlohmann::json& json, int indent = -1);

} // namespace shardline
