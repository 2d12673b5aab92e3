#include "http/request_counter.hpp"

namespace shardline::http {

namespace {

// Label values escape backslash, double quote and newline (Prometheus text format).
std::string label_value(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '"')
      escaped.push_back('\\');
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped.push_back(c);
  }
  return escaped;
}

} // namespace

void RequestCounter::count(std::string_view route, int status) {
  std::lock_guard lock(mutex_);
  ++counts_[{std::string(route), status}];
}

std::uint64_t RequestCounter::value(std::string_view route, int status) const {
  std::lock_guard lock(mutex_);
  auto found = counts_.find(std::pair<std::string, int>{std::string(route), status});
  return found == counts_.end() ? 0 : found->second;
}

std::string RequestCounter::prometheus_text() const {
  std::string text = "# HELP shardline_http_requests_total HTTP requests answered, by route "
                     "and status code.\n"
                     "# TYPE shardline_http_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [key, count] : counts_) {
    text += "shardline_http_requests_total{route=\"" + label_value(key.first) + "\",code=\"" +
            std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
  }
  return text;
}

} // namespace shardline::http
