#include "actors/store.hpp"

#include "store/session_records.hpp"
#include "store/sqlite.hpp"
#include "store/store_health.hpp"

#include <caf/actor_system.hpp>
#include <caf/spawn_options.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <utility>
#include <vector>

namespace shardline {

namespace {

struct store_state {
  static inline constexpr auto name = "store";

  // Not an aggregate: see worker_state.
  store_state() = default;

  std::shared_ptr<sqlite::Database> db;
  std::shared_ptr<StoreHealth> health;
  StoreSettings settings;
  StoreBatch pending; // what the next commit writes
  std::vector<std::pair<caf::typed_response_promise<std::uint64_t>, std::uint64_t>> results;
  std::vector<caf::typed_response_promise<std::uint64_t>> barriers;
  std::deque<std::string> forgetting; // sessions whose rows go, a batch per commit
  bool flush_scheduled = false;       // a flush (or a retry) is on its way
  std::chrono::milliseconds retry{0}; // the wait before the next retry; 0: none failed
  std::uint64_t committed = 0;        // writes committed so far
};

using self_pointer = store_actor::stateful_pointer<store_state>;

// Writes come in a burst: the flush goes behind them in the mailbox, so one
// transaction takes the whole burst.
void schedule_flush(self_pointer self) {
  auto& st = self->state;
  if (st.flush_scheduled)
    return;
  st.flush_scheduled = true;
  self->send(self, atom::flush::value);
}

// Rows of sessions no longer kept go a batch at a time, between commits, so
// new results never wait long behind a large deletion.
constexpr std::int64_t forget_batch = 2000;

void forget_some(self_pointer self) {
  auto& st = self->state;
  if (st.forgetting.empty())
    return;
  auto done = forget_session_part(*st.db, st.forgetting.front(), forget_batch);
  if (!done) {
    // Tried again after the next commit, not at once: a failing disk would
    // make this a busy loop.
    st.health->failing(done.error().message);
    return;
  }
  if (*done)
    st.forgetting.pop_front();
  if (!st.forgetting.empty())
    schedule_flush(self);
}

void flush(self_pointer self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (!st.pending.empty()) {
    if (auto error = write_batch(*st.db, st.pending)) {
      // The writes stay; a later commit takes them with whatever came since.
      st.health->failing(error->message);
      if (st.retry.count() == 0)
        spdlog::warn("{}: the store could not commit {} writes ({}); they are kept and retried",
                     st.db->path().string(), st.pending.size(), error->message);
      st.retry = st.retry.count() == 0 ? st.settings.first_retry
                                       : std::min(st.retry * 2, st.settings.longest_retry);
      st.flush_scheduled = true;
      self->delayed_send(self, st.retry, atom::tick::value);
      return;
    }
    if (st.retry.count() != 0)
      spdlog::info("{}: the store commits again", st.db->path().string());
    st.retry = std::chrono::milliseconds{0};
    st.committed += st.pending.size();
    st.health->committed(st.pending.size());
    st.pending.clear();
  }
  for (auto& [promise, seq] : st.results)
    promise.deliver(seq);
  st.results.clear();
  for (auto& promise : st.barriers)
    promise.deliver(st.committed);
  st.barriers.clear();
  forget_some(self);
}

store_actor::behavior_type store(self_pointer self, std::shared_ptr<sqlite::Database> db,
                                 std::shared_ptr<StoreHealth> health, StoreSettings settings) {
  auto& st = self->state;
  st.db = std::move(db);
  st.health = std::move(health);
  st.settings = settings;
  return {
      [self](atom::session, SessionRecord& record) {
        self->state.pending.sessions.push_back(std::move(record));
        schedule_flush(self);
      },
      [self](atom::result, ResultRecord& record) -> caf::result<std::uint64_t> {
        auto& st = self->state;
        auto promise = self->make_response_promise<std::uint64_t>();
        st.results.emplace_back(promise, record.seq);
        st.pending.results.push_back(std::move(record));
        schedule_flush(self);
        return promise;
      },
      [self](atom::worker, Worker& worker) {
        self->state.pending.workers.push_back(std::move(worker));
        schedule_flush(self);
      },
      [self](atom::commit) -> caf::result<std::uint64_t> {
        auto& st = self->state;
        auto promise = self->make_response_promise<std::uint64_t>();
        st.barriers.push_back(promise);
        schedule_flush(self);
        return promise;
      },
      [self](const atom::forget&, std::string& session_id) {
        self->state.forgetting.push_back(std::move(session_id));
        schedule_flush(self);
      },
      [self](atom::flush) { flush(self); },
      [self](atom::tick) { flush(self); },
  };
}

} // namespace

store_actor spawn_store(caf::actor_system& system, std::shared_ptr<sqlite::Database> db,
                        std::shared_ptr<StoreHealth> health, StoreSettings settings) {
  if (settings.detached)
    return system.spawn<caf::detached>(store, std::move(db), std::move(health), settings);
  return system.spawn(store, std::move(db), std::move(health), settings);
}

} // namespace shardline
