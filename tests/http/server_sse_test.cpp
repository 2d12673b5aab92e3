// Server-sent events over a real socket: order, coalescing, overflow, the
// client leaving, keep-alive comments.

#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>

#include <future>

namespace shardline::http {
namespace {

using test_support::RunningServer;
using test_support::SseReader;
using test_support::test_server_settings;
using namespace std::chrono_literals;

/// A route whose handler opens a stream, lets `body` push into it and hands
/// the stream to the test.
struct StreamRoute {
  std::function<void(EventStream&)> body = [](EventStream&) {};
  std::promise<std::shared_ptr<EventStream>> opened;
  std::promise<void> closed;

  Router router() {
    Router router;
    router.add("GET", "/events", "events", [this](const Request&, const Params&, ResponderPtr r) {
      auto stream = r->stream();
      stream->on_close([this] { closed.set_value(); });
      body(*stream);
      opened.set_value(stream);
    });
    return router;
  }
};

TEST(HttpSse, the_stream_starts_with_event_stream_headers) {
  StreamRoute route;
  RunningServer server(route.router());
  SseReader reader(server.port(), "/events");
  EXPECT_EQ(reader.response().status, 200);
  EXPECT_EQ(reader.response().header("content-type"), "text/event-stream");
  EXPECT_EQ(reader.response().header("cache-control"), "no-cache");
  EXPECT_EQ(reader.response().header("content-length"), std::nullopt);
}

TEST(HttpSse, events_arrive_in_the_order_pushed) {
  StreamRoute route;
  auto opened = route.opened.get_future();
  RunningServer server(route.router());
  SseReader reader(server.port(), "/events");
  ASSERT_EQ(opened.wait_for(5s), std::future_status::ready);
  auto stream = opened.get();
  std::thread([stream] {
    stream->push("result", R"({"n":1})");
    stream->push("result", R"({"n":2})");
    stream->push("session", "line one\nline two");
  }).join();
  auto first = reader.next_event();
  auto second = reader.next_event();
  auto third = reader.next_event();
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->name, "result");
  EXPECT_EQ(first->data, R"({"n":1})");
  EXPECT_EQ(second->data, R"({"n":2})");
  EXPECT_EQ(third->name, "session");
  EXPECT_EQ(third->data, "line one\nline two");
}

TEST(HttpSse, coalesced_events_waiting_in_the_buffer_keep_only_the_latest) {
  StreamRoute route;
  // Pushed by the handler, before the headers are written: all wait in the buffer.
  route.body = [](EventStream& stream) {
    stream.push("progress", "10%", "progress");
    stream.push("result", "r1");
    stream.push("progress", "20%", "progress");
    stream.push("progress", "30%", "progress");
  };
  RunningServer server(route.router());
  SseReader reader(server.port(), "/events");
  auto first = reader.next_event();
  auto second = reader.next_event();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->data, "r1");
  EXPECT_EQ(second->name, "progress");
  EXPECT_EQ(second->data, "30%");
  EXPECT_EQ(reader.next_event(200ms), std::nullopt);
}

TEST(HttpSse, overflowing_the_buffer_closes_the_stream) {
  auto settings = test_server_settings();
  settings.sse_max_events = 4;
  StreamRoute route;
  bool fifth_accepted = true;
  route.body = [&](EventStream& stream) {
    for (int i = 0; i < 4; ++i)
      stream.push("result", std::to_string(i));
    fifth_accepted = stream.push("result", "4");
  };
  auto closed = route.closed.get_future();
  RunningServer server(route.router(), settings);
  SseReader reader(server.port(), "/events");
  EXPECT_TRUE(reader.wait_closed());
  EXPECT_FALSE(fifth_accepted);
  EXPECT_EQ(closed.wait_for(5s), std::future_status::ready);
}

TEST(HttpSse, the_client_leaving_closes_the_stream_and_fires_on_close) {
  StreamRoute route;
  auto opened = route.opened.get_future();
  auto closed = route.closed.get_future();
  RunningServer server(route.router());
  SseReader reader(server.port(), "/events");
  ASSERT_EQ(opened.wait_for(5s), std::future_status::ready);
  auto stream = opened.get();
  EXPECT_FALSE(stream->closed());
  reader.close();
  ASSERT_EQ(closed.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(stream->closed());
  EXPECT_FALSE(stream->push("result", "too late"));
}

TEST(HttpSse, closing_the_stream_sends_what_is_buffered_then_ends_it) {
  StreamRoute route;
  route.body = [](EventStream& stream) {
    stream.push("session", "done");
    stream.close();
  };
  RunningServer server(route.router());
  SseReader reader(server.port(), "/events");
  auto last = reader.next_event();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->data, "done");
  EXPECT_TRUE(reader.wait_closed());
}

TEST(HttpSse, an_idle_stream_gets_keep_alive_comments) {
  auto settings = test_server_settings();
  settings.sse_keep_alive = 50ms;
  StreamRoute route;
  RunningServer server(route.router(), settings);
  SseReader reader(server.port(), "/events");
  auto comment = reader.next(5s);
  ASSERT_TRUE(comment);
  EXPECT_EQ(comment->comment, "keep-alive");
}

TEST(HttpSse, an_event_stream_is_counted_as_a_200_of_its_route) {
  StreamRoute route;
  auto opened = route.opened.get_future();
  RunningServer server(route.router());
  SseReader reader(server.port(), "/events");
  ASSERT_EQ(opened.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(server.server().requests()->value("events", 200), 1u);
}

} // namespace
} // namespace shardline::http
