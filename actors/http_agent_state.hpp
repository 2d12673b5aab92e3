#pragma once

#include "actors/agent_book.hpp"
#include "actors/interfaces.hpp"

#include <caf/actor_clock.hpp>
#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace shardline {

struct http_agent_state {
  static inline constexpr auto name = "http_agent";

  // Not an aggregate: see worker_state.
  http_agent_state() = default;

  /// A batch handed to the agent: where its results go, who waits for its end.
  struct Run {
    result_sink_actor sink;
    caf::typed_response_promise<std::vector<std::uint64_t>> promise;
  };

  using Registration = caf::typed_response_promise<std::string, std::int64_t, std::int64_t>;

  coordinator_actor coordinator;
  WorkerProfile profile;
  std::chrono::milliseconds drop_after{0}; // silent this long after its expiry, it leaves

  // -- registration --
  std::string id; // empty until registered
  std::chrono::milliseconds heartbeat_interval{0};
  std::chrono::milliseconds heartbeat_timeout{0};
  std::vector<Registration> awaiting_registration;

  // -- liveness --
  std::uint64_t heartbeat_seq = 0;
  std::uint64_t generation = 0;       // of the newest scheduled expiry check
  caf::actor_clock::time_point heard; // its last poll, or the registration

  // -- work --
  AgentBook book;
  std::uint64_t next_run = 1;
  std::map<std::uint64_t, Run> runs; // handed to the agent and not over
};

} // namespace shardline
