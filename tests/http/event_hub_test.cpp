// EventHub without actors or sockets: streams are SseStreams whose buffers
// the tests take from, as a connection would.

#include "http/event_hub.hpp"
#include "http/sse_stream.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace shardline::http {
namespace {

constexpr std::size_t roomy_events = 1024;
constexpr std::size_t roomy_bytes = 1 << 20;

std::shared_ptr<SseStream> open_stream(std::size_t max_events = roomy_events) {
  return std::make_shared<SseStream>(max_events, roomy_bytes, [] {});
}

/// An event as a client parses it: name and data.
struct Seen {
  std::string name;
  nlohmann::json data;
};

std::vector<Seen> parse(const std::string& text) {
  std::vector<Seen> events;
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find("\n\n", at);
    auto block = text.substr(at, end - at);
    at = end + 2;
    auto name_end = block.find('\n');
    Seen seen{block.substr(7, name_end - 7), nlohmann::json::parse(block.substr(name_end + 7))};
    events.push_back(std::move(seen));
  }
  return events;
}

std::vector<Seen> take(SseStream& stream) {
  return parse(stream.take().text());
}

std::vector<std::string> names(const std::vector<Seen>& events) {
  std::vector<std::string> out;
  for (const auto& event : events)
    out.push_back(event.name);
  return out;
}

ExecutionSession running_session(int shards, const std::string& worker_id = "") {
  ExecutionSession session;
  session.session_id = "s-1";
  session.status = SessionStatus::running;
  for (int k = 0; k < shards; ++k) {
    ShardStatus shard;
    shard.shard_index = k;
    shard.worker_id = worker_id;
    shard.status = worker_id.empty() ? ShardState::pending : ShardState::running;
    session.shards.push_back(shard);
  }
  return session;
}

// Built with append: GCC 12 warns falsely about "t" + std::to_string(i) at -O2.
std::string test_id(int i) {
  std::string id = "t";
  id.append(std::to_string(i));
  return id;
}

TestResult passed(const std::string& id) {
  TestResult result;
  result.test_id = id;
  result.status = TestStatus::passed;
  return result;
}

ExecutionProgress progress_of(std::int64_t completed, std::int64_t total) {
  ExecutionProgress progress;
  progress.total = total;
  progress.completed = completed;
  progress.passed = completed;
  progress.pending = total - completed;
  return progress;
}

Worker worker(const std::string& id, WorkerState status = WorkerState::idle) {
  Worker w;
  w.id = id;
  w.name = id;
  w.status = status;
  return w;
}

TEST(EventHub, encodes_each_event_once_whatever_the_number_of_streams) {
  EventHub hub;
  std::vector<std::shared_ptr<SseStream>> streams;
  for (int i = 0; i < 50; ++i) {
    streams.push_back(open_stream());
    hub.join(streams.back(), running_session(1));
    streams.back()->take(); // the current state
  }
  auto before = hub.encodings();

  for (int i = 0; i < 10; ++i)
    hub.result(passed(test_id(i)));
  hub.progress(progress_of(10, 10));
  hub.flush();

  EXPECT_EQ(hub.encodings() - before, 11u) << "10 results and a progress, once each";
  auto first = streams.front()->take();
  ASSERT_EQ(first.chunks.size(), 11u);
  for (std::size_t i = 1; i < streams.size(); ++i) {
    auto batch = streams[i]->take();
    ASSERT_EQ(batch.chunks.size(), first.chunks.size());
    for (std::size_t k = 0; k < batch.chunks.size(); ++k)
      EXPECT_EQ(batch.chunks[k].get(), first.chunks[k].get())
          << "stream " << i << " holds its own copy of event " << k;
  }
}

TEST(EventHub, a_joining_stream_gets_the_current_state_then_what_follows) {
  EventHub hub;
  hub.worker(worker("w-1"));
  auto stream = open_stream();

  hub.join(stream, running_session(2, "w-1"));
  hub.result(passed("t0"));
  hub.flush();

  auto events = take(*stream);
  EXPECT_EQ(names(events), (std::vector<std::string>{"session", "shard", "shard", "progress",
                                                     "worker", "result"}));
  EXPECT_EQ(events[4].data["id"], "w-1");
  EXPECT_FALSE(events[4].data.contains("currentTests"))
      << "what a worker runs is GET /api/sharding/workers's to say";
  EXPECT_EQ(events[5].data["testId"], "t0");
}

TEST(EventHub, events_pending_when_a_stream_joins_go_only_to_the_streams_before_it) {
  EventHub hub;
  auto early = open_stream();
  hub.join(early, running_session(1));
  early->take();
  hub.result(passed("t0"));

  auto late = open_stream();
  hub.join(late, running_session(1)); // its state already counts t0
  hub.result(passed("t1"));
  hub.flush();

  EXPECT_EQ(names(take(*early)), (std::vector<std::string>{"result", "result"}));
  auto events = take(*late);
  EXPECT_EQ(names(events), (std::vector<std::string>{"session", "shard", "progress", "result"}));
  EXPECT_EQ(events.back().data["testId"], "t1");
}

