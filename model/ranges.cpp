#include "model/ranges.hpp"

namespace shardline {

std::string describe(const ValueRange& range) {
  std::string text = std::to_string(range.min);
  text += " to ";
  text += std::to_string(range.max);
  if (!range.spoken_max.empty()) {
    text += " (";
    text += range.spoken_max;
    text += ')';
  }
  return text;
}

std::string out_of_range_message(std::string_view value, const ValueRange& range) {
  std::string text(value);
  text += " is out of range; allowed: ";
  text += describe(range);
  return text;
}

} // namespace shardline
