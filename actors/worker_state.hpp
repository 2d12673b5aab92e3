#pragma once

#include "actors/interfaces.hpp"
#include "actors/test_executor.hpp"

#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

namespace shardline {

struct worker_state {
  static inline constexpr auto name = "worker";

  // Not an aggregate: CAF 0.17 would otherwise construct the state from the
  // actor pointer through C++20 parenthesized aggregate initialization.
  worker_state() = default;

  struct Run {
    std::string session_id;
    std::vector<TestAssignment> batch; // until it starts
    result_sink_actor sink;
    caf::typed_response_promise<std::vector<std::uint64_t>> promise;
    bool started = false;
  };

  std::shared_ptr<TestExecutor> executor;
  coordinator_actor coordinator;
  WorkerProfile profile;
  std::string id; // empty until registered
  std::uint64_t heartbeat_seq = 0;
  std::chrono::milliseconds heartbeat_interval{30000};
  std::uint64_t next_run = 1;
  std::map<std::uint64_t, Run> runs; // started and waiting
  std::deque<std::uint64_t> waiting;
  int running = 0;
};

} // namespace shardline
