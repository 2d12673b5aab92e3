#pragma once

#include "actors/interfaces.hpp"

#include <caf/actor_clock.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace shardline {

class RuntimeMetrics;

struct shard_state {
  static inline constexpr auto name = "shard";

  // Not an aggregate: CAF 0.17 would otherwise construct the state from the
  // actor pointer through C++20 parenthesized aggregate initialization.
  shard_state() = default;

  session_actor session;
  int index = 0;
  std::shared_ptr<const std::vector<std::int64_t>> estimates;
  std::shared_ptr<const std::vector<std::uint32_t>> units; // each test's unit number; may be null
  std::chrono::milliseconds run_timeout{0};
  RunnerKind runner = RunnerKind::command;

  // -- binding --
  std::string worker_id;
  worker_actor worker;
  int slots = 0;
  std::uint64_t binding = 0; // rises with every bind and loss
  bool draining = false;     // hands out nothing more; unbinds when idle

  // -- work --
  std::deque<TestIndex> queue; // not yet handed out, in execution order
  int in_flight = 0;           // batches handed to the current binding's worker
  std::unordered_map<std::uint64_t, TestIndex> unreported; // epoch -> test, in flight
  bool dispatching = false;                                // a dispatch request is on its way
  bool hungry = false; // asked the session for work; none came since

  // -- dispatch latency (see RuntimeMetrics) --
  std::shared_ptr<RuntimeMetrics> metrics; // may be null
  using Time = caf::actor_clock::time_point;
  std::deque<Time> free_since;      // when each free slot of the binding freed, oldest first
  std::optional<Time> queued_since; // when the queue last stopped being empty
};

} // namespace shardline