TEST(EventHub, a_pending_progress_gives_way_to_the_latest) {
  EventHub hub;
  auto stream = open_stream();
  hub.join(stream, running_session(1));
  stream->take();

  hub.result(passed("t0"));
  hub.progress(progress_of(1, 2));
  hub.result(passed("t1"));
  hub.progress(progress_of(2, 2));
  hub.flush();

  auto events = take(*stream);
  ASSERT_EQ(names(events), (std::vector<std::string>{"result", "result", "progress"}));
  EXPECT_EQ(events.back().data["completed"], 2);
}

TEST(EventHub, a_worker_is_news_once_a_shard_of_the_session_names_it) {
  EventHub hub;
  auto stream = open_stream();
  hub.join(stream, running_session(1));
  stream->take();

  hub.worker(worker("w-1"));
  hub.worker(worker("w-2")); // another session's
  hub.flush();
  EXPECT_TRUE(take(*stream).empty());

  ShardStatus bound;
  bound.worker_id = "w-1";
  bound.status = ShardState::running;
  hub.shard(bound);
  hub.worker(worker("w-1", WorkerState::draining));
  hub.worker(worker("w-2", WorkerState::draining));
  hub.flush();

  auto events = take(*stream);
  ASSERT_EQ(names(events), (std::vector<std::string>{"shard", "worker", "worker"}));
  EXPECT_EQ(events[1].data["id"], "w-1");
  EXPECT_EQ(events[1].data["status"], "idle");
  EXPECT_EQ(events[2].data["id"], "w-1");
  EXPECT_EQ(events[2].data["status"], "draining");
}

TEST(EventHub, the_end_tells_unsent_shard_changes_and_the_final_state_then_ends_every_stream) {
  EventHub hub;
  auto a = open_stream();
  auto b = open_stream();
  hub.join(a, running_session(2, "w-1"));
  hub.join(b, running_session(2, "w-1"));
  a->take();
  b->take();
  hub.shard(running_session(2, "w-1").shards[0]);
  hub.shard(running_session(2, "w-1").shards[1]);
  hub.flush();
  a->take();
  b->take();

  auto final_state = running_session(2, "w-1");
  final_state.status = SessionStatus::completed;
  final_state.shards[1].status = ShardState::completed;
  hub.progress(progress_of(2, 2));
  hub.ended(final_state);

  for (const auto& stream : {a, b}) {
    auto batch = stream->take();
    EXPECT_EQ(batch.next, SseStream::Next::finish);
    auto events = parse(batch.text());
    ASSERT_EQ(names(events), (std::vector<std::string>{"progress", "shard", "session"}));
    EXPECT_EQ(events[1].data["shardIndex"], 1);
    EXPECT_EQ(events[2].data["status"], "completed");
  }
  EXPECT_EQ(hub.streams(), 0u);
}

TEST(EventHub, a_stream_joining_after_the_end_gets_the_final_state_alone) {
  EventHub hub;
  auto final_state = running_session(1);
  final_state.status = SessionStatus::cancelled;
  hub.ended(final_state);

  auto late = open_stream();
  hub.join(late, running_session(1));

  auto batch = late->take();
  EXPECT_EQ(batch.next, SseStream::Next::finish);
  auto events = parse(batch.text());
  ASSERT_EQ(names(events), (std::vector<std::string>{"session"}));
  EXPECT_EQ(events[0].data["status"], "cancelled");
}

TEST(EventHub, a_stream_that_falls_behind_is_dropped_and_the_others_keep_everything) {
  EventHub hub;
  auto stalled = open_stream(8); // its client reads nothing
  auto reader = open_stream();
  hub.join(stalled, running_session(1));
  hub.join(reader, running_session(1));
  reader->take();

  for (int i = 0; i < 20; ++i) {
    hub.result(passed(test_id(i)));
    hub.flush();
  }

  EXPECT_TRUE(stalled->closed());
  EXPECT_EQ(stalled->take().next, SseStream::Next::abort);
  EXPECT_EQ(hub.streams(), 1u);
  auto events = take(*reader);
  ASSERT_EQ(events.size(), 20u);
  EXPECT_EQ(events.back().data["testId"], "t19");
}

TEST(EventHub, a_lost_session_ends_the_streams_without_a_final_state) {
  EventHub hub;
  auto stream = open_stream();
  hub.join(stream, running_session(1));
  stream->take();
  hub.result(passed("t0"));

  hub.lost();

  auto batch = stream->take();
  EXPECT_EQ(batch.next, SseStream::Next::finish);
  EXPECT_TRUE(batch.chunks.empty());
  EXPECT_TRUE(hub.over());
}

} // namespace
} // namespace shardline::http
