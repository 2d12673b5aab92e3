#pragma once

// A test executor whose tests take no time: every test of a batch passes the
// moment start() is called, so what a session costs is the runtime alone.

#include "actors/test_executor.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace shardline::bench {

class NoOpExecutor final : public TestExecutor {
public:
  using Clock = std::chrono::steady_clock;

  /// One start(): when it was entered, and when its tests had ended (just
  /// before they were reported).
  struct Span {
    Clock::time_point begin;
    Clock::time_point end;
  };

  /// `expected_batches`: room reserved for spans, so recording does not
  /// reallocate mid-run; with `record` false nothing is kept (memory runs).
  explicit NoOpExecutor(std::size_t expected_batches, bool record = true) : record_(record) {
    if (record_) {
      spans_.reserve(expected_batches);
    }
  }

  // The worker calls start() from its own handler, so reports and done() are
  // sent from inside that handler: they are plain anon_sends into mailboxes
  // (the shard's, the worker's own) and are handled after it returns, when
  // the run is already in the worker's table.
  void start(std::uint64_t, std::vector<TestAssignment> batch, Report report, Done done) override {
    const auto begin = Clock::now();
    std::vector<std::pair<std::uint64_t, TestResult>> results;
    results.reserve(batch.size());
    for (auto& assignment : batch) {
      TestResult result;
      result.test_id = std::move(assignment.test.id);
      result.status = TestStatus::passed;
      results.emplace_back(assignment.epoch, std::move(result));
    }
    // Recorded before reporting: the last report may end the session, and
    // the spans are read only once the actor system is gone.
    if (record_) {
      spans_.push_back({begin, Clock::now()});
    }
    for (auto& [epoch, result] : results) {
      report(epoch, std::move(result));
    }
    done({});
  }

  void cancel(std::uint64_t) override {}

  /// Every start() in order; read it only after the worker is gone.
  const std::vector<Span>& spans() const { return spans_; }

private:
  bool record_;
  std::vector<Span> spans_;
};

} // namespace shardline::bench
