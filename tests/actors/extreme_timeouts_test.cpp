// The scheduler under the largest and smallest values the contract accepts
// (model/ranges.hpp), in virtual time: a deadline derived from them fires
// neither early (an overflow wraps into the past) nor never (an overflow
// wraps into a time that never comes). A batch is given up by its shard after
// 2 * testTimeoutMs + 60 s; until then its worker must keep it.
#include "actor_fixture.hpp"

#include "model/deadline.hpp"
#include "model/ranges.hpp"

#include <random>

namespace shardline::testing {
namespace {

using namespace std::chrono_literals;

class ExtremeTimeouts : public ActorFixture {
protected:
  // Moves virtual time by `by` in steps of `step` (tickers re-arm once per
  // advance), running what fires after each step.
  void advance_in_steps(std::chrono::milliseconds by, std::chrono::milliseconds step) {
    for (auto moved = 0ms; moved < by; moved += step) {
      sched.advance_time(std::min(step, by - moved));
      run();
    }
  }

  // A coordinator whose silent workers stay online far longer than any batch
  // runs here: only the shard's own deadline is under test.
  coordinator_actor patient_coordinator() {
    CoordinatorSettings settings;
    settings.heartbeat_interval = std::chrono::milliseconds{ranges::heartbeat_interval_ms.max};
    settings.heartbeat_timeout = std::chrono::hours{24 * 365 * 1000}; // beyond longest_wait
    return spawn_coordinator(settings);
  }

  ParallelExecutionConfig config_with_timeout(std::int64_t timeout_ms) {
    ParallelExecutionConfig config;
    config.runner.argv = {"true"};
    config.test_timeout_ms = timeout_ms;
    config.retries = static_cast<int>(ranges::retries.max);
    config.max_failures = static_cast<int>(ranges::max_failures.max);
    config.heartbeat_interval_ms = ranges::heartbeat_interval_ms.max;
    config.heartbeat_timeout_ms = ranges::heartbeat_timeout_ms.max;
    return config;
  }
};

// The shard's deadline for one test with this timeout, as session.cpp says.
std::chrono::milliseconds batch_deadline(std::int64_t timeout_ms) {
  return std::chrono::milliseconds{2 * timeout_ms + 60'000};
}

TEST_F(ExtremeTimeouts, a_batch_is_kept_until_its_deadline_and_given_up_just_after) {
  // Both ends of the range and random values between them.
  std::vector<std::int64_t> timeouts = {ranges::test_timeout_ms.min, ranges::test_timeout_ms.max};
  std::mt19937_64 random(20261204);
  std::uniform_int_distribution<std::int64_t> any_timeout(ranges::test_timeout_ms.min,
                                                          ranges::test_timeout_ms.max);
  for (int i = 0; i < 3; ++i)
    timeouts.push_back(any_timeout(random));

  for (auto timeout_ms : timeouts) {
    SCOPED_TRACE("testTimeoutMs " + std::to_string(timeout_ms));
    auto coordinator = patient_coordinator();
    worker_actor worker;
    add_worker(coordinator, worker);
    session_actor session;
    start(coordinator, suite(1), config_with_timeout(timeout_ms), session);
    ASSERT_EQ(state_of(worker).runs.size(), 1u);

    // A step of 1/1000 of the deadline keeps the walk to about a thousand steps.
    auto deadline = batch_deadline(timeout_ms);
    auto step = std::max(1ms, deadline / 1000);
    advance_in_steps(deadline - step, step);
    EXPECT_EQ(state_of(worker).runs.size(), 1u) << "the batch was given up early";
    EXPECT_EQ(status(session).status, SessionStatus::running);

    advance_in_steps(2 * step, step);
    // Given up, the test goes to the worker again as a new batch.
    EXPECT_EQ(state_of(worker).runs.size(), 2u) << "the batch was never given up";
    EXPECT_EQ(status(session).progress.failed, 0);
    caf::anon_send_exit(session, caf::exit_reason::user_shutdown);
    run();
  }
}

TEST_F(ExtremeTimeouts, a_heartbeat_timeout_beyond_every_clock_never_takes_a_worker_offline) {
  auto coordinator = patient_coordinator();
  worker_actor worker;
  auto id = add_worker(coordinator, worker);
  advance_in_steps(std::chrono::hours{24 * 365}, std::chrono::hours{24});
  for (const auto& listed : workers(coordinator)) {
    if (listed.id == id) {
      EXPECT_EQ(listed.status, WorkerState::idle);
    }
  }
}

TEST_F(ExtremeTimeouts, the_largest_accepted_heartbeat_timeout_fires_on_time) {
  CoordinatorSettings settings;
  settings.heartbeat_interval = std::chrono::milliseconds{ranges::heartbeat_interval_ms.max};
  settings.heartbeat_timeout = std::chrono::milliseconds{ranges::heartbeat_timeout_ms.max};
  auto coordinator = spawn_coordinator(settings);
  worker_actor worker;
  auto id = add_worker(coordinator, worker);
  auto state = [&] {
    for (const auto& listed : workers(coordinator))
      if (listed.id == id)
        return listed.status;
    return WorkerState::offline;
  };
  advance_in_steps(settings.heartbeat_timeout - 1min, 1min);
  EXPECT_EQ(state(), WorkerState::idle);
  advance_in_steps(2min, 1min);
  EXPECT_EQ(state(), WorkerState::offline);
}

// -- the arithmetic itself ------------------------------------------------------

TEST(DeadlineArithmetic, saturates_instead_of_wrapping_into_the_past) {
  using Steady = std::chrono::steady_clock;
  auto now = Steady::now();
  // The values the issue sent: each overflowed nanoseconds before.
  for (std::int64_t ms : {std::int64_t{9'223'372'036'854}, std::int64_t{10'000'000'000'000},
                          std::int64_t{9'007'199'254'740'992}, INT64_MAX}) {
    auto deadline = deadline_after(now, std::chrono::milliseconds{ms});
    EXPECT_GT(deadline, now + std::chrono::hours{24 * 365 * 99}) << ms;
  }
  EXPECT_EQ(deadline_after(Steady::time_point::max() - 1ns, 1ms), Steady::time_point::max());
  EXPECT_EQ(deadline_after(now, -5ms), now);
  EXPECT_EQ(deadline_after(now, 1500ms), now + 1500ms);
}

TEST(DeadlineArithmetic, bounds_waits_and_saturates_sums_and_products) {
  EXPECT_EQ(bounded_wait(std::chrono::milliseconds::max()), longest_wait);
  EXPECT_EQ(bounded_wait(std::chrono::hours::max()), longest_wait);
  EXPECT_EQ(bounded_wait(std::chrono::nanoseconds::max()), longest_wait);
  EXPECT_EQ(bounded_wait(-1s), 0ms);
  EXPECT_EQ(bounded_wait(90s), 90'000ms);
  EXPECT_EQ(saturating_sum(std::chrono::milliseconds::max(), 1ms),
            std::chrono::milliseconds::max());
  EXPECT_EQ(saturating_product(std::chrono::milliseconds::max() / 2, 3),
            std::chrono::milliseconds::max());
  EXPECT_EQ(saturating_product(-(std::chrono::milliseconds::max() / 2), 3),
            std::chrono::milliseconds::min());
  EXPECT_EQ(saturating_product(7ms, 6), 42ms);
}

} // namespace
} // namespace shardline::testing
