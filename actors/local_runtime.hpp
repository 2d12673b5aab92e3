#pragma once

#include "actors/coordinator.hpp"
#include "actors/interfaces.hpp"
#include "actors/playwright_executor.hpp"
#include "model/result.hpp"
#include "runners/command_runner.hpp"

#include <caf/fwd.hpp>

#include <string>
#include <vector>

namespace shardline {

/// What a finished session leaves: its final state and every attempt's result.
struct SessionOutcome {
  std::vector<TestAllocation> allocations;
  ExecutionSession session;
  std::vector<TestResult> results;
};

/// Starts a session on `coordinator` and blocks the calling thread until it
/// ends; `observer`, when given, watches it live. Never call it from an actor
/// or an I/O thread.
Result<SessionOutcome> run_session(caf::actor_system& system, const coordinator_actor& coordinator,
                                   SessionRequest request,
                                   const session_observer_actor& observer = {});

/// A coordinator and N local workers in one actor system, each worker
/// running tests as processes through the command or the Playwright runner. `shardline run`
/// is this plus a command line; an embedding service can use it as is.
class LocalRuntime {
public:
  struct Settings {
    int workers = 1;
    int slots_per_worker = 1;
    CoordinatorSettings coordinator;
    CommandOptions command;
    PlaywrightExecutorOptions playwright;
  };

  LocalRuntime(caf::actor_system& system, Settings settings);

  /// Stops the workers (their running tests are killed) and the coordinator.
  ~LocalRuntime();

  LocalRuntime(const LocalRuntime&) = delete;
  LocalRuntime& operator=(const LocalRuntime&) = delete;

  const coordinator_actor& coordinator() const { return coordinator_; }
  const std::vector<worker_actor>& workers() const { return workers_; }

  /// run_session on this runtime's coordinator.
  Result<SessionOutcome> run(SessionRequest request, const session_observer_actor& observer = {}) {
    return run_session(system_, coordinator_, std::move(request), observer);
  }

private:
  caf::actor_system& system_;
  coordinator_actor coordinator_;
  std::vector<worker_actor> workers_;
};

} // namespace shardline
