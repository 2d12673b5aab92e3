#include "actors/session.hpp"

#include "actors/failure.hpp"
#include "actors/queue_order.hpp"
#include "actors/runtime_metrics.hpp"
#include "actors/session_board.hpp"
#include "actors/session_state.hpp"
#include "actors/shard.hpp"
#include "actors/shard_choice.hpp"
#include "actors/shard_state.hpp"
#include "actors/worker_activity.hpp"
#include "model/deadline.hpp"
#include "strategies/estimates.hpp"
#include "strategies/units.hpp"

#include <caf/actor_cast.hpp>
#include <caf/spawn_options.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <numeric>
#include <unordered_set>

namespace shardline {

namespace {

using self_pointer = session_actor::stateful_pointer<session_state>;

TimePoint now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(Clock::now());
}

std::int64_t estimate(const session_state& st, TestIndex test) {
  return (*st.estimates)[test];
}

// -- planning --------------------------------------------------------------------

// Plans tests onto a shard and queues them there.
void enqueue(self_pointer self, int shard, std::vector<TestIndex> tests, bool front) {
  auto& st = self->state;
  if (tests.empty())
    return;
  auto& target = st.shards[static_cast<std::size_t>(shard)];
  for (auto test : tests) {
    auto from = st.ledger->shard_of(test);
    if (from >= 0 && from != shard)
      st.shards[static_cast<std::size_t>(from)].queued_ms -= estimate(st, test);
    if (from != shard)
      target.queued_ms += estimate(st, test);
    st.ledger->plan(test, shard);
  }
  self->send(target.actor, atom::enqueue::value, std::move(tests), front);
}

// Shards whose worker takes new tests.
std::vector<int> bound_shards(const session_state& st) {
  std::vector<int> bound;
  for (std::size_t k = 0; k < st.shards.size(); ++k)
    if (st.shards[k].worker && !st.shards[k].draining)
      bound.push_back(static_cast<int>(k));
  return bound;
}

// Every pending test planned on one of the `shards`, but those that wait for
// their serial group's run to end before the group is retried whole.
std::vector<TestIndex> pending_on(const session_state& st, const std::vector<bool>& shards) {
  std::vector<TestIndex> pending;
  for (TestIndex test = 0; test < st.ledger->tests().size(); ++test) {
    auto k = st.ledger->shard_of(test);
    if (k >= 0 && shards[static_cast<std::size_t>(k)] && st.ledger->is_pending(test) &&
        !st.ledger->waits_for_its_group(test))
      pending.push_back(test);
  }
  return pending;
}

// Spreads tests over the bound shards with the session's strategy; with no
// shard bound they stay on `fallback` until a worker joins.
void replan(self_pointer self, const std::vector<TestIndex>& tests, int fallback) {
  auto& st = self->state;
  auto bound = bound_shards(st);
  if (bound.empty()) {
    enqueue(self, fallback, tests, false);
    return;
  }
  std::vector<TestFile> files;
  files.reserve(tests.size());
  for (auto test : tests)
    files.push_back(st.ledger->tests()[test]);
  auto plan = st.strategy->distribute(std::move(files), static_cast<int>(bound.size()),
                                      StrategyOptions{st.config.tag_mode});
  for (std::size_t j = 0; j < bound.size(); ++j) {
    std::vector<TestIndex> part;
    for (const auto& test : (*plan)[j].tests)
      part.push_back(*st.ledger->find(test.id));
    enqueue(self, bound[j], std::move(part), false);
  }
}

void bind_shard(self_pointer self, int shard, const std::string& worker_id, worker_actor worker,
                int slots) {
  auto& target = self->state.shards[static_cast<std::size_t>(shard)];
  target.worker_id = worker_id;
  target.worker = worker;
  target.slots = slots;
  auto& seen = self->state.workers_seen;
  if (worker && std::find(seen.begin(), seen.end(), worker) == seen.end())
    seen.push_back(worker);
  self->send(target.actor, atom::bind::value, worker_id, std::move(worker), slots);
}

int add_shard(self_pointer self) {
  auto& st = self->state;
  auto index = st.ledger->add_shard();
  // Saturating: a timeout beyond the documented range must not wrap around.
  auto run_timeout =
      saturating_sum(saturating_product(std::chrono::milliseconds{st.config.test_timeout_ms}, 2),
                     std::chrono::milliseconds{60'000});
  session_state::Shard entry;
  entry.actor =
      self->spawn<caf::linked>(shard, caf::actor_cast<session_actor>(self), index, st.estimates,
                               run_timeout, st.config.runner.kind, st.readouts.metrics, st.units);
  st.shards.push_back(std::move(entry));
  return index;
}

// -- snapshots -------------------------------------------------------------------

ShardStatus shard_status(const session_state& st, std::size_t k) {
  const auto& entry = st.shards[k];
  ShardStatus shard;
  shard.shard_index = static_cast<int>(k);
  shard.worker_id = entry.worker_id;
  shard.progress = st.ledger->shard_progress(static_cast<int>(k));
  shard.estimated_duration_ms = entry.planned_ms;
  if (entry.lost && !entry.worker)
    shard.status = ShardState::lost;
  else if (shard.progress.total > 0 && shard.progress.completed == shard.progress.total)
    shard.status = ShardState::completed;
  else if (st.status == SessionStatus::cancelled)
    shard.status = ShardState::cancelled;
  else
    shard.status = entry.worker ? ShardState::running : ShardState::pending;
  return shard;
}

// The counts anyone outside may see: those of committed results.
ExecutionProgress visible_progress(const session_state& st) {
  return st.uncommitted.visible(st.ledger->progress());
}

ExecutionSession snapshot(const session_state& st) {
  ExecutionSession out;
  out.session_id = st.id;
  // An end is shown once its last results are committed.
  out.status = st.concluding ? SessionStatus::running : st.status;
  out.strategy = std::string{st.strategy->name()};
  out.progress = visible_progress(st);
  out.dropped = st.ledger->dropped();
  out.resumed_from = st.resumed_from;
  out.started_at = st.started_at;
  if (!st.concluding)
    out.finished_at = st.finished_at;
  bool any_bound = false;
  for (std::size_t k = 0; k < st.shards.size(); ++k) {
    const auto& entry = st.shards[k];
    any_bound = any_bound || (entry.worker && !entry.draining);
    out.shards.push_back(shard_status(st, k));
  }
  if (st.status == SessionStatus::running && !any_bound && out.progress.pending > 0)
    out.waiting_for = "no worker available";
  return out;
}

// -- observers -------------------------------------------------------------------

void tell_observers(self_pointer self, auto... message) {
  for (const auto& observer : self->state.observers)
    self->send(observer, message...);
  for (const auto& watcher : self->state.watchers)
    self->send(watcher, message...);
}

// Tells the watchers of each shard whose status or worker changed; progress
// alone is not news (the session's progress tells it).
void tell_shards(self_pointer self) {
  auto& st = self->state;
  if (st.watchers.empty())
    return;
  for (std::size_t k = 0; k < st.shards.size(); ++k) {
    auto now = shard_status(st, k);
    if (k < st.told_shards.size() && st.told_shards[k].status == now.status &&
        st.told_shards[k].worker_id == now.worker_id)
      continue;
    for (const auto& watcher : st.watchers)
      self->send(watcher, atom::shard::value, now);
    if (k < st.told_shards.size())
      st.told_shards[k] = std::move(now);
    else
      st.told_shards.push_back(std::move(now));
  }
}

// -- readouts --------------------------------------------------------------------

void publish(session_state& st) {
  st.publish_pending = false;
  auto progress = visible_progress(st);
  if (st.readouts.metrics && st.metered != progress) {
    st.readouts.metrics->progress_changed(st.metered, progress);
    st.metered = progress;
  }
  if (st.readouts.board)
    st.readouts.board->publish(std::make_shared<const ExecutionSession>(snapshot(st)));
}

// -- the store -------------------------------------------------------------------

void conclude(self_pointer self);
void changed(self_pointer self);

// The oldest uncommitted result is committed (with no store: at once): it
// counts now, for everyone.
void count_committed(self_pointer self) {
  auto& st = self->state;
  st.uncommitted.committed();
  auto waiter = std::move(st.commit_waiters.front());
  st.commit_waiters.pop_front();
  auto index = st.committed++;
  tell_observers(self, atom::result::value, st.ledger->result(index));
  tell_observers(self, atom::progress::value, visible_progress(st));
  if (waiter)
    waiter->deliver(true);
  if (st.concluding && st.uncommitted.empty())
    conclude(self);
}

// Gives the store the result the ledger recorded last. `final`: the test is
// done with it; `was_running`: a worker reported it.
void record(self_pointer self, bool final, bool was_running,
            std::optional<caf::typed_response_promise<bool>> waiter = std::nullopt) {
  auto& st = self->state;
  auto index = st.stored++;
  auto result = st.ledger->result(index);
  st.uncommitted.recorded({result.status, final, was_running});
  st.commit_waiters.push_back(std::move(waiter));
  if (!st.store) {
    count_committed(self);
    return;
  }
  self->request(st.store, caf::infinite, atom::result::value,
                ResultRecord{st.id, index, std::move(result), final})
      .then(
          [self](std::uint64_t) {
            count_committed(self);
            changed(self);
          },
          // The store ended (the runtime stops): the result never counts.
          [](const caf::error&) {});
}

// Results the session recorded itself (skipped by a cancel, failed for
// losing its runs too often) go to the store like any other.
void record_own_results(self_pointer self) {
  auto& st = self->state;
  while (st.stored < st.ledger->result_count())
    record(self, /*final=*/true, /*was_running=*/false);
}

void save_state(self_pointer self, std::optional<SessionOpening> opening = std::nullopt) {
  auto& st = self->state;
  if (st.store)
    self->send(st.store, atom::session::value, SessionRecord{snapshot(st), std::move(opening)});
}

// Something the readouts show changed: publish at once, then at most once per
// interval (a tick publishes what changed meanwhile).
void changed(self_pointer self) {
  auto& st = self->state;
  record_own_results(self);
  tell_shards(self);
  if (!st.readouts.board && !st.readouts.metrics)
    return;
  if (st.publish_scheduled) {
    st.publish_pending = true;
    return;
  }
  publish(st);
  st.publish_scheduled = true;
  self->delayed_send(self, st.readouts.publish_interval, atom::publish::value);
}

void publish_tick(self_pointer self) {
  auto& st = self->state;
  st.publish_scheduled = false;
  if (st.publish_pending)
    changed(self);
}

// -- the end ---------------------------------------------------------------------

void finish(self_pointer self, SessionStatus status) {
  auto& st = self->state;
  st.status = status;
  st.finished_at = now();
  for (auto& entry : st.shards)
    self->send(entry.actor, atom::stop::value);
  record_own_results(self);
  if (!st.uncommitted.empty()) {
    st.concluding = true; // count_committed concludes
    return;
  }
  conclude(self);
}

// The end, told to everyone once every result counts.
void conclude(self_pointer self) {
  auto& st = self->state;
  st.concluding = false;
  save_state(self);
  publish(st); // the final state, whatever the interval
  if (st.readouts.metrics)
    st.readouts.metrics->session_ended(st.status, st.metered);
  tell_shards(self);
  auto final_state = snapshot(st);
  for (auto& promise : st.awaiting)
    promise.deliver(final_state);
  st.awaiting.clear();
  tell_observers(self, atom::progress::value, final_state.progress);
  tell_observers(self, atom::ended::value, final_state);
  st.observers.clear();
  st.watchers.clear();
  for (const auto& worker : st.workers_seen)
    self->send(worker, atom::ended::value, st.id);
  st.workers_seen.clear();
  if (st.coordinator)
    self->send(st.coordinator, atom::ended::value, st.id);
}

// Ends the open tests as skipped and stops what runs of them.
void stop_early(self_pointer self, SessionStatus status, const std::string& reason) {
  auto& st = self->state;
  st.ledger->skip_remaining(reason);
  for (const auto& entry : st.shards)
    if (entry.worker)
      self->send(entry.worker, atom::cancel::value, st.id);
  finish(self, status);
}

void check_end(self_pointer self) {
  auto& st = self->state;
  if (st.status != SessionStatus::running)
    return;
  if (st.ledger->failure_limit_reached() && !st.ledger->finished())
    stop_early(self, SessionStatus::failed,
               "not run: the session reached maxFailures (" +
                   std::to_string(st.config.max_failures) + ")");
  else if (st.ledger->failure_limit_reached())
    finish(self, SessionStatus::failed);
  else if (st.ledger->finished())
    finish(self, SessionStatus::completed);
}

// -- handlers ----------------------------------------------------------------------

std::vector<TestAssignment> dispatch(self_pointer self, int shard,
                                     const std::vector<TestIndex>& tests) {
  auto& st = self->state;
  std::vector<TestAssignment> assignments;
  if (st.status != SessionStatus::running || shard < 0 ||
      static_cast<std::size_t>(shard) >= st.shards.size())
    return assignments;
  auto& entry = st.shards[static_cast<std::size_t>(shard)];
  if (!entry.worker || entry.draining)
    return assignments;
  for (auto test : tests) {
    if (test >= st.ledger->tests().size() || !st.ledger->is_pending(test) ||
        st.ledger->shard_of(test) != shard)
      continue;
    auto handover = st.ledger->dispatch(test, entry.worker_id, shard);
    entry.queued_ms -= estimate(st, test);
    assignments.push_back(TestAssignment{st.id, st.ledger->tests()[test], handover.attempt,
                                         handover.epoch, st.config.runner,
                                         st.config.test_timeout_ms, shard, test});
  }
  return assignments;
}

std::vector<ShardLoad> loads(const session_state& st) {
  std::vector<ShardLoad> loads;
  loads.reserve(st.shards.size());
  for (const auto& entry : st.shards)
    loads.push_back({entry.draining ? std::string_view{} : entry.worker_id, entry.queued_ms});
  return loads;
}

// Queues a retry at the front of a shard of another worker when there is one.
// A test of a serial group is retried with its whole group (SessionLedger):
// once none of the group runs any more, all of it goes, in its order, in one
// batch. Any other test is retried alone: Playwright too retries only the
// failed test of a group that is not serial (with its default
// retryStrategy "immediate", in a new worker after the rest of the group,
// which here runs on in the same batch).
void requeue_retry(self_pointer self, TestIndex test) {
  auto& st = self->state;
  std::vector<TestIndex> tests{test};
  if (st.ledger->group_retry_open(test)) {
    auto group = st.ledger->take_group_retry(test);
    if (group.empty())
      return; // some of the group still runs: its last test brings it back
    tests.assign(group.begin(), group.end());
  }
  auto target = retry_shard(loads(st), st.ledger->last_worker(test));
  enqueue(self, target.value_or(st.ledger->shard_of(test)), std::move(tests), true);
}

// A batch's tests that ended without a result, in their order: back to the
// front of their shard's queue together (or re-planned when it drains), so a
// unit's tests run again in one batch, in their order. A test whose serial
// group is being retried joins its group's retry instead.
void hand_back(self_pointer self, int shard, const std::vector<HandedBack>& handed) {
  auto& st = self->state;
  std::vector<TestIndex> again;
  std::vector<TestIndex> with_group;
  for (const auto& test : handed) {
    if (test.test >= st.ledger->tests().size())
      continue;
    if (st.ledger->give_back(test.test, test.epoch))
      (st.ledger->group_retry_open(test.test) ? with_group : again).push_back(test.test);
    else if (st.ledger->is_done(test.test) && st.ledger->group_retry_open(test.test))
      with_group.push_back(test.test); // failed for losing its run too often: its group goes on
  }
  if (st.status != SessionStatus::running)
    return;
  if (!again.empty()) {
    if (st.shards.at(static_cast<std::size_t>(shard)).draining)
      replan(self, again, shard);
    else
      enqueue(self, shard, std::move(again), true);
  }
  for (auto test : with_group)
    if (st.ledger->group_retry_open(test)) // not taken with another of its group
      requeue_retry(self, test);
}

void lose_worker(self_pointer self, const std::string& worker_id) {
  auto& st = self->state;
  std::vector<bool> affected(st.shards.size(), false);
  bool any = false;
  for (std::size_t k = 0; k < st.shards.size(); ++k) {
    auto& entry = st.shards[k];
    if (entry.worker_id != worker_id)
      continue;
    entry.worker_id.clear();
    entry.worker = nullptr;
    entry.lost = true;
    entry.draining = false;
    entry.queued_ms = 0; // its queue is dropped below and re-planned
    self->send(entry.actor, atom::lost::value);
    affected[k] = any = true;
  }
  st.ledger->release(worker_id);
  if (!any || st.status != SessionStatus::running)
    return;
  // Every not-done test planned on the lost shards: their queues and the
  // released in-flight tests.
  auto remaining = pending_on(st, affected);
  if (!remaining.empty())
    replan(self, remaining, st.ledger->shard_of(remaining.back()));
  check_end(self); // a test may have failed for losing its run too often
}

// Unlike a loss, a drain keeps what the worker runs: only the tests not yet
// handed to it move on now; the shard unbinds once its batches have ended.
void drain_worker(self_pointer self, const std::string& worker_id) {
  auto& st = self->state;
  if (st.status != SessionStatus::running)
    return;
  std::vector<bool> affected(st.shards.size(), false);
  bool any = false;
  for (std::size_t k = 0; k < st.shards.size(); ++k) {
    auto& entry = st.shards[k];
    if (entry.worker_id != worker_id || entry.draining)
      continue;
    entry.draining = true;
    self->send(entry.actor, atom::drain::value);
    affected[k] = any = true;
  }
  // With no other worker bound they stay where they are until it unbinds.
  auto remaining = any ? pending_on(st, affected) : std::vector<TestIndex>{};
  if (!remaining.empty() && !bound_shards(st).empty())
    replan(self, remaining, st.ledger->shard_of(remaining.back()));
}

void shard_drained(self_pointer self, int shard) {
  auto& st = self->state;
  if (shard < 0 || static_cast<std::size_t>(shard) >= st.shards.size())
    return;
  auto& entry = st.shards[static_cast<std::size_t>(shard)];
  if (!entry.draining)
    return; // lost meanwhile
  entry.draining = false;
  entry.worker_id.clear();
  entry.worker = nullptr;
  self->send(entry.actor, atom::lost::value); // forget what was queued meanwhile
  if (st.status != SessionStatus::running)
    return;
  std::vector<bool> drained(st.shards.size(), false);
  drained[static_cast<std::size_t>(shard)] = true;
  auto remaining = pending_on(st, drained);
  if (!remaining.empty())
    replan(self, remaining, shard);
  check_end(self);
}

void join_worker(self_pointer self, const std::string& worker_id, const worker_actor& worker,
                 int slots) {
  auto& st = self->state;
  if (st.status != SessionStatus::running)
    return;
  int unbound = -1;
  for (std::size_t k = 0; k < st.shards.size(); ++k) {
    const auto& entry = st.shards[k];
    if (entry.worker_id == worker_id)
      return; // already ours
    if (!entry.worker &&
        (unbound < 0 || entry.queued_ms > st.shards[static_cast<std::size_t>(unbound)].queued_ms))
      unbound = static_cast<int>(k);
  }
  if (unbound < 0) {
    if (!st.config.steal)
      return;
    unbound = add_shard(self); // an extra shard that starts by stealing
  }
  bind_shard(self, unbound, worker_id, worker, slots);
}

void steal_for(self_pointer self, int thief) {
  auto& st = self->state;
  if (!st.config.steal || st.status != SessionStatus::running ||
      st.shards[static_cast<std::size_t>(thief)].draining)
    return;
  auto chosen = steal_victim(loads(st), thief);
  if (!chosen)
    return;
  auto victim = *chosen;
  self->request(st.shards[static_cast<std::size_t>(victim)].actor, caf::infinite, atom::give::value)
      .then([self, thief, victim](const std::vector<TestIndex>& given) {
        auto& st = self->state;
        if (st.status != SessionStatus::running)
          return;
        // A retry is not stolen back by the worker it just failed on, nor is
        // the rest of its unit (a serial group's retry holds tests that did
        // not run, handed back, still at their first attempt).
        const auto& thief_worker = st.shards[static_cast<std::size_t>(thief)].worker_id;
        auto still_there = [&](TestIndex test) {
          return st.ledger->is_pending(test) && st.ledger->shard_of(test) == victim;
        };
        auto unit_of = [&](TestIndex test) -> std::uint64_t {
          return st.units ? (*st.units)[test] : test;
        };
        std::unordered_set<std::uint64_t> kept_units;
        for (auto test : given)
          if (still_there(test) && st.ledger->attempt_of(test) > 1 &&
              st.ledger->last_worker(test) == thief_worker)
            kept_units.insert(unit_of(test));
        std::vector<TestIndex> taken;
        std::vector<TestIndex> kept;
        for (auto test : given)
          if (still_there(test))
            (kept_units.contains(unit_of(test)) ? kept : taken).push_back(test);
        if (!kept.empty())
          self->send(st.shards[static_cast<std::size_t>(victim)].actor, atom::enqueue::value,
                     std::move(kept), true);
        if (st.shards[static_cast<std::size_t>(thief)].draining)
          replan(self, taken, victim); // it began draining meanwhile
        else
          enqueue(self, thief, std::move(taken), false);
        changed(self); // shard totals moved
      });
}

// A worker's result for the hand-over `epoch`. Whoever waits for it
// (`waiter`) hears true once it counts, false at once when it is dropped.
void take_result(self_pointer self, std::uint64_t epoch, TestResult result,
                 std::optional<caf::typed_response_promise<bool>> waiter) {
  auto& st = self->state;
  record_own_results(self); // what the ledger recorded before goes first
  auto test = st.ledger->find(result.test_id);
  auto worker_id = result.worker_id;
  auto verdict = st.ledger->apply(worker_id, epoch, std::move(result));
  if (verdict == Verdict::final || verdict == Verdict::retry)
    record(self, verdict == Verdict::final, /*was_running=*/true, std::move(waiter));
  else if (waiter)
    waiter->deliver(false);
  // A result of a test whose serial group is retried may be the group's
  // last: the group goes then.
  if ((verdict == Verdict::retry ||
       ((verdict == Verdict::final) && st.ledger->group_retry_open(*test))) &&
      st.status == SessionStatus::running)
    requeue_retry(self, *test);
  check_end(self);
  changed(self); // also for a dropped one: its count shows
}

} // namespace

session_actor::behavior_type session(self_pointer self, std::string id, SessionRequest request,
                                     std::vector<WorkerBinding> workers, Readouts readouts,
                                     coordinator_actor coordinator, store_actor store) {
  auto& st = self->state;
  st.id = std::move(id);
  st.readouts = std::move(readouts);
  st.coordinator = std::move(coordinator);
  st.store = std::move(store);
  st.resumed_from = request.resumed_from;
  std::optional<SessionOpening> opening;
  if (st.store)
    opening = SessionOpening{request.tests, request.config, std::move(request.origin),
                             std::move(request.resumed_from)};
  if (st.readouts.metrics)
    st.readouts.metrics->session_started();
  st.config = std::move(request.config);
  st.strategy = make_strategy(st.config.strategy).value();
  st.started_at = now();
  // The plan takes the suite; the ledger then takes the tests back out of the
  // allocations, so the session holds one copy of the suite. A test's index
  // is its place in the plan; an allocation is a range of indexes.
  // A resumed session's tests that ended in the session it resumes are not
  // planned: they join the ledger done, with their results.
  std::vector<TestFile> carried_tests;
  if (!request.carried.empty()) {
    std::unordered_set<std::string_view> ended;
    for (const auto& result : request.carried)
      ended.insert(result.test_id);
    auto rest =
        std::stable_partition(request.tests.begin(), request.tests.end(),
                              [&](const TestFile& test) { return !ended.contains(test.id); });
    std::move(rest, request.tests.end(), std::back_inserter(carried_tests));
    request.tests.erase(rest, request.tests.end());
  }
  auto plan = st.strategy->distribute(std::move(request.tests), st.config.worker_count,
                                      StrategyOptions{st.config.tag_mode});
  std::vector<TestFile> tests;
  for (auto& allocation : *plan) {
    st.plan.push_back(
        {tests.size(), tests.size() + allocation.tests.size(), allocation.estimated_duration_ms});
    std::move(allocation.tests.begin(), allocation.tests.end(), std::back_inserter(tests));
  }
  plan->clear();
  auto planned = tests.size();
  std::move(carried_tests.begin(), carried_tests.end(), std::back_inserter(tests));
  st.ledger = std::make_unique<SessionLedger>(std::move(tests), st.config.retries,
                                              st.config.max_failures, 0);
  for (auto& result : request.carried)
    if (auto test = st.ledger->find(result.test_id); test && *test >= planned)
      st.ledger->carry(*test, std::move(result));
  st.estimates =
      std::make_shared<const std::vector<std::int64_t>>(effective_estimates(st.ledger->tests()));
  if (has_units(st.ledger->tests()))
    st.units = std::make_shared<const std::vector<std::uint32_t>>(unit_numbers(st.ledger->tests()));
  for (const auto& range : st.plan) {
    auto k = add_shard(self);
    st.shards[static_cast<std::size_t>(k)].planned_ms = range.estimated_ms;
    std::vector<TestIndex> indexes(range.end - range.begin);
    std::iota(indexes.begin(), indexes.end(), range.begin);
    if (st.config.steal)
      run_new_tests_first(indexes, st.ledger->tests(),
                          st.units ? std::span<const std::uint32_t>(*st.units)
                                   : std::span<const std::uint32_t>());
    enqueue(self, k, std::move(indexes), false);
  }
  for (std::size_t k = 0; k < workers.size() && k < st.shards.size(); ++k)
    bind_shard(self, static_cast<int>(k), workers[k].id, workers[k].handle, workers[k].slots);
  // Observers that go away (a closed event stream) stop being told.
  self->set_down_handler([self](const caf::down_msg& down) {
    auto& st = self->state;
    auto gone = [&](const auto& observer) { return observer.address() == down.source; };
    std::erase_if(st.observers, gone);
    std::erase_if(st.watchers, gone);
  });
  save_state(self, std::move(opening));
  changed(self);
  check_end(self); // an empty suite is done at once

  return {
      [self](atom::start) {
        auto& st = self->state;
        SessionStarted started{st.id, st.status, {}};
        const auto& tests = st.ledger->tests();
        for (std::size_t k = 0; k < st.plan.size(); ++k) {
          const auto& range = st.plan[k];
          started.allocations.push_back(
              TestAllocation{static_cast<int>(k),
                             {tests.begin() + static_cast<long>(range.begin),
                              tests.begin() + static_cast<long>(range.end)},
                             range.estimated_ms});
        }
        return started;
      },
      // -- queries --
      [self](atom::status) { return snapshot(self->state); },
      [self](atom::results) {
        auto& st = self->state;
        std::vector<TestResult> results;
        results.reserve(st.committed);
        for (std::size_t i = 0; i < st.committed; ++i)
          results.push_back(st.ledger->result(i));
        return results;
      },
      [self](atom::cancel) -> caf::result<ExecutionSession> {
        auto& st = self->state;
        if (st.status != SessionStatus::running)
          return make_error(failure::session_finished, "session " + st.id + " already ended (" +
                                                           std::string{to_string(st.status)} + ")");
        stop_early(self, SessionStatus::cancelled, "cancelled");
        changed(self);
        if (!st.concluding)
          return snapshot(st);
        auto promise = self->make_response_promise<ExecutionSession>();
        st.awaiting.push_back(promise);
        return promise;
      },
      [self](atom::await) -> caf::result<ExecutionSession> {
        auto& st = self->state;
        if (st.status != SessionStatus::running && !st.concluding)
          return snapshot(st);
        auto promise = self->make_response_promise<ExecutionSession>();
        st.awaiting.push_back(promise);
        return promise;
      },
      [self](atom::held) { return held_tests(*self->state.ledger); },
      // -- from the coordinator --
      [self](atom::lost, const std::string& worker_id) {
        lose_worker(self, worker_id);
        changed(self);
      },
      [self](atom::joined, const std::string& worker_id, const worker_actor& worker, int slots) {
        join_worker(self, worker_id, worker, slots);
        changed(self);
      },
      [self](atom::drain, const std::string& worker_id) {
        drain_worker(self, worker_id);
        changed(self);
      },
      // -- from shards --
      [self](atom::dispatch, int shard, const std::vector<TestIndex>& tests) {
        auto assignments = dispatch(self, shard, tests);
        if (!assignments.empty())
          changed(self);
        return assignments;
      },
      [self](atom::result, int, std::uint64_t epoch, TestResult& result) {
        take_result(self, epoch, std::move(result), std::nullopt);
      },
      [self](atom::commit, int, std::uint64_t epoch, TestResult& result) -> caf::result<bool> {
        auto promise = self->make_response_promise<bool>();
        take_result(self, epoch, std::move(result), promise);
        return promise;
      },
      [self](atom::lost, int shard, const std::vector<HandedBack>& tests) {
        hand_back(self, shard, tests);
        check_end(self); // one may have failed for losing its run too often
        changed(self);
      },
      [self](atom::steal, int shard) { steal_for(self, shard); },
      [self](atom::drained, int shard) {
        shard_drained(self, shard);
        changed(self);
      },
      // -- observers --
      [self](atom::subscribe, const session_observer_actor& observer) {
        auto& st = self->state;
        self->send(observer, atom::progress::value, visible_progress(st));
        if (st.status != SessionStatus::running && !st.concluding) {
          self->send(observer, atom::ended::value, snapshot(st));
          return;
        }
        self->monitor(observer);
        st.observers.push_back(observer);
      },
      [self](atom::subscribe, const session_events_actor& watcher) {
        auto& st = self->state;
        self->send(watcher, atom::progress::value, visible_progress(st));
        std::vector<ShardStatus> shards;
        for (std::size_t k = 0; k < st.shards.size(); ++k) {
          shards.push_back(shard_status(st, k));
          self->send(watcher, atom::shard::value, shards.back());
        }
        if (st.status != SessionStatus::running && !st.concluding) {
          self->send(watcher, atom::ended::value, snapshot(st));
          return;
        }
        self->monitor(watcher);
        st.watchers.push_back(watcher);
        // The other watchers heard of every change up to now (handlers end
        // with tell_shards), so this is what all of them last heard.
        st.told_shards = std::move(shards);
      },
      [self](atom::publish) { publish_tick(self); },
  };
}

} // namespace shardline
