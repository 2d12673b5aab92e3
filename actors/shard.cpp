#include "actors/shard.hpp"

#include "actors/shard_state.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>

namespace shardline {

namespace {

using self_pointer = shard_actor::stateful_pointer<shard_state>;

void pump(self_pointer self);

// Sends one assignment to the worker and relays its outcome to the session.
void run(self_pointer self, const TestAssignment& assignment) {
  auto& st = self->state;
  ++st.in_flight;
  auto binding = st.binding;
  auto worker_id = st.worker_id;
  auto epoch = assignment.epoch;
  auto test = assignment.test_index;
  self->request(st.worker, st.run_timeout, atom::run::value, assignment)
      .then(
          [self, binding, worker_id, epoch](TestResult result) {
            auto& st = self->state;
            // A late result of a lost binding still goes to the session, whose
            // ledger counts it as stale; it just frees no slot of the new one.
            if (binding == st.binding)
              --st.in_flight;
            result.worker_id = worker_id;
            self->send(st.session, atom::result::value, st.index, epoch, std::move(result));
            pump(self);
          },
          [self, binding, epoch, test](const caf::error&) {
            auto& st = self->state;
            if (binding == st.binding)
              --st.in_flight;
            self->send(st.session, atom::lost::value, st.index, epoch, test);
            pump(self);
          });
}

// Keeps the worker's slots busy: hands out the head of the queue, or asks
// the session for more work when the queue is empty.
void pump(self_pointer self) {
  auto& st = self->state;
  if (!st.worker || st.dispatching)
    return;
  auto free = st.slots - st.in_flight;
  if (free <= 0)
    return;
  if (st.queue.empty()) {
    if (!st.hungry) {
      st.hungry = true;
      self->send(st.session, atom::steal::value, st.index);
    }
    return;
  }
  auto count = std::min<std::size_t>(static_cast<std::size_t>(free), st.queue.size());
  std::vector<TestIndex> batch(st.queue.begin(), st.queue.begin() + static_cast<long>(count));
  st.queue.erase(st.queue.begin(), st.queue.begin() + static_cast<long>(count));
  st.dispatching = true;
  self->request(st.session, caf::infinite, atom::dispatch::value, st.index, std::move(batch))
      .then([self](const std::vector<TestAssignment>& assignments) {
        self->state.dispatching = false;
        // The session answers only for the binding it knows, and it tells us of
        // a new binding before it answers: these belong to the current worker.
        for (const auto& assignment : assignments)
          run(self, assignment);
        pump(self);
      });
}

// About half the queue's estimated work, from the tail (the shortest tests
// when the queue is in longest-first order). An unbound shard gives all.
std::vector<TestIndex> give(shard_state& st) {
  std::vector<TestIndex> given;
  if (!st.worker) {
    given.assign(st.queue.begin(), st.queue.end());
    st.queue.clear();
    return given;
  }
  long double total = 0; // estimates may each be near INT64_MAX
  for (auto test : st.queue)
    total += static_cast<long double>((*st.estimates)[test]);
  const auto half_count = st.queue.size() / 2;
  long double given_ms = 0;
  auto enough = [&] { return total > 0 ? given_ms * 2 >= total : given.size() >= half_count; };
  while (!st.queue.empty() && !enough()) {
    given.push_back(st.queue.back());
    given_ms += static_cast<long double>((*st.estimates)[st.queue.back()]);
    st.queue.pop_back();
  }
  std::reverse(given.begin(), given.end());
  return given;
}

} // namespace

shard_actor::behavior_type shard(self_pointer self, session_actor session, int index,
                                 std::shared_ptr<const std::vector<std::int64_t>> estimates,
                                 std::chrono::milliseconds run_timeout) {
  auto& st = self->state;
  st.session = std::move(session);
  st.index = index;
  st.estimates = std::move(estimates);
  st.run_timeout = run_timeout;
  return {
      [self](atom::enqueue, const std::vector<TestIndex>& tests, bool front) {
        auto& st = self->state;
        if (front)
          st.queue.insert(st.queue.begin(), tests.begin(), tests.end());
        else
          st.queue.insert(st.queue.end(), tests.begin(), tests.end());
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
        st.hungry = false;
        ++st.binding;
        pump(self);
      },
      [self](atom::lost) {
        auto& st = self->state;
        st.worker_id.clear();
        st.worker = nullptr;
        st.queue.clear();
        st.in_flight = 0;
        ++st.binding;
      },
      [self](atom::stop) { self->quit(); },
  };
}

} // namespace shardline
