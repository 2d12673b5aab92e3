#include "http/url.hpp"

namespace shardline::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size())
        return std::nullopt;
      int high = hex_value(text[i + 1]);
      int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0)
        return std::nullopt;
      decoded.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      decoded.push_back(' ');
    } else {
      decoded.push_back(c);
    }
  }
  return decoded;
}

Target split_target(std::string_view target) {
  auto question = target.find('?');
  if (question == std::string_view::npos)
    return {target, {}};
  return {target.substr(0, question), target.substr(question + 1)};
}

std::optional<std::vector<std::pair<std::string, std::string>>>
parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (item.empty())
      continue;
    auto equals = item.find('=');
    auto name = percent_decode(item.substr(0, equals), true);
    auto value = equals == std::string_view::npos ? std::optional<std::string>{std::string{}}
                                                  : percent_decode(item.substr(equals + 1), true);
    if (!name || !value)
      return std::nullopt;
    pairs.emplace_back(std::move(*name), std::move(*value));
  }
  return pairs;
}

std::vector<std::string_view> path_segments(std::string_view raw_path) {
  std::vector<std::string_view> segments;
  if (!raw_path.empty() && raw_path.front() == '/')
    raw_path.remove_prefix(1);
  if (raw_path.empty())
    return segments;
  while (true) {
    auto slash = raw_path.find('/');
    segments.push_back(raw_path.substr(0, slash));
    if (slash == std::string_view::npos)
      break;
    raw_path.remove_prefix(slash + 1);
  }
  return segments;
}

} // namespace shardline::http
