#pragma once

// How many HTTP requests the server answered, by route and status code, in
// the Prometheus text format that /metrics serves.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace shardline::http {

class RequestCounter {
public:
  /// The route name requests that matched no route are counted under.
  static constexpr std::string_view unmatched = "unmatched";

  /// Thread-safe.
  void count(std::string_view route, int status);

  /// How many answers of that status that route gave so far.
  std::uint64_t value(std::string_view route, int status) const;

  /// `# HELP`, `# TYPE` and one line per (route, code):
  /// `shardline_http_requests_total{route="status",code="200"} 3`, sorted.
  std::string prometheus_text() const;

private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t, std::less<>> counts_;
};

} // namespace shardline::http
