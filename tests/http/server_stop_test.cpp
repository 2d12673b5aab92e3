// stop() closes everything and returns promptly whatever the clients do.

#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>

namespace shardline::http {
namespace {

using test_support::answer;
using test_support::host_line;
using test_support::HttpClient;
using test_support::RawConnection;
using test_support::SseReader;
using test_support::test_server_settings;
using namespace std::chrono_literals;

TEST(HttpServerStop, stop_with_idle_pending_and_streaming_connections_returns_promptly) {
  std::promise<ResponderPtr> held;
  auto held_responder = held.get_future();
  std::promise<void> stream_closed;
  auto stream_closed_future = stream_closed.get_future();
  std::shared_ptr<EventStream> stream;
  std::promise<void> stream_opened;
  auto stream_opened_future = stream_opened.get_future();

  Router router;
  router.add("GET", "/healthz", "health", answer(200), false);
  router.add("GET", "/held", "held",
             [&](const Request&, const Params&, ResponderPtr r) { held.set_value(r); });
  router.add("GET", "/events", "events", [&](const Request&, const Params&, ResponderPtr r) {
    stream = r->stream();
    stream->on_close([&] { stream_closed.set_value(); });
    stream_opened.set_value();
  });
  auto settings = test_server_settings();
  settings.read_timeout = 30s; // nothing times out by itself during the test
  Server server(settings, std::move(router));
  server.start();

  HttpClient idle(server.port());
  ASSERT_EQ(idle.request("GET", "/healthz").status, 200);
  RawConnection pending(server.port());
  pending.send("GET /held HTTP/1.1\r\n" + host_line(server.port()) + "\r\n");
  ASSERT_EQ(held_responder.wait_for(5s), std::future_status::ready);
  SseReader reader(server.port(), "/events");
  ASSERT_EQ(stream_opened_future.wait_for(5s), std::future_status::ready);

  auto started = std::chrono::steady_clock::now();
  server.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_EQ(stream_closed_future.wait_for(0s), std::future_status::ready);
  EXPECT_TRUE(pending.wait_closed(1s));
  EXPECT_TRUE(reader.wait_closed(1s));
  held_responder.get()->reply(json_response(200, "{}")); // after stop: dropped quietly
}

TEST(HttpServerStop, a_responder_outliving_the_server_can_still_be_answered_and_dropped) {
  std::promise<ResponderPtr> held;
  auto held_responder = held.get_future();
  Router router;
  router.add("GET", "/held", "held",
             [&](const Request&, const Params&, ResponderPtr r) { held.set_value(r); });
  auto server = std::make_unique<Server>(test_server_settings(), std::move(router));
  server->start();
  RawConnection pending(server->port());
  pending.send("GET /held HTTP/1.1\r\n" + host_line(server->port()) + "\r\n");
  ASSERT_EQ(held_responder.wait_for(5s), std::future_status::ready);
  auto responder = held_responder.get();
  server.reset();
  responder->reply(json_response(200, "{}"));
  responder.reset(); // the last owner of the connection and its io_context
  EXPECT_TRUE(pending.wait_closed(1s));
}

TEST(HttpServerStop, stop_is_idempotent_and_a_server_never_started_stops_too) {
  Server never_started(test_server_settings(), Router{});
  never_started.stop();
  Server server(test_server_settings(), Router{});
  server.start();
  server.stop();
  server.stop();
}

TEST(HttpServerStop, a_port_in_use_is_reported_with_the_address) {
  Server first(test_server_settings(), Router{});
  first.start();
  auto settings = test_server_settings();
  settings.port = first.port();
  Server second(settings, Router{});
  try {
    second.start();
    FAIL() << "a second server bound the same port";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("127.0.0.1:" + std::to_string(first.port())),
              std::string::npos);
  }
}

} // namespace
} // namespace shardline::http
