#include "http/event_hub.hpp"

#include "http/event_queue.hpp"
#include "model/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace shardline::http {

namespace {

using Bytes = std::shared_ptr<const std::string>;

// The buffered progress a newer one replaces, in the hub and in each stream.
constexpr std::string_view progress_key = "progress";

bool same(const Bytes& a, const Bytes& b) {
  return a && b && *a == *b;
}

// A worker event is the worker as the registry knows it. What it runs now
// changes with every test and is read from GET /api/sharding/workers.
std::string worker_data(const Worker& worker) {
  auto json = encode(worker);
  json.erase("currentTests");
  return to_json_text(json);
}

} // namespace

Bytes EventHub::encode_event(std::string_view name, const std::string& data) {
  ++encodings_;
  return std::make_shared<const std::string>(format_event(name, data));
}

void EventHub::add(Bytes event, std::string_view coalesce_key) {
  if (coalesce_key == progress_key) {
    if (pending_progress_)
      pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(*pending_progress_));
    pending_progress_ = pending_.size();
  }
  pending_.push_back({std::move(event), std::string(coalesce_key)});
}

// -- streams -----------------------------------------------------------------------

void EventHub::join(std::shared_ptr<EventStream> stream, const ExecutionSession& current) {
  if (over_) {
    if (final_session_)
      stream->push_shared({{final_session_, {}}});
    stream->close();
    return;
  }
  flush();
  // What only this stream needs is encoded for it alone.
  auto own = [](std::string_view name, const nlohmann::json& data) {
    return std::make_shared<const std::string>(format_event(name, to_json_text(data)));
  };
  std::vector<SharedEvent> first{{own("session", encode(current)), {}}};
  for (const auto& shard : current.shards)
    first.push_back({own("shard", encode(shard)), {}});
  for (const auto& [id, entry] : workers_)
    if (entry.of_session && entry.told)
      first.push_back({entry.told, {}});
  first.push_back({own("progress", encode(current.progress)), std::string(progress_key)});
  if (!stream->push_shared(first))
    return;
  streams_.push_back(std::move(stream));
  // Workers named by the current state are the session's from now on.
  for (const auto& shard : current.shards)
    if (!shard.worker_id.empty())
      adopt_worker(shard.worker_id);
}

std::size_t EventHub::streams() {
  std::erase_if(streams_, [](const auto& stream) { return stream->closed(); });
  return streams_.size();
}

void EventHub::deliver(const std::vector<SharedEvent>& events) {
  std::erase_if(streams_, [&](const auto& stream) { return !stream->push_shared(events); });
}

void EventHub::flush() {
  if (pending_.empty())
    return;
  deliver(pending_);
  pending_.clear();
  pending_progress_.reset();
}

// -- what happens --------------------------------------------------------------------

void EventHub::result(const TestResult& result) {
  if (!over_)
    add(encode_event("result", to_json_text(shardline::encode(result))));
}

void EventHub::progress(const ExecutionProgress& progress) {
  if (!over_)
    add(encode_event("progress", to_json_text(shardline::encode(progress))), progress_key);
}

void EventHub::shard(const ShardStatus& shard) {
  if (over_)
    return;
  auto event = encode_event("shard", to_json_text(shardline::encode(shard)));
  auto& told = told_shards_[shard.shard_index];
  if (!same(told, event)) {
    told = event;
    add(std::move(event));
  }
  if (!shard.worker_id.empty())
    adopt_worker(shard.worker_id);
}

void EventHub::worker(const Worker& worker) {
  auto& entry = workers_[worker.id];
  entry.latest = worker;
  if (over_ || !entry.of_session)
    return;
  if (auto news = worker_news(entry))
    add(std::move(news));
}

void EventHub::adopt_worker(const std::string& worker_id) {
  auto& entry = workers_[worker_id];
  if (entry.of_session)
    return;
  entry.of_session = true;
  if (entry.latest.id.empty())
    return; // not heard of yet: its first event comes when the coordinator tells
  if (auto news = worker_news(entry))
    add(std::move(news));
}

Bytes EventHub::worker_news(WorkerEntry& entry) {
  auto event = encode_event("worker", worker_data(entry.latest));
  if (same(entry.told, event))
    return nullptr;
  entry.told = event;
  return event;
}

// -- the end -------------------------------------------------------------------------

void EventHub::ended(const ExecutionSession& final_state) {
  if (over_)
    return;
  for (const auto& shard : final_state.shards) {
    auto event = encode_event("shard", to_json_text(shardline::encode(shard)));
    if (!same(told_shards_[shard.shard_index], event))
      add(std::move(event));
  }
  final_session_ = encode_event("session", to_json_text(shardline::encode(final_state)));
  add(final_session_);
  flush();
  over_ = true;
  for (const auto& stream : streams_)
    stream->close();
  streams_.clear();
}

void EventHub::lost() {
  over_ = true;
  pending_.clear();
  pending_progress_.reset();
  for (const auto& stream : streams_)
    stream->close();
  streams_.clear();
}

} // namespace shardline::http
