#pragma once

// What the runtime publishes for readers on other threads (the HTTP server):
// the latest state of each session and the metrics.

#include <chrono>
#include <memory>

namespace shardline {

class SessionBoard;
class RuntimeMetrics;

/// Where the actors publish; either may be null (nothing is published there).
/// Whoever embeds the runtime creates them and keeps a pointer to read.
struct Readouts {
  std::shared_ptr<SessionBoard> board;
  std::shared_ptr<RuntimeMetrics> metrics;
  /// A running session publishes a change at once, then at most once per
  /// interval (its final state always, at once).
  std::chrono::milliseconds publish_interval{50};
};

} // namespace shardline
