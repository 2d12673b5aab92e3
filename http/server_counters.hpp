#pragma once

// What the server turns away or holds back to stay reachable, counted for
// /metrics: connections closed to make room, connections refused over the
// caps, warnings held back by the log throttle. The server bumps them from
// its I/O threads; the /metrics route renders them (Api::server_counters).

#include <atomic>
#include <cstdint>
#include <string>

namespace shardline::http {

class ServerCounters {
public:
  /// Waiting connections closed to make room for new ones.
  void closed_for_room(std::uint64_t count = 1);
  /// A connection over the caps with the reserve full: closed at once.
  void refused_reserve_full();
  /// A request on a reserve connection that is not a priority path: 503.
  void refused_over_caps();
  /// The tally a LogThrottle adds the lines it holds back to.
  std::atomic<std::uint64_t>& log_lines_held_back() { return held_back_; }

  std::uint64_t closed_for_room_total() const;
  std::uint64_t refused_reserve_full_total() const;
  std::uint64_t refused_over_caps_total() const;
  std::uint64_t log_lines_held_back_total() const;

  /// `# HELP`, `# TYPE` and the samples of
  /// shardline_http_connections_closed_for_room_total,
  /// shardline_http_connections_refused_total{reason="reserve_full"|"over_caps"} and
  /// shardline_log_lines_held_back_total.
  std::string prometheus_text() const;

private:
  std::atomic<std::uint64_t> closed_for_room_ = 0;
  std::atomic<std::uint64_t> refused_reserve_full_ = 0;
  std::atomic<std::uint64_t> refused_over_caps_ = 0;
  std::atomic<std::uint64_t> held_back_ = 0;
};

/// The Prometheus text of shardline_log_lines_dropped_total: log lines the
/// asynchronous logger could not write (its queue overran, or the output did
/// not take them).
std::string log_lines_dropped_text(std::uint64_t dropped);

} // namespace shardline::http
