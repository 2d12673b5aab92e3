#include "actors/shard.hpp"

#include "actors/batch_policy.hpp"
#include "actors/runtime_metrics.hpp"
#include "actors/shard_state.hpp"
#include "model/deadline.hpp"

#include <caf/actor_cast.hpp>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <span>

namespace shardline {

namespace {

using self_pointer = shard_actor::stateful_pointer<shard_state>;

void pump(self_pointer self);

std::span<const std::uint32_t> units_of(const shard_state& st) {
  return st.units ? std::span<const std::uint32_t>(*st.units) : std::span<const std::uint32_t>();
}

// Tells the session of hand-overs that ended without a result, in one
// message and in their order (epochs rise through a batch), so a unit's
// unfinished tests are queued again together and run in one batch.
void give_back(self_pointer self, std::vector<std::uint64_t> epochs) {
  auto& st = self->state;
  std::sort(epochs.begin(), epochs.end());
  std::vector<HandedBack> tests;
  for (auto epoch : epochs) {
    auto it = st.unreported.find(epoch);
    if (it == st.unreported.end())
      continue;
    tests.push_back({epoch, it->second});
    st.unreported.erase(it);
  }
  if (!tests.empty())
    self->send(st.session, atom::lost::value, st.index, std::move(tests));
}

// -- dispatch latency --------------------------------------------------------------

// A slot of the current binding's worker is free from now on.
void slot_freed(shard_state& st, shard_state::Time now) {
  st.free_since.push_back(now);
}

// A batch takes the slot free the longest; it could have gone when both that
// slot was free and the queue held a test.
void slot_taken(self_pointer self, std::optional<shard_state::Time> ready) {
  auto& st = self->state;
  if (st.free_since.empty())
    return;
  st.free_since.pop_front();
  if (st.metrics && ready)
    st.metrics->dispatched(self->clock().now() - *ready);
}

void queue_grew(self_pointer self) {
  auto& st = self->state;
  if (!st.queue.empty() && !st.queued_since)
    st.queued_since = self->clock().now();
}

void queue_shrank(shard_state& st) {
  if (st.queue.empty())
    st.queued_since.reset();
}

// -- batches -------------------------------------------------------------------------

// Hands one batch to the worker; its results arrive one by one as `result`
// messages, and the answer to the request closes the batch.
void run(self_pointer self, std::vector<TestAssignment> batch,
         std::optional<shard_state::Time> ready) {
  auto& st = self->state;
  ++st.in_flight;
  slot_taken(self, ready);
  std::vector<std::uint64_t> epochs;
  for (const auto& assignment : batch) {
    epochs.push_back(assignment.epoch);
    st.unreported.emplace(assignment.epoch, assignment.test_index);
  }
  auto binding = st.binding;
  // A Playwright batch ends itself: its deadline derives from the timeouts
  // Playwright reports (runners/playwright_deadline.hpp), which are not known
  // here (the config's, test.slow(), retries); heartbeats catch a lost worker.
  auto timeout = st.runner == RunnerKind::playwright
                     ? longest_wait
                     : bounded_wait(saturating_product(st.run_timeout,
                                                       static_cast<std::int64_t>(batch.size())));
  self->request(st.worker, timeout, atom::run::value, std::move(batch),
                caf::actor_cast<result_sink_actor>(self))
      .then(
          [self, binding](const std::vector<std::uint64_t>& not_run) {
            if (binding == self->state.binding) {
              --self->state.in_flight;
              slot_freed(self->state, self->clock().now());
            }
            give_back(self, not_run);
            pump(self);
          },
          [self, binding, epochs](const caf::error&) {
            if (binding == self->state.binding) {
              --self->state.in_flight;
              slot_freed(self->state, self->clock().now());
            }
            give_back(self, epochs);
            pump(self);
          });
}

// Keeps the worker's slots busy: hands out batches from the head of the
// queue, or asks the session for more work when the queue is empty.
void pump(self_pointer self) {
  auto& st = self->state;
  if (!st.worker)
    return;
  if (st.draining) {
    // Nothing runs any more: the worker is no longer ours.
    if (st.in_flight == 0 && !st.dispatching) {
      st.worker_id.clear();
      st.worker = nullptr;
      st.free_since.clear();
      st.draining = false;
      ++st.binding;
      self->send(st.session, atom::drained::value, st.index);
    }
    return;
  }
  if (st.dispatching)
    return;
  if (st.slots - st.in_flight <= 0)
    return;
  if (st.queue.empty()) {
    if (!st.hungry) {
      st.hungry = true;
      self->send(st.session, atom::steal::value, st.index);
    }
    return;
  }
  auto count = static_cast<long>(batch_size(st.runner, st.queue, *st.estimates, units_of(st)));
  std::vector<TestIndex> batch(st.queue.begin(), st.queue.begin() + count);
  std::optional<shard_state::Time> ready;
  if (!st.free_since.empty() && st.queued_since)
    ready = std::max(st.free_since.front(), *st.queued_since);
  st.queue.erase(st.queue.begin(), st.queue.begin() + count);
  queue_shrank(st);
  st.dispatching = true;
  self->request(st.session, caf::infinite, atom::dispatch::value, st.index, std::move(batch))
      .then([self, ready](std::vector<TestAssignment>& assignments) {
        self->state.dispatching = false;
        // The session answers only for the binding it knows, and it tells us
        // of a new binding before it answers: these belong to the current one.
        if (!assignments.empty())
          run(self, std::move(assignments), ready);
        pump(self);
      });
}

// About half the queue's estimated work, from the tail (the shortest tests
// when the queue is in longest-first order), in whole units. An unbound or
// draining shard gives all.
std::vector<TestIndex> give(shard_state& st) {
  std::vector<TestIndex> given;
  if (!st.worker || st.draining) {
    given.assign(st.queue.begin(), st.queue.end());
    st.queue.clear();
    queue_shrank(st);
    return given;
  }
  auto count = static_cast<long>(steal_size(st.queue, *st.estimates, units_of(st)));
  given.assign(st.queue.end() - count, st.queue.end());
  st.queue.erase(st.queue.end() - count, st.queue.end());
  queue_shrank(st);
  return given;
}

} // namespace

shard_actor::behavior_type shard(self_pointer self, session_actor session, int index,
                                 std::shared_ptr<const std::vector<std::int64_t>> estimates,
                                 std::chrono::milliseconds run_timeout, RunnerKind runner,
                                 std::shared_ptr<RuntimeMetrics> metrics,
                                 std::shared_ptr<const std::vector<std::uint32_t>> units) {
  auto& st = self->state;
  st.units = std::move(units);
  st.metrics = std::move(metrics);
  st.session = std::move(session);
  st.index = index;
  st.estimates = std::move(estimates);
  st.run_timeout = run_timeout;
  st.runner = runner;
  return {
      [self](atom::enqueue, const std::vector<TestIndex>& tests, bool front) {
        auto& st = self->state;
        if (front)
          st.queue.insert(st.queue.begin(), tests.begin(), tests.end());
        else
          st.queue.insert(st.queue.end(), tests.begin(), tests.end());
        queue_grew(self);
        st.hungry = false;
        pump(self);
      },
      [self](atom::give) { return give(self->state); },
      [self](atom::bind, const std::string& worker_id, const worker_actor& worker, int slots) {
        auto& st = self->state;
        st.worker_id = worker_id;
        st.worker = worker;
        st.slots = std::max(1, slots);
        st.in_flight = 0;
        st.free_since.assign(static_cast<std::size_t>(st.slots), self->clock().now());
        st.hungry = false;
        st.draining = false;
        ++st.binding;
        pump(self);
      },
      [self](atom::lost) {
        auto& st = self->state;
        st.worker_id.clear();
        st.worker = nullptr;
        st.queue.clear();
        queue_shrank(st);
        st.in_flight = 0;
        st.free_since.clear();
        st.draining = false;
        ++st.binding;
      },
      [self](atom::drain) {
        auto& st = self->state;
        if (!st.worker)
          return;
        st.draining = true;
        st.queue.clear();
        queue_shrank(st);
        pump(self);
      },
      [self](atom::stop) { self->quit(); },
      [self](atom::result, std::uint64_t epoch, TestResult& result) {
        auto& st = self->state;
        // The worker signs its results; a late one of a lost binding still goes
        // to the session, whose ledger counts it as stale.
        st.unreported.erase(epoch);
        self->send(st.session, atom::result::value, st.index, epoch, std::move(result));
      },
      [self](atom::commit, std::uint64_t epoch, TestResult& result) {
        auto& st = self->state;
        st.unreported.erase(epoch);
        return self->delegate(st.session, atom::commit::value, st.index, epoch, std::move(result));
      },
  };
}

} // namespace shardline
