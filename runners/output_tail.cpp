#include "runners/output_tail.hpp"

#include <algorithm>

namespace shardline {

namespace {

bool is_utf8_continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

// A UTF-8 character is at most 4 bytes: at most 3 continuation bytes precede
// the next character's first byte.
constexpr std::size_t max_continuation_bytes = 3;

} // namespace

void OutputTail::append(std::string_view bytes) {
  total_bytes_ += bytes.size();
  if (bytes.size() >= limit_) {
    buffer_.assign(bytes.substr(bytes.size() - limit_));
    return;
  }
  buffer_.append(bytes);
  if (buffer_.size() > 2 * limit_)
    buffer_.erase(0, buffer_.size() - limit_);
}

std::string_view OutputTail::kept() const {
  std::string_view all = buffer_;
  return all.substr(all.size() - std::min(all.size(), limit_));
}

std::string OutputTail::str() const {
  auto text = kept();
  if (truncated()) {
    std::size_t skip = 0;
    while (skip < std::min(text.size(), max_continuation_bytes) && is_utf8_continuation(text[skip]))
      ++skip;
    text.remove_prefix(skip);
  }
  return std::string(text);
}

} // namespace shardline
