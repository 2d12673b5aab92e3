#include "http/event_queue.hpp"
#include "http/sse_stream.hpp"

#include <gtest/gtest.h>

#include <atomic>

namespace shardline::http {
namespace {

TEST(SseEventQueue, formats_an_event_with_one_data_line_per_line) {
  EXPECT_EQ(format_event("progress", R"({"a":1})"), "event: progress\ndata: {\"a\":1}\n\n");
  EXPECT_EQ(format_event("log", "one\ntwo\r\nthree\rfour"),
            "event: log\ndata: one\ndata: two\ndata: three\ndata: four\n\n");
  EXPECT_EQ(format_event("a\nb", ""), "event: a b\ndata: \n\n");
  EXPECT_EQ(format_comment("keep-alive"), ": keep-alive\n\n");
}

TEST(SseEventQueue, keeps_events_in_the_order_pushed) {
  EventQueue queue(8, 1024);
  queue.push("1");
  queue.push("2");
  queue.push("3");
  EXPECT_EQ(queue.take_all(), "123");
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.bytes(), 0u);
}

TEST(SseEventQueue, an_event_with_a_buffered_key_replaces_it_and_moves_to_the_end) {
  EventQueue queue(8, 1024);
  EXPECT_EQ(queue.push("p1", "progress"), EventQueue::Outcome::queued);
  queue.push("r1");
  EXPECT_EQ(queue.push("p2", "progress"), EventQueue::Outcome::coalesced);
  EXPECT_EQ(queue.size(), 2u);
  EXPECT_EQ(queue.take_all(), "r1p2");
}

TEST(SseEventQueue, overflows_when_the_event_count_or_bytes_are_reached) {
  EventQueue by_count(2, 1024);
  by_count.push("a");
  by_count.push("b");
  EXPECT_EQ(by_count.push("c"), EventQueue::Outcome::overflow);
  EXPECT_EQ(by_count.take_all(), "ab");

  EventQueue by_bytes(8, 4);
  by_bytes.push("abc");
  EXPECT_EQ(by_bytes.push("de"), EventQueue::Outcome::overflow);
}

TEST(SseEventQueue, a_coalescable_event_fits_in_a_full_buffer_by_replacing_its_key) {
  EventQueue queue(2, 1024);
  queue.push("p1", "progress");
  queue.push("r1");
  EXPECT_EQ(queue.push("p2", "progress"), EventQueue::Outcome::coalesced);
  EXPECT_EQ(queue.take_all(), "r1p2");
}

TEST(SseStream, push_wakes_the_writer_once_until_it_takes) {
  int wakeups = 0;
  SseStream stream(8, 1024, [&] { ++wakeups; });
  EXPECT_TRUE(stream.push("a", "1"));
  EXPECT_TRUE(stream.push("b", "2"));
  EXPECT_EQ(wakeups, 1);
  auto batch = stream.take();
  EXPECT_EQ(batch.text(), "event: a\ndata: 1\n\nevent: b\ndata: 2\n\n");
  EXPECT_EQ(batch.next, SseStream::Next::more);
  stream.push("c", "3");
  EXPECT_EQ(wakeups, 2);
}

TEST(SseStream, overflow_closes_the_stream_drops_the_buffer_and_fires_on_close_once) {
  int closes = 0;
  SseStream stream(2, 1024, [] {});
  stream.on_close([&] { ++closes; });
  EXPECT_TRUE(stream.push("a", "1"));
  EXPECT_TRUE(stream.push("b", "2"));
  EXPECT_FALSE(stream.push("c", "3"));
  EXPECT_TRUE(stream.closed());
  EXPECT_FALSE(stream.push("d", "4"));
  auto batch = stream.take();
  EXPECT_EQ(batch.next, SseStream::Next::abort);
  EXPECT_TRUE(batch.chunks.empty());
  stream.end();
  EXPECT_EQ(closes, 1);
}

TEST(SseStream, close_lets_the_buffer_drain_then_finishes) {
  int closes = 0;
  SseStream stream(8, 1024, [] {});
  stream.on_close([&] { ++closes; });
  stream.push("a", "1");
  stream.close();
  EXPECT_TRUE(stream.closed());
  EXPECT_EQ(closes, 1);
  auto batch = stream.take();
  EXPECT_EQ(batch.text(), "event: a\ndata: 1\n\n");
  EXPECT_EQ(batch.next, SseStream::Next::finish);
}

TEST(SseStream, on_close_registered_after_the_end_is_called_at_once) {
  SseStream stream(8, 1024, [] {});
  stream.end();
  bool called = false;
  stream.on_close([&] { called = true; });
  EXPECT_TRUE(called);
}

TEST(SseStream, keep_alive_comments_do_not_pile_up) {
  SseStream stream(8, 1024, [] {});
  stream.keep_alive();
  stream.keep_alive();
  EXPECT_EQ(stream.take().text(), ": keep-alive\n\n");
}

} // namespace
} // namespace shardline::http
