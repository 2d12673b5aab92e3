#include "actors/runtime_metrics.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace shardline {
namespace {

using namespace std::chrono_literals;

TEST(RuntimeMetrics, renders_the_prometheus_text_format) {
  RuntimeMetrics metrics{{0.001, 0.01}};
  metrics.worker_changed(std::nullopt, WorkerState::idle);
  metrics.worker_changed(std::nullopt, WorkerState::idle);
  metrics.worker_changed(WorkerState::idle, WorkerState::draining);
  metrics.session_started();
  ExecutionProgress start{3, 0, 0, 0, 0, 0, 3};
  ExecutionProgress now{3, 1, 1, 0, 0, 1, 1};
  metrics.progress_changed({}, start);
  metrics.progress_changed(start, now);
  metrics.dispatched(500us);
  metrics.dispatched(5ms);
  metrics.dispatched(2s);
  EXPECT_EQ(metrics.render_prometheus(),
            "# HELP shardline_sessions Sessions by status.\n"
            "# TYPE shardline_sessions gauge\n"
            "shardline_sessions{status=\"pending\"} 0\n"
            "shardline_sessions{status=\"running\"} 1\n"
            "shardline_sessions{status=\"completed\"} 0\n"
            "shardline_sessions{status=\"cancelled\"} 0\n"
            "shardline_sessions{status=\"failed\"} 0\n"
            "shardline_sessions{status=\"interrupted\"} 0\n"
            "# HELP shardline_tests Tests of the running sessions by status.\n"
            "# TYPE shardline_tests gauge\n"
            "shardline_tests{status=\"passed\"} 1\n"
            "shardline_tests{status=\"failed\"} 0\n"
            "shardline_tests{status=\"skipped\"} 0\n"
            "shardline_tests{status=\"running\"} 1\n"
            "shardline_tests{status=\"pending\"} 1\n"
            "# HELP shardline_tests_finished_total Tests that reached their final result, in any "
            "session, by status (timedOut counts as failed).\n"
            "# TYPE shardline_tests_finished_total counter\n"
            "shardline_tests_finished_total{status=\"passed\"} 1\n"
            "shardline_tests_finished_total{status=\"failed\"} 0\n"
            "shardline_tests_finished_total{status=\"skipped\"} 0\n"
            "# HELP shardline_workers Workers by status.\n"
            "# TYPE shardline_workers gauge\n"
            "shardline_workers{status=\"idle\"} 1\n"
            "shardline_workers{status=\"busy\"} 0\n"
            "shardline_workers{status=\"offline\"} 0\n"
            "shardline_workers{status=\"draining\"} 1\n"
            "# HELP shardline_dispatch_latency_seconds Time from a shard having a free worker "
            "slot and a queued test to the batch being sent to the worker.\n"
            "# TYPE shardline_dispatch_latency_seconds histogram\n"
            "shardline_dispatch_latency_seconds_bucket{le=\"0.001\"} 1\n"
            "shardline_dispatch_latency_seconds_bucket{le=\"0.01\"} 2\n"
            "shardline_dispatch_latency_seconds_bucket{le=\"+Inf\"} 3\n"
            "shardline_dispatch_latency_seconds_sum 2.0055\n"
            "shardline_dispatch_latency_seconds_count 3\n");
}

TEST(RuntimeMetrics, an_ended_session_leaves_the_running_gauges_and_keeps_its_totals) {
  RuntimeMetrics metrics;
  metrics.session_started();
  ExecutionProgress last{2, 2, 1, 1, 0, 0, 0};
  metrics.progress_changed({}, last);
  metrics.session_ended(SessionStatus::failed, last);
  auto counts = metrics.read();
  EXPECT_EQ(counts.sessions[static_cast<std::size_t>(SessionStatus::running)], 0);
  EXPECT_EQ(metrics.sessions(SessionStatus::failed), 1);
  EXPECT_EQ(counts.tests, ExecutionProgress{});
  EXPECT_EQ(counts.finished_passed, 1);
  EXPECT_EQ(counts.finished_failed, 1);
}

TEST(LatencyHistogram, a_value_on_a_bound_falls_in_that_bucket) {
  LatencyHistogram histogram{{0.001, 0.01}};
  histogram.observe(1ms);
  histogram.observe(10ms);
  histogram.observe(-1ms); // a clock that stepped back counts as zero
  auto counts = histogram.read();
  EXPECT_EQ(counts.cumulative, (std::vector<std::uint64_t>{2, 3, 3}));
  EXPECT_EQ(counts.count, 3u);
  EXPECT_DOUBLE_EQ(counts.sum_seconds, 0.011);
}

TEST(LatencyHistogram, concurrent_observers_lose_no_count) {
  constexpr int threads = 4;
  constexpr int each = 10000;
  LatencyHistogram histogram{default_dispatch_buckets()};
  std::vector<std::thread> observers;
  for (int t = 0; t < threads; ++t)
    observers.emplace_back([&] {
      for (int i = 0; i < each; ++i)
        histogram.observe(std::chrono::microseconds{i});
    });
  for (auto& observer : observers)
    observer.join();
  EXPECT_EQ(histogram.read().count, static_cast<std::uint64_t>(threads * each));
}

} // namespace
} // namespace shardline
