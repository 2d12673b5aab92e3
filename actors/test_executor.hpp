#pragma once

#include "actors/messages.hpp"

#include <cstdint>
#include <functional>

namespace shardline {

/// How a worker actor runs a test, so the actor only routes messages: the
/// real one spawns processes (runners/), a test one answers on command.
class TestExecutor {
public:
  /// Receives the run's result; may be called from any thread, exactly once.
  using Done = std::function<void(TestResult)>;

  /// Stops every run still going and waits for it: a worker's executor dies
  /// with the worker, and nothing may keep running on its behalf.
  virtual ~TestExecutor() = default;

  /// Starts a run; `done` is called when it ends, also after cancel().
  virtual void start(std::uint64_t run_id, const TestAssignment& assignment, Done done) = 0;

  /// Stops a run early (its processes are killed); its `done` still comes.
  virtual void cancel(std::uint64_t run_id) = 0;
};

} // namespace shardline
