#include "model/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace shardline {

namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] parse
// error at line 1, column 2: "; keep only what the user needs.
std::string describe_syntax_error(std::string_view text, const nlohmann::json::parse_error& e) {
  auto offset = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
  auto before = text.substr(0, offset);
  auto line = 1 + std::count(before.begin(), before.end(), '\n');
  auto last_newline = before.rfind('\n');
  auto column = last_newline == std::string_view::npos ? offset + 1 : offset - last_newline;
  std::string what = e.what();
  if (auto colon = what.find(": ", what.find("column")); colon != std::string::npos)
    what = what.substr(colon + 2);
  return "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
         ": " + what;
}

} // namespace

Result<nlohmann::json> parse_json(std::string_view text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Error{"", describe_syntax_error(text, e)};
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double (`1e400`) is out_of_range, not a parse error.
    std::string what = e.what();
    if (auto bracket = what.find("] "); bracket != std::string::npos)
      what = what.substr(bracket + 2);
    return Error{"", "invalid JSON: " + what};
  }
}

std::string to_json_text(const nlohmann::json& json, int indent) {
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace shardline
