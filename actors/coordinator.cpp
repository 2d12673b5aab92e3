#include "actors/coordinator.hpp"

#include "actors/archived_session.hpp"
#include "actors/coordinator_state.hpp"
#include "actors/failure.hpp"
#include "actors/runtime_metrics.hpp"
#include "actors/session.hpp"
#include "actors/session_board.hpp"
#include "actors/session_state.hpp"
#include "actors/worker_activity.hpp"
#include "model/deadline.hpp"
#include "strategies/strategy.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/spawn_options.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/system_messages.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <iterator>
#include <memory>
#include <random>
#include <tuple>
#include <unordered_set>

namespace shardline {

namespace {

using self_pointer = coordinator_actor::stateful_pointer<coordinator_state>;

TimePoint now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(Clock::now());
}

std::string random_prefix() {
  std::random_device device;
  char text[16];
  std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(device()));
  return text;
}

bool finished(const coordinator_state& st, const std::string& session_id) {
  return std::find(st.finished.begin(), st.finished.end(), session_id) != st.finished.end();
}

// The running sessions: a finished one has no use for workers.
void tell_sessions(self_pointer self, auto... message) {
  for (const auto& [id, session] : self->state.sessions)
    if (!finished(self->state, id))
      self->send(session, message...);
}

// Keeps the newest `finished_sessions_kept` finished sessions; older ones
// are forgotten and end. (A session drops its link to whoever sent it the
// exit, so the exit handler never hears of these.)
void session_ended(self_pointer self, const std::string& session_id) {
  auto& st = self->state;
  st.finished.push_back(session_id);
  while (st.finished.size() > st.settings.finished_sessions_kept) {
    auto oldest = st.sessions.find(st.finished.front());
    st.finished.pop_front();
    if (oldest == st.sessions.end())
      continue;
    if (auto& board = st.settings.readouts.board)
      board->remove(oldest->first);
    if (st.settings.store)
      self->send(st.settings.store, atom::forget::value, oldest->first);
    self->send_exit(oldest->second, caf::exit_reason::user_shutdown);
    st.sessions.erase(oldest);
  }
}

void schedule_check(self_pointer self, const std::string& worker_id, std::uint64_t seq) {
  self->delayed_send(self, bounded_wait(self->state.settings.heartbeat_timeout), atom::check::value,
                     worker_id, seq);
}

// Every status change of a worker goes through here.
void set_status(self_pointer self, coordinator_state::WorkerEntry& entry, WorkerState status,
                bool registered = false) {
  auto before = entry.info.status;
  entry.info.status = status;
  if (!registered && before == status)
    return;
  if (auto& metrics = self->state.settings.readouts.metrics)
    metrics->worker_changed(registered ? std::nullopt : std::optional{before}, status);
  for (const auto& watcher : self->state.watchers)
    self->send(watcher, atom::worker::value, entry.info);
}

void take_offline(self_pointer self, coordinator_state::WorkerEntry& entry) {
  if (entry.info.status == WorkerState::offline)
    return;
  set_status(self, entry, WorkerState::offline);
  tell_sessions(self, atom::lost::value, entry.info.id);
}

// A worker that left for good: it holds nothing (its sessions were told it is
// lost) and is no longer listed.
void forget(self_pointer self, std::map<std::string, coordinator_state::WorkerEntry>::iterator it) {
  take_offline(self, it->second);
  if (auto& metrics = self->state.settings.readouts.metrics)
    metrics->worker_removed(it->second.info.status);
  self->state.workers.erase(it);
}

void bring_online(self_pointer self, coordinator_state::WorkerEntry& entry,
                  bool registered = false) {
  if (entry.draining) {
    set_status(self, entry, WorkerState::draining); // back, but still leaving
    return;
  }
  set_status(self, entry, WorkerState::idle, registered);
  tell_sessions(self, atom::joined::value, entry.info.id, entry.handle,
                entry.info.capabilities.max_concurrent);
}

// How long the coordinator waits for each session when it asks them all.
constexpr std::chrono::seconds session_answer_timeout{5};

// Asks every session (`running_only`: every running one) `message`,
// answered with an Answer, and calls `done(answers)` once each has answered
// or failed to in time (a session that failed is left out); at once when
// there is none.
template <class Answer, class Done, class... Message>
void ask_sessions(self_pointer self, bool running_only, Done done, Message... message) {
  std::vector<session_actor> sessions;
  for (const auto& [id, session] : self->state.sessions)
    if (!running_only || !finished(self->state, id))
      sessions.push_back(session);
  if (sessions.empty()) {
    done(std::vector<Answer>{});
    return;
  }
  struct Gather {
    std::vector<Answer> answers;
    std::size_t outstanding = 0;
  };
  auto gather = std::make_shared<Gather>();
  gather->outstanding = sessions.size();
  auto settle = [gather, done]() mutable {
    if (--gather->outstanding == 0)
      done(std::move(gather->answers));
  };
  for (const auto& session : sessions)
    self->request(session, session_answer_timeout, message...)
        .then(
            [gather, settle](Answer& answer) mutable {
              gather->answers.push_back(std::move(answer));
              settle();
            },
            [settle](const caf::error&) mutable { settle(); });
}

