#pragma once

// What the runtime counts for /metrics: sessions, tests and workers by
// status, and how long shardline itself takes to hand a test to a worker.

#include "actors/latency_histogram.hpp"
#include "model/execution_session.hpp"
#include "model/worker.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shardline {

/// The dispatch-latency buckets in seconds: 100 µs to 5 s.
std::vector<double> default_dispatch_buckets();

/// Counters the actors update (relaxed atomics, no locks) and any thread
/// reads. Gauges are kept as sums of deltas: each session adds how its own
/// counts changed, each status change of a worker moves it between states.
///
/// Dispatch latency, per batch handed to a worker: from the moment its shard
/// had both a free slot on its worker and a test queued (the later of the two)
/// to the moment the batch's run request left for the worker. It covers the
/// shard asking its session for the batch, the session's bookkeeping and
/// every mailbox wait on the way: shardline's own overhead between tests. It
/// leaves out the test's run time, the time a shard has no work at all, and
/// the worker's start-up of the test.
class RuntimeMetrics {
public:
  explicit RuntimeMetrics(std::vector<double> dispatch_buckets = default_dispatch_buckets());

  // -- sessions ----------------------------------------------------------------

  /// A session began running.
  void session_started();
  /// A running session ended in `status`; `last` is the progress it last
  /// reported through progress_changed (its tests leave the running gauges).
  void session_ended(SessionStatus status, const ExecutionProgress& last);

  // -- tests -------------------------------------------------------------------

  /// A running session's counts went from `before` to `after`.
  void progress_changed(const ExecutionProgress& before, const ExecutionProgress& after);

  // -- workers -----------------------------------------------------------------

  /// A worker registered (`from` empty) or changed status.
  void worker_changed(std::optional<WorkerState> from, WorkerState to);
  /// A worker in `last` status left the list.
  void worker_removed(WorkerState last);

  // -- dispatch ----------------------------------------------------------------

  void dispatched(std::chrono::nanoseconds latency) { dispatch_latency_.observe(latency); }

  // -- reading -----------------------------------------------------------------

  struct Counts {
    std::array<std::int64_t, 6> sessions{}; // by SessionStatus
    /// Tests of running sessions: passed, failed, skipped, running, pending
    /// (total and completed too).
    ExecutionProgress tests;
    /// Tests that reached their final result in any session, ever:
    /// passed, failed (timed out included), skipped.
    std::int64_t finished_passed = 0;
    std::int64_t finished_failed = 0;
    std::int64_t finished_skipped = 0;
    std::array<std::int64_t, 4> workers{}; // by WorkerState
  };
  Counts read() const;

  std::int64_t sessions(SessionStatus status) const;
  std::int64_t workers(WorkerState state) const;
  const LatencyHistogram& dispatch_latency() const { return dispatch_latency_; }

  /// Every metric in the Prometheus text exposition format (version 0.0.4).
  std::string render_prometheus() const;

private:
  using Counter = std::atomic<std::int64_t>;

  std::array<Counter, 6> sessions_{};
  // Tests of running sessions: total, completed, passed, failed, skipped,
  // running, pending (ExecutionProgress's order).
  std::array<Counter, 7> tests_{};
  std::array<Counter, 3> finished_{}; // passed, failed, skipped
  std::array<Counter, 4> workers_{};
  LatencyHistogram dispatch_latency_;
};

} // namespace shardline
