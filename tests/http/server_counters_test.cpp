// What the hardening turns away or holds back shows on /metrics: connections
// closed to make room, connections refused over the caps and the reserve,
// warnings held back by the log throttle, log lines the logger dropped.

#include "actors/actor_config.hpp"
#include "http/api.hpp"
#include "http/log_throttle.hpp"
#include "http/server_counters.hpp"
#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/child.hpp"

#include <caf/actor_system.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace shardline::http {
namespace {

using test_support::HttpClient;
using test_support::RawConnection;
using test_support::RunningServer;
using test_support::test_server_settings;
using namespace std::chrono_literals;

/// The value of one sample line (`name` with its labels) in a Prometheus text, or nullopt.
std::optional<std::uint64_t> sample(const std::string& text, const std::string& series) {
  auto start = text.find(std::string("\n").append(series).append(" "));
  if (start == std::string::npos)
    return std::nullopt;
  start += series.size() + 2;
  return std::stoull(text.substr(start, text.find('\n', start) - start));
}

TEST(ServerCounters, render_every_counter_with_help_and_type) {
  ServerCounters counters;
  counters.closed_for_room(3);
  counters.refused_reserve_full();
  counters.refused_over_caps();
  counters.refused_over_caps();
  counters.log_lines_held_back() += 4;
  auto text = std::string("\n").append(counters.prometheus_text());
  EXPECT_EQ(sample(text, "shardline_http_connections_closed_for_room_total"), 3u);
  EXPECT_EQ(sample(text, "shardline_http_connections_refused_total{reason=\"reserve_full\"}"), 1u);
  EXPECT_EQ(sample(text, "shardline_http_connections_refused_total{reason=\"over_caps\"}"), 2u);
  EXPECT_EQ(sample(text, "shardline_log_lines_held_back_total"), 4u);
  EXPECT_NE(text.find("# TYPE shardline_http_connections_refused_total counter\n"),
            std::string::npos);
  auto dropped = std::string("\n").append(log_lines_dropped_text(9));
  EXPECT_EQ(sample(dropped, "shardline_log_lines_dropped_total"), 9u);
  EXPECT_NE(dropped.find("# TYPE shardline_log_lines_dropped_total counter\n"), std::string::npos);
}

TEST(ServerCounters, a_log_throttle_adds_what_it_holds_back_to_its_tally) {
  std::atomic<std::uint64_t> tally = 0;
  LogThrottle throttle(10s, &tally);
  auto now = LogThrottle::clock::now();
  EXPECT_TRUE(throttle.admit(now));
  EXPECT_FALSE(throttle.admit(now + 1s));
  EXPECT_FALSE(throttle.admit(now + 2s));
  EXPECT_EQ(throttle.admit(now + 11s), 2u); // the line says 2, and the tally keeps them
  EXPECT_EQ(tally, 2u);
}

// A server of /metrics (the API's own route) and /hold (answers when the
// test says), at 2 connections, 1 reserve place.
class HardeningMetrics : public ::testing::Test {
protected:
  HardeningMetrics() {
    api = std::make_shared<Api>(system, coordinator_actor{});
    api->server_counters = std::make_shared<ServerCounters>();
    api->log_lines_dropped = [this] { return dropped.load(); };
    Router router = make_router(api);
    router.add("GET", "/hold", "hold", [this](const Request&, const Params&, ResponderPtr r) {
      std::lock_guard lock(mutex);
      held.push_back(std::move(r));
    });
    auto settings = test_server_settings();
    settings.max_connections = 2;
    settings.max_connections_per_client = 2;
    settings.reserve_connections = 1;
    settings.header_timeout = 60s; // only the cap closes waiting connections here
    settings.counters = api->server_counters;
    server.emplace(std::move(router), settings);
  }

  ~HardeningMetrics() override {
    release();
    server.reset();
  }

  void release() {
    std::lock_guard lock(mutex);
    for (auto& responder : held)
      responder->reply(json_response(200, "{}"));
    held.clear();
  }

  std::size_t holding() {
    std::lock_guard lock(mutex);
    return held.size();
  }

