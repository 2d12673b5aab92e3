#pragma once

#include "actors/messages.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace shardline {

/// How a worker actor runs a batch of tests, so the actor only routes
/// messages: the real ones spawn processes (runners/), a test one answers on
/// command.
class TestExecutor {
public:
  /// A test of the batch ended (its hand-over's epoch, its result). May be
  /// called from any thread, once per test that ran.
  using Report = std::function<void(std::uint64_t epoch, TestResult result)>;

  /// The batch is over; the epochs of the tests that never reported. Called
  /// exactly once, after every report, from any thread.
  using Done = std::function<void(std::vector<std::uint64_t> not_run)>;

  /// Stops every batch still going and waits for it: a worker's executor dies
  /// with the worker, and nothing may keep running on its behalf.
  virtual ~TestExecutor() = default;

  /// Starts a batch of one session's tests.
  virtual void start(std::uint64_t run_id, std::vector<TestAssignment> batch, Report report,
                     Done done) = 0;

  /// Stops a batch early (its processes are killed); `done` still comes.
  virtual void cancel(std::uint64_t run_id) = 0;

  /// The session is over: what was kept for its batches (a Playwright
  /// config's web servers) may go once its last batch has ended. May come
  /// more than once, and for sessions this executor never saw.
  virtual void session_over(const std::string& /*session_id*/) {}
};

} // namespace shardline
