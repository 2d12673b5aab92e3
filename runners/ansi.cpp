#include "runners/ansi.hpp"

namespace shardline {

namespace {

constexpr char escape = '\x1b';
constexpr char bell = '\x07';

bool in_range(char byte, unsigned char low, unsigned char high) {
  auto value = static_cast<unsigned char>(byte);
  return value >= low && value <= high;
}

// Each returns the index just past the sequence that starts at `start` (the
// ESC), or text.size() when the text ends inside it.

// CSI: ESC [, parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one
// final byte 0x40-0x7E. A byte outside these ranges ends a malformed
// sequence, and is kept.
std::size_t skip_csi(std::string_view text, std::size_t start) {
  auto i = start + 2;
  while (i < text.size() && in_range(text[i], 0x30, 0x3F))
    ++i;
  while (i < text.size() && in_range(text[i], 0x20, 0x2F))
    ++i;
  if (i < text.size() && in_range(text[i], 0x40, 0x7E))
    ++i;
  return i;
}

// OSC, DCS, SOS, PM, APC: a string up to BEL or the string terminator ESC \.
std::size_t skip_string(std::string_view text, std::size_t start) {
  for (auto i = start + 2; i < text.size(); ++i) {
    if (text[i] == bell)
      return i + 1;
    if (text[i] == escape && i + 1 < text.size() && text[i + 1] == '\\')
      return i + 2;
  }
  return text.size();
}

// Other escapes: intermediate bytes 0x20-0x2F, then one final byte
// (`ESC ( B`, `ESC =`, `ESC 7`).
std::size_t skip_escape(std::string_view text, std::size_t start) {
  auto i = start + 1;
  while (i < text.size() && in_range(text[i], 0x20, 0x2F))
    ++i;
  if (i < text.size() && in_range(text[i], 0x30, 0x7E))
    ++i;
  return i;
}

std::size_t skip_sequence(std::string_view text, std::size_t start) {
  if (start + 1 >= text.size())
    return text.size();
  switch (text[start + 1]) {
  case '[':
    return skip_csi(text, start);
  case ']':
  case 'P':
  case 'X':
  case '^':
  case '_':
    return skip_string(text, start);
  default:
    return skip_escape(text, start);
  }
}

} // namespace

std::string strip_ansi(std::string_view text) {
  std::string plain;
  plain.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto next = text.find(escape, i);
    if (next == std::string_view::npos) {
      plain.append(text.substr(i));
      break;
    }
    plain.append(text.substr(i, next - i));
    i = skip_sequence(text, next);
  }
  return plain;
}

std::string first_plain_line(std::string_view text) {
  auto plain = strip_ansi(text);
  std::string_view rest = plain;
  while (!rest.empty()) {
    auto end = rest.find('\n');
    auto line = rest.substr(0, end);
    if (auto first = line.find_first_not_of(" \t\r"); first != std::string_view::npos) {
      line.remove_prefix(first);
      return std::string(line.substr(0, line.find_last_not_of(" \t\r") + 1));
    }
    if (end == std::string_view::npos)
      break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

} // namespace shardline