// Errors a library caller can cause; the REST codecs catch them earlier.
std::optional<caf::error> check_request(const SessionRequest& request) {
  auto strategy = make_strategy(request.config.strategy);
  if (!strategy)
    return make_error(failure::invalid_request, "config." + strategy.error().to_string());
  if (request.config.worker_count < 1 || request.config.worker_count > max_worker_count)
    return make_error(failure::invalid_request, "config.workerCount: must be between 1 and " +
                                                    std::to_string(max_worker_count));
  std::unordered_set<std::string_view> ids;
  for (std::size_t i = 0; i < request.tests.size(); ++i)
    if (!ids.insert(request.tests[i].id).second)
      return make_error(failure::invalid_request, "tests[" + std::to_string(i) +
                                                      "].id: duplicate id \"" +
                                                      request.tests[i].id + "\"");
  return std::nullopt;
}

} // namespace

coordinator_actor::behavior_type coordinator(self_pointer self, CoordinatorSettings settings) {
  self->state.settings = settings;
  self->state.session_prefix = random_prefix();
  // Sessions kept from before answer as finished ones; the oldest beyond
  // what is kept go.
  for (auto& summary : self->state.settings.restored) {
    auto id = summary.session_id;
    if (auto& board = self->state.settings.readouts.board)
      board->publish(std::make_shared<const ExecutionSession>(summary));
    self->state.sessions.emplace(id, self->spawn<caf::linked>(archived_session, std::move(summary),
                                                              self->state.settings.reader));
    session_ended(self, id);
  }
  self->state.settings.restored.clear();
  // Sessions are linked to the coordinator, so stopping it stops them (and
  // their shards). A session that ends abnormally does not take it down.
  self->set_exit_handler([self](const caf::exit_msg& exit) {
    for (auto it = self->state.sessions.begin(); it != self->state.sessions.end(); ++it)
      if (it->second.address() == exit.source) {
        if (auto& board = self->state.settings.readouts.board)
          board->remove(it->first);
        std::erase(self->state.finished, it->first);
        self->state.sessions.erase(it);
        return;
      }
    self->quit(exit.reason);
  });
  self->set_down_handler([self](const caf::down_msg& down) {
    std::erase_if(self->state.watchers,
                  [&](const worker_observer_actor& w) { return w.address() == down.source; });
    // A worker actor that failed is lost, and stays listed offline for a
    // while; one that ended normally left for good (an HTTP agent dropped
    // after its grace).
    auto& workers = self->state.workers;
    for (auto it = workers.begin(); it != workers.end();) {
      auto current = it++;
      if (!current->second.handle || current->second.handle.address() != down.source)
        continue;
      if (down.reason == caf::exit_reason::normal) {
        forget(self, current);
      } else {
        take_offline(self, current->second);
        self->delayed_send(self, self->state.settings.dead_worker_listed_for, atom::forget::value,
                           current->first);
      }
    }
  });
  return {
      // -- workers --
      [self](atom::register_, WorkerProfile profile,
             const worker_actor& handle) -> caf::result<std::string, std::int64_t, std::int64_t> {
        auto& st = self->state;
        auto id = "w-" + std::to_string(st.next_worker++);
        auto& entry = st.workers[id];
        entry.handle = handle;
        entry.info.id = id;
        entry.info.name = profile.name.empty() ? id : profile.name;
        entry.info.type = profile.type;
        entry.info.host = profile.host;
        entry.info.port = profile.port;
        entry.info.capabilities = profile.capabilities;
        entry.info.capabilities.max_concurrent = std::max(1, profile.capabilities.max_concurrent);
        entry.info.vnc_port = profile.vnc_port;
        entry.info.vnc_url = profile.vnc_url;
        entry.info.last_heartbeat = now();
        if (st.settings.store)
          self->send(st.settings.store, atom::worker::value, entry.info);
        self->monitor(handle);
        schedule_check(self, id, 0);
        bring_online(self, entry, true);
        return {id, st.settings.heartbeat_interval.count(), st.settings.heartbeat_timeout.count()};
      },
      [self](atom::heartbeat, const std::string& worker_id, std::uint64_t seq) {
        auto& st = self->state;
        auto it = st.workers.find(worker_id);
        if (it == st.workers.end() || seq <= it->second.last_seq)
          return;
        auto& entry = it->second;
        entry.last_seq = seq;
        entry.info.last_heartbeat = now();
        if (entry.info.status == WorkerState::offline && entry.handle)
          bring_online(self, entry); // it was only slow; its old tests moved on
        schedule_check(self, worker_id, seq);
      },
      [self](atom::check, const std::string& worker_id, std::uint64_t seq) {
        auto it = self->state.workers.find(worker_id);
        if (it != self->state.workers.end() && it->second.last_seq == seq)
          take_offline(self, it->second);
      },
      [self](atom::workers) -> caf::result<std::vector<Worker>> {
        // The sessions know which tests each worker holds.
        auto promise = self->make_response_promise<std::vector<Worker>>();
        ask_sessions<std::vector<HeldTests>>(
            self, /*running_only=*/true,
            [self, promise](std::vector<std::vector<HeldTests>> answers) mutable {
              std::vector<HeldTests> held;
              for (auto& answer : answers)
                std::move(answer.begin(), answer.end(), std::back_inserter(held));
              std::vector<Worker> workers;
              for (const auto& [id, entry] : self->state.workers)
                workers.push_back(entry.info);
              promise.deliver(with_held_tests(std::move(workers), held));
            },
            atom::held::value);
        return promise;
      },
      [self](atom::registry) {
        std::vector<Worker> workers;
        for (const auto& [id, entry] : self->state.workers)
          workers.push_back(entry.info);
        return workers;
      },
      [self](atom::forget, const std::string& worker_id) {
        // Dead since the down message: it cannot have come back online.
        auto it = self->state.workers.find(worker_id);
        if (it != self->state.workers.end() && it->second.info.status == WorkerState::offline)
          forget(self, it);
      },
      [self](atom::watch, const worker_observer_actor& watcher) {
        for (const auto& [id, entry] : self->state.workers)
          self->send(watcher, atom::worker::value, entry.info);
        self->monitor(watcher);
        self->state.watchers.push_back(watcher);
      },
      [self](atom::drain, const std::string& worker_id) -> caf::result<Worker> {
        auto it = self->state.workers.find(worker_id);
        if (it == self->state.workers.end())
          return make_error(failure::unknown_worker, "no worker \"" + worker_id + "\"");
        auto& entry = it->second;
        if (!entry.draining) {
          entry.draining = true;
          // An offline worker holds nothing: its sessions moved on already.
          if (entry.info.status != WorkerState::offline) {
            set_status(self, entry, WorkerState::draining);
            tell_sessions(self, atom::drain::value, worker_id);
          }
        }
        return entry.info;
      },
      // -- sessions --
      [self](atom::start, SessionRequest& request) -> caf::result<SessionStarted, session_actor> {
        auto& st = self->state;
        if (auto error = check_request(request))
          return std::move(*error);
        std::vector<WorkerBinding> bindings;
        for (const auto& [id, entry] : st.workers)
          if (entry.info.status != WorkerState::offline &&
              entry.info.status != WorkerState::draining)
            bindings.push_back({id, entry.handle, entry.info.capabilities.max_concurrent});
        auto id = "s-" + st.session_prefix + "-" + std::to_string(st.next_session++);
        auto handle = self->spawn<caf::linked>(
            session, id, std::move(request), std::move(bindings), st.settings.readouts,
            caf::actor_cast<coordinator_actor>(self), st.settings.store);
        st.sessions.emplace(id, handle);
        auto promise = self->make_response_promise<SessionStarted, session_actor>();
        self->request(handle, caf::infinite, atom::start::value)
            .then(
                [promise, handle](SessionStarted& started) mutable {
                  promise.deliver(std::move(started), handle);
                },
                // A session that failed before it answered takes only itself down.
                [promise](caf::error& error) mutable { promise.deliver(std::move(error)); });
        return promise;
      },
      [self](atom::sessions) -> caf::result<std::vector<ExecutionSession>> {
        auto promise = self->make_response_promise<std::vector<ExecutionSession>>();
        ask_sessions<ExecutionSession>(
            self, /*running_only=*/false,
            [promise](std::vector<ExecutionSession> answers) mutable {
              std::sort(answers.begin(), answers.end(),
                        [](const ExecutionSession& a, const ExecutionSession& b) {
                          return std::tie(b.started_at, b.session_id) <
                                 std::tie(a.started_at, a.session_id);
                        });
              promise.deliver(std::move(answers));
            },
            atom::status::value);
        return promise;
      },
      [self](atom::ended, const std::string& session_id) { session_ended(self, session_id); },
      [self](atom::session, const std::string& id) -> caf::result<session_actor> {
        auto it = self->state.sessions.find(id);
        if (it == self->state.sessions.end())
          return make_error(failure::unknown_session, "no session \"" + id + "\"");
        return it->second;
      },
  };
}

coordinator_actor spawn_coordinator(caf::actor_system& system, CoordinatorSettings settings) {
  return system.spawn(coordinator, settings);
}

} // namespace shardline
