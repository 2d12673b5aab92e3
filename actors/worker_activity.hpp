#pragma once

// What each worker is doing now, as GET /api/sharding/workers shows it: the
// coordinator knows the workers, the sessions know which tests each holds.

#include "model/worker.hpp"

#include <string>
#include <vector>

namespace shardline {

class SessionLedger;

/// The tests one worker holds in one session: handed to it, no result yet.
struct HeldTests {
  std::string worker_id;
  std::vector<std::string> test_ids; // in the session's order

  friend bool operator==(const HeldTests&, const HeldTests&) = default;
};

/// The tests each worker holds now in the session of `ledger` (handed over,
/// no result yet): one entry per worker that holds any, in the order of the
/// first test each holds; each worker's tests in the session's order.
std::vector<HeldTests> held_tests(const SessionLedger& ledger);

/// The workers as they are now: `workers` as the coordinator keeps them
/// (idle, draining or offline), each with the tests the sessions say it holds
/// (`held`, every session's list) as its currentTests. An idle worker that
/// holds a test is busy; a draining one stays draining. An offline worker
/// holds nothing: a session that still names it has not yet heard it is lost.
std::vector<Worker> with_held_tests(std::vector<Worker> workers,
                                    const std::vector<HeldTests>& held);

} // namespace shardline
