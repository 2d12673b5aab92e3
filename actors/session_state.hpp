#pragma once

#include "actors/interfaces.hpp"
#include "actors/pending_commits.hpp"
#include "actors/readouts.hpp"
#include "actors/session_ledger.hpp"
#include "strategies/strategy.hpp"

#include <caf/typed_response_promise.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shardline {

struct session_state {
  static inline constexpr auto name = "session";

  // Not an aggregate: CAF 0.17 would otherwise construct the state from the
  // actor pointer through C++20 parenthesized aggregate initialization.
  session_state() = default;

  struct Shard {
    shard_actor actor;
    std::string worker_id; // empty while unbound
    worker_actor worker;
    int slots = 0;
    std::int64_t planned_ms = 0; // the initial allocation's estimate
    std::int64_t queued_ms = 0;  // planned here and not yet handed out
    bool lost = false;           // its worker was lost at some point
    bool draining = false;       // its worker drains: no new tests go there
  };

  std::string id;
  std::optional<std::string> resumed_from; // the session this one resumes
  /// Every worker a shard was ever bound to: told when the session is over.
  std::vector<worker_actor> workers_seen;
  ParallelExecutionConfig config;
  std::unique_ptr<Strategy> strategy;
  std::unique_ptr<SessionLedger> ledger;
  std::shared_ptr<const std::vector<std::int64_t>> estimates;
  std::shared_ptr<const std::vector<std::uint32_t>> units; // each test's unit number
  /// The initial plan: shard k was given the tests with indexes
  /// [begin, end), estimated at estimated_ms.
  struct PlannedShard {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::int64_t estimated_ms = 0;
  };
  std::vector<PlannedShard> plan;
  std::vector<Shard> shards;
  SessionStatus status = SessionStatus::running;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;
  std::vector<caf::typed_response_promise<ExecutionSession>> awaiting;
  std::vector<session_observer_actor> observers;
  std::vector<session_events_actor> watchers; // observers that hear of shards too
  std::vector<ShardStatus> told_shards;       // what the watchers last heard, per shard

  // -- the store (none: results count as they come) --
  store_actor store;
  std::size_t stored = 0;    // results (by ledger index) given to the store
  std::size_t committed = 0; // of those, committed: what anyone outside may see
  PendingCommits uncommitted;
  /// Per uncommitted result, who waits for it to count (an HTTP agent's 202).
  std::deque<std::optional<caf::typed_response_promise<bool>>> commit_waiters;
  /// The session ended and waits for its last results to be committed
  /// before it says so.
  bool concluding = false;

  // -- readouts --
  Readouts readouts;
  coordinator_actor coordinator;  // told when the session ends; may be null
  bool publish_scheduled = false; // a publish tick is on its way
  bool publish_pending = false;   // something changed since the last publish
  ExecutionProgress metered;      // the counts last given to the metrics
};

} // namespace shardline
