#pragma once

#include "actors/coordinator.hpp"
#include "actors/interfaces.hpp"
#include "actors/playwright_executor.hpp"
#include "model/result.hpp"
#include "runners/command_runner.hpp"

#include <caf/fwd.hpp>

#include <mutex>
#include <string>
#include <vector>

namespace shardline {

/// What a finished session leaves: its final state and every attempt's result.
struct SessionOutcome {
  std::vector<TestAllocation> allocations;
  ExecutionSession session;
  std::vector<TestResult> results;
};

/// Cancels a session that run_session is running, from any thread (a signal
/// watcher): before the session has started, it is cancelled the moment it
/// starts.
class SessionCancel {
public:
  /// Asks the session to cancel; its running tests are stopped and its
  /// outcome holds what finished. Idempotent.
  void cancel();
  bool requested() const;

  /// run_session: the session now exists.
  void started(const session_actor& session);

private:
  mutable std::mutex mutex_;
  session_actor session_;
  bool requested_ = false;
};

/// Starts a session on `coordinator` and blocks the calling thread until it
/// ends; `observer`, when given, watches it live, and `cancel`, when given,
/// can end it early. Never call it from an actor or an I/O thread.
Result<SessionOutcome> run_session(caf::actor_system& system, const coordinator_actor& coordinator,
                                   SessionRequest request,
                                   const session_observer_actor& observer = {},
                                   SessionCancel* cancel = nullptr);

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
  Result<SessionOutcome> run(SessionRequest request, const session_observer_actor& observer = {},
                             SessionCancel* cancel = nullptr) {
    return run_session(system_, coordinator_, std::move(request), observer, cancel);
  }

private:
  caf::actor_system& system_;
  coordinator_actor coordinator_;
  std::vector<worker_actor> workers_;
};

} // namespace shardline
