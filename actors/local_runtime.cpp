#include "actors/local_runtime.hpp"

#include "actors/command_executor.hpp"
#include "actors/failure.hpp"
#include "actors/worker.hpp"
#include "runners/playwright_web_servers.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include <memory>

namespace shardline {

LocalRuntime::LocalRuntime(caf::actor_system& system, Settings settings)
    : system_(system), coordinator_(spawn_coordinator(system, settings.coordinator)) {
  // One machine: a session's web servers are shared by all its workers.
  if (!settings.playwright.web_servers)
    settings.playwright.web_servers = std::make_shared<PlaywrightWebServers>();
  for (int i = 0; i < settings.workers; ++i) {
    WorkerProfile profile;
    profile.name = "local-" + std::to_string(i + 1);
    profile.type = WorkerType::local;
    profile.host = "localhost";
    profile.capabilities.max_concurrent = settings.slots_per_worker;
    auto executor =
        std::make_shared<RunnerExecutor>(std::make_shared<CommandExecutor>(settings.command),
                                         std::make_shared<PlaywrightExecutor>(settings.playwright));
    workers_.push_back(spawn_worker(system, coordinator_, profile, std::move(executor)));
  }
}

LocalRuntime::~LocalRuntime() {
  for (const auto& worker : workers_)
    caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(coordinator_, caf::exit_reason::user_shutdown);
}

void SessionCancel::cancel() {
  std::lock_guard<std::mutex> guard{mutex_};
  requested_ = true;
  if (session_)
    caf::anon_send(session_, atom::cancel::value);
}

bool SessionCancel::requested() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return requested_;
}

void SessionCancel::started(const session_actor& session) {
  std::lock_guard<std::mutex> guard{mutex_};
  session_ = session;
  if (requested_)
    caf::anon_send(session_, atom::cancel::value);
}

Result<SessionOutcome> run_session(caf::actor_system& system, const coordinator_actor& coordinator,
                                   SessionRequest request, const session_observer_actor& observer,
                                   SessionCancel* cancel) {
  // A scoped actor blocks this thread; it must be gone before the actor
  // system shuts down, hence its own scope here.
  caf::scoped_actor self{system};
  SessionOutcome outcome;
  std::optional<Error> failed;
  auto fail = [&](const caf::error& error) { failed = Error{"", message_of(error)}; };
  session_actor session;
  self->request(coordinator, caf::infinite, atom::start::value, std::move(request))
      .receive(
          [&](SessionStarted& started, session_actor& handle) {
            outcome.allocations = std::move(started.allocations);
            session = std::move(handle);
          },
          fail);
  if (failed)
    return *failed;
  if (observer)
    self->send(session, atom::subscribe::value, observer);
  if (cancel)
    cancel->started(session);
  self->request(session, caf::infinite, atom::await::value)
      .receive([&](ExecutionSession& final_state) { outcome.session = std::move(final_state); },
               fail);
  if (failed)
    return *failed;
  self->request(session, caf::infinite, atom::results::value)
      .receive([&](std::vector<TestResult>& results) { outcome.results = std::move(results); },
               fail);
  if (failed)
    return *failed;
  return outcome;
}

} // namespace shardline
