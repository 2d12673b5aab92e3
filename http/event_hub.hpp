#pragma once

// One session's server-sent events for every stream open on it. Each event is
// encoded once (JSON, then the SSE wire format) and its bytes are shared by
// all the streams, instead of each stream encoding its own copy. Events wait
// in the hub until flush() hands them to every stream in one push each; a
// progress replaces the pending one, and each stream's buffer coalesces
// progress again for a client that reads slowly. Plain logic: one actor owns
// it (event_feed.cpp), so it is not thread-safe; the streams are.

#include "http/exchange.hpp"
#include "model/execution_session.hpp"
#include "model/test_result.hpp"
#include "model/worker.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shardline::http {

class EventHub {
public:
  // -- streams -----------------------------------------------------------------

  /// A stream joins. It gets the current state first: a `session` event
  /// (`current`), a `shard` event per shard, a `worker` event per worker of
  /// the session the hub knows, the progress; then every event flushed from
  /// now on. What is pending goes to the other streams first (its effect is
  /// in `current`). Once the session has ended, the joiner gets the final
  /// `session` event and its stream ends.
  void join(std::shared_ptr<EventStream> stream, const ExecutionSession& current);

  /// The streams still open (closed ones are forgotten).
  std::size_t streams();

  // -- what happens: pending until flush() --------------------------------------

  void result(const TestResult& result);
  void progress(const ExecutionProgress& progress);
  /// A shard's status or worker changed; its worker becomes one of the session's.
  void shard(const ShardStatus& shard);
  /// A worker registered or changed status; news only for the session's
  /// workers (named by one of its shards, now or before).
  void worker(const Worker& worker);

  /// Whether events wait for flush().
  bool pending() const { return !pending_.empty(); }
  /// Hands the pending events to every stream, one push each.
  void flush();

  // -- the end -------------------------------------------------------------------

  /// The session ended: what is pending, a `shard` event for each shard not
  /// yet told in its final state, and the final `session` event go to every
  /// stream, and the streams end.
  void ended(const ExecutionSession& final_state);
  /// The session went away without a final state: the streams end (their
  /// clients reconnect and hear it is gone).
  void lost();
  bool over() const { return over_; }

  /// How many events were encoded (JSON and wire format), whatever the
  /// number of streams they went to.
  std::size_t encodings() const { return encodings_; }

private:
  struct WorkerEntry {
    Worker latest;                           // as the coordinator last told it
    std::shared_ptr<const std::string> told; // the event last sent, if any
    bool of_session = false;                 // named by a shard of the session
  };

  std::shared_ptr<const std::string> encode_event(std::string_view name, const std::string& data);
  void add(std::shared_ptr<const std::string> event, std::string_view coalesce_key = {});
  /// The worker is now one of the session's: its latest state is news.
  void adopt_worker(const std::string& worker_id);
  /// The worker's event if it changed since last told (and remembers it).
  std::shared_ptr<const std::string> worker_news(WorkerEntry& entry);
  /// Pushes to every stream; forgets those that closed.
  void deliver(const std::vector<SharedEvent>& events);

  std::vector<std::shared_ptr<EventStream>> streams_;
  std::vector<SharedEvent> pending_;
  std::optional<std::size_t> pending_progress_;                   // its index in pending_
  std::map<int, std::shared_ptr<const std::string>> told_shards_; // by shard index
  std::map<std::string, WorkerEntry> workers_;                    // by worker id
  std::shared_ptr<const std::string> final_session_;
  bool over_ = false;
  std::size_t encodings_ = 0;
};

} // namespace shardline::http
