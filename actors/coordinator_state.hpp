#pragma once

#include "actors/coordinator.hpp"
#include "actors/interfaces.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace shardline {

struct coordinator_state {
  static inline constexpr auto name = "coordinator";

  // Not an aggregate: see worker_state.
  coordinator_state() = default;

  struct WorkerEntry {
    Worker info;
    worker_actor handle;
    std::uint64_t last_seq = 0; // of the newest heartbeat
    bool draining = false;      // asked to drain: it never takes new tests again
  };

  CoordinatorSettings settings;
  std::map<std::string, WorkerEntry> workers;
  std::map<std::string, session_actor> sessions; // running and kept finished ones
  std::deque<std::string> finished;              // ids of kept finished sessions, oldest first
  std::vector<worker_observer_actor> watchers;   // monitored; dropped when down
  std::uint64_t next_worker = 1;
  std::uint64_t next_session = 1;
  std::string session_prefix; // random per coordinator, so ids differ across restarts
};

} // namespace shardline
