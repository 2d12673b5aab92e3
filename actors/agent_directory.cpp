#include "actors/agent_directory.hpp"

#include "actors/failure.hpp"
#include "actors/http_agent.hpp"
#include "actors/http_agent_state.hpp"

#include <caf/actor_system.hpp>
#include <caf/spawn_options.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/system_messages.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <map>
#include <string>

namespace shardline {

namespace {

struct agent_directory_state {
  static inline constexpr auto name = "agent_directory";

  // Not an aggregate: see worker_state.
  agent_directory_state() = default;

  coordinator_actor coordinator;
  std::chrono::milliseconds drop_after{0};
  std::size_t max_agents = 0;
  std::size_t registering = 0;                    // spawned, their registration not answered yet
  std::map<std::string, http_agent_actor> agents; // by worker id
};

using self_pointer = agent_directory_actor::stateful_pointer<agent_directory_state>;

// "5 min", "90 s", "300 ms".
std::string duration_text(std::chrono::milliseconds duration) {
  auto ms = duration.count();
  if (ms > 0 && ms % 60'000 == 0)
    return std::to_string(ms / 60'000) + " min";
  if (ms > 0 && ms % 1'000 == 0)
    return std::to_string(ms / 1'000) + " s";
  return std::to_string(ms) + " ms";
}

// What the agent can do about it: register again.
caf::error unknown(self_pointer self, const std::string& worker_id) {
  std::string message = "worker ";
  message.append(worker_id)
      .append(" is not registered (it never was, or it was dropped after being offline for ")
      .append(duration_text(self->state.drop_after))
      .append("); register again");
  return make_error(failure::unknown_worker, std::move(message));
}

agent_directory_actor::behavior_type agent_directory(self_pointer self,
                                                     coordinator_actor coordinator,
                                                     std::chrono::milliseconds drop_after,
                                                     std::size_t max_agents) {
  self->state.coordinator = std::move(coordinator);
  self->state.drop_after = drop_after;
  self->state.max_agents = max_agents;
  // An agent that ends (its registration was refused, or it was dropped)
  // leaves the directory;
  // anything else that ends a link ends the directory and its agents.
  self->set_exit_handler([self](const caf::exit_msg& exit) {
    auto& agents = self->state.agents;
    for (auto it = agents.begin(); it != agents.end(); ++it)
      if (it->second.address() == exit.source) {
        agents.erase(it);
        return;
      }
    if (exit.reason)
      self->quit(exit.reason);
  });
  return {
      [self](atom::register_,
             WorkerProfile& profile) -> caf::result<std::string, std::int64_t, std::int64_t> {
        auto& state = self->state;
        if (state.agents.size() + state.registering >= state.max_agents) {
          std::string message = "the server has ";
          message.append(std::to_string(state.max_agents))
              .append(" agents registered, its limit (serve --max-agents); try again once one "
                      "has left");
          return make_error(failure::full, std::move(message));
        }
        ++state.registering;
        auto agent = self->spawn<caf::linked>(http_agent, self->state.coordinator, profile,
                                              self->state.drop_after);
        auto promise = self->make_response_promise<std::string, std::int64_t, std::int64_t>();
        self->request(agent, caf::infinite, atom::register_::value)
            .then(
                [self, agent, promise](const std::string& id, std::int64_t interval_ms,
                                       std::int64_t timeout_ms) mutable {
                  --self->state.registering;
                  self->state.agents.emplace(id, agent);
                  promise.deliver(id, interval_ms, timeout_ms);
                },
                [self, promise](caf::error& error) mutable {
                  --self->state.registering;
                  promise.deliver(std::move(error));
                });
        return promise;
      },
      [self](atom::poll, const std::string& worker_id) -> caf::result<AgentPoll> {
        auto it = self->state.agents.find(worker_id);
        if (it == self->state.agents.end())
          return unknown(self, worker_id);
        auto promise = self->make_response_promise<AgentPoll>();
        promise.delegate(it->second, atom::poll::value);
        return promise;
      },
      [self](atom::report, const std::string& worker_id, std::string& session_id,
             std::uint64_t epoch, TestResult& result) -> caf::result<ResultReceipt> {
        auto it = self->state.agents.find(worker_id);
        if (it == self->state.agents.end())
          return unknown(self, worker_id);
        auto promise = self->make_response_promise<ResultReceipt>();
        promise.delegate(it->second, atom::report::value, std::move(session_id), epoch,
                         std::move(result));
        return promise;
      },
  };
}

} // namespace

agent_directory_actor spawn_agent_directory(caf::actor_system& system,
                                            coordinator_actor coordinator,
                                            std::chrono::milliseconds drop_after,
                                            std::size_t max_agents) {
  return system.spawn(agent_directory, std::move(coordinator), drop_after, max_agents);
}

} // namespace shardline