  /// /metrics on a connection of its own, closed at once.
  std::string metrics() {
    RawConnection connection(server->port());
    connection.send(std::string("GET /metrics HTTP/1.1\r\n")
                        .append(test_support::host_line(server->port()))
                        .append("Connection: close\r\n\r\n"));
    auto response = connection.read_response();
    // Refused while a place is still taken by a connection closing: "" (callers retry).
    return response && response->status == 200 ? std::string("\n").append(response->body)
                                               : std::string();
  }

  static std::string hold_request(std::uint16_t port) {
    return std::string("GET /hold HTTP/1.1\r\n")
        .append(test_support::host_line(port))
        .append("\r\n");
  }

  ActorConfig config;
  caf::actor_system system{config};
  std::shared_ptr<Api> api;
  std::atomic<std::uint64_t> dropped = 7;
  std::mutex mutex;
  std::vector<ResponderPtr> held;
  std::optional<RunningServer> server;
};

TEST_F(HardeningMetrics, refused_closed_for_room_held_back_and_dropped_lines_appear_and_move) {
  const std::string closed = "shardline_http_connections_closed_for_room_total";
  const std::string reserve_full =
      "shardline_http_connections_refused_total{reason=\"reserve_full\"}";
  const std::string over_caps = "shardline_http_connections_refused_total{reason=\"over_caps\"}";
  const std::string held_back = "shardline_log_lines_held_back_total";
  const std::string lost = "shardline_log_lines_dropped_total";

  std::string before;
  ASSERT_TRUE(test_support::eventually([&] { return !(before = metrics()).empty(); }));
  EXPECT_EQ(sample(before, closed), 0u);
  EXPECT_EQ(sample(before, reserve_full), 0u);
  EXPECT_EQ(sample(before, over_caps), 0u);
  EXPECT_EQ(sample(before, held_back), 0u);
  EXPECT_EQ(sample(before, lost), 7u);

  // Both slots busy answering: nothing can be closed to make room.
  auto port = server->port();
  RawConnection first(port);
  // One after the other: a connection is closed for room until its request is whole.
  first.send(hold_request(port));
  ASSERT_TRUE(test_support::eventually([&] { return holding() == 1; }));
  // The /metrics connection above may still hold the other place while the
  // server closes it (a loaded machine): that refuses the second with a 503,
  // and it comes again on a new connection.
  std::optional<RawConnection> second;
  ASSERT_TRUE(test_support::eventually([&] {
    second.emplace(port);
    second->send(hold_request(port));
    return test_support::eventually([&] { return holding() == 2; }, std::chrono::seconds{2});
  }));
  // No connection is left waiting (the /metrics ones are gone): none can make room.
  ASSERT_TRUE(
      test_support::eventually([&] { return server->server().connections_waiting() == 0; }));
  auto closed_before = api->server_counters->closed_for_room_total();
  auto over_caps_before = api->server_counters->refused_over_caps_total();
  RawConnection in_reserve(port); // takes the one reserve place
  RawConnection beyond(port);     // closed at once: the reserve is full
  EXPECT_TRUE(beyond.wait_closed());
  in_reserve.send(hold_request(port)); // not /healthz nor /metrics: 503
  auto refused = in_reserve.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  in_reserve.close();

  // The two refusal warnings came within 10 s of each other: one was held back.
  dropped = 12;
  std::string after;
  ASSERT_TRUE(test_support::eventually([&] {
    after = metrics(); // from the reserve too: every slot is still busy
    return sample(after, over_caps) == over_caps_before + 1;
  }));
  EXPECT_GE(sample(after, reserve_full).value_or(0), 1u);
  EXPECT_GE(sample(after, held_back).value_or(0), 1u);
  EXPECT_EQ(sample(after, lost), 12u);
  EXPECT_EQ(sample(after, closed), closed_before);

  // Answered, both wait for their next request: a new connection closes one.
  release();
  ASSERT_TRUE(first.read_response());
  ASSERT_TRUE(second->read_response());
  ASSERT_TRUE(
      test_support::eventually([&] { return server->server().connections_waiting() == 2; }));
  RawConnection newcomer(port);
  ASSERT_TRUE(test_support::eventually(
      [&] { return sample(metrics(), closed).value_or(0) >= closed_before + 1; }));
  EXPECT_EQ(server->server().counters(), api->server_counters);
}

} // namespace
} // namespace shardline::http
