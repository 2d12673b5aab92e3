// Idle sockets and busy clients cannot take the server off the air: idle
// connections make room for new ones, one address cannot hold more than its
// share, and /healthz and /metrics are answered even when every slot is busy.

#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/child.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <iostream>
#include <mutex>
#include <vector>

namespace shardline::http {
namespace {

using test_support::answer;
using test_support::HttpClient;
using test_support::RawConnection;
using test_support::RunningServer;
using test_support::test_server_settings;
using namespace std::chrono_literals;

/// TCP connections to 127.0.0.1:port that send nothing, from a given loopback
/// source address (127.0.0.0/8 is all this machine's): a client that only
/// opens sockets.
class IdleSockets {
public:
  IdleSockets(std::uint16_t port, const std::string& from, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0)
        throw std::runtime_error("socket: out of descriptors?");
      sockaddr_in source{};
      source.sin_family = AF_INET;
      ::inet_pton(AF_INET, from.c_str(), &source.sin_addr);
      sockaddr_in target{};
      target.sin_family = AF_INET;
      target.sin_port = htons(port);
      ::inet_pton(AF_INET, "127.0.0.1", &target.sin_addr);
      if (::bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0 ||
          ::connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot connect from " + from);
      }
      fds_.push_back(fd);
    }
  }
  ~IdleSockets() {
    for (int fd : fds_)
      ::close(fd);
  }
  IdleSockets(const IdleSockets&) = delete;
  IdleSockets& operator=(const IdleSockets&) = delete;

  /// How many the server has closed (end of file or reset), waiting up to `limit`
  /// for at least `expected` of them.
  std::size_t closed_by_server(std::size_t expected, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    std::size_t closed = 0;
    do {
      closed = 0;
      for (int fd : fds_) {
        pollfd entry{fd, POLLIN, 0};
        if (::poll(&entry, 1, 0) == 1) {
          char byte;
          if (::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0)
            ++closed;
        }
      }
      if (closed >= expected)
        break;
      std::this_thread::sleep_for(20ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return closed;
  }

private:
  std::vector<int> fds_;
};

// Two sockets per connection (client and server side) in this one process.
void allow_descriptors(rlim_t wanted) {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = std::min(wanted, limit.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

Router routes() {
  Router router;
  router.add("GET", "/work", "work", answer(200, R"({"worked":true})"));
  router.add("GET", "/healthz", "healthz", answer(200), false);
  router.add("GET", "/metrics", "metrics", answer(200), false);
  return router;
}

std::chrono::microseconds time_of(const std::function<void()>& what) {
  auto start = std::chrono::steady_clock::now();
  what();
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

TEST(HttpFlood, six_hundred_idle_sockets_leave_healthz_and_a_normal_request_answered) {
  allow_descriptors(4096);
  auto settings = test_server_settings();
  settings.read_timeout = 60s; // the idle sockets would stay for the whole test
  RunningServer server(routes(), settings);
  std::vector<std::unique_ptr<IdleSockets>> flood;
  for (const auto* from : {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"})
    flood.push_back(std::make_unique<IdleSockets>(server.port(), from, 150));

  int health = 0;
  int work = 0;
  auto health_time =
      time_of([&] { health = HttpClient(server.port()).request("GET", "/healthz").status; });
  auto work_time =
      time_of([&] { work = HttpClient(server.port()).request("GET", "/work").status; });

  EXPECT_EQ(health, 200);
  EXPECT_EQ(work, 200);
  // 600 sockets, 512 places: the longest-waiting ones made room.
  EXPECT_GE(server.server().connections_closed_for_room(), 600u - 512u);
  std::cout << "[ measure ] with 600 idle sockets: /healthz answered in " << health_time.count()
            << " us, a normal request in " << work_time.count() << " us\n";
}

TEST(HttpFlood, one_address_holds_at_most_its_share_and_others_are_served) {
  auto settings = test_server_settings();
  settings.read_timeout = 60s;
  settings.max_connections = 64;
  settings.max_connections_per_client = 8;
  RunningServer server(routes(), settings);
  IdleSockets flood(server.port(), "127.0.0.2", 40);

  EXPECT_GE(flood.closed_by_server(32, 10s), 32u) << "one address kept more than 8 connections";
  IdleSockets neighbour(server.port(), "127.0.0.3", 8);
  // Accepted in order: the neighbour's sockets are in before this request.
  EXPECT_EQ(HttpClient(server.port()).request("GET", "/work").status, 200);
  EXPECT_EQ(server.server().connections_closed_for_room(), 32u)
      << "another address has its own share";
}

TEST(HttpFlood, when_every_slot_is_busy_healthz_and_metrics_still_answer_and_others_get_503) {
  auto settings = test_server_settings();
  settings.max_connections = 4;
  settings.max_connections_per_client = 4;
  std::mutex mutex;
  std::vector<ResponderPtr> held;
  Router router = routes();
  router.add("GET", "/hold", "hold", [&](const Request&, const Params&, ResponderPtr responder) {
    std::lock_guard lock(mutex);
    held.push_back(std::move(responder));
  });
  RunningServer server(std::move(router), settings);
  std::vector<std::future<int>> holders;
  for (int i = 0; i < 4; ++i)
    holders.push_back(std::async(std::launch::async, [&] {
      return HttpClient(server.port(), 30s).request("GET", "/hold").status;
    }));
  ASSERT_TRUE(test_support::eventually([&] {
    std::lock_guard lock(mutex);
    return held.size() == 4;
  }));

  HttpClient probe(server.port());
  EXPECT_EQ(probe.request("GET", "/healthz").status, 200);
  EXPECT_EQ(HttpClient(server.port()).request("GET", "/metrics").status, 200);
  auto refused = HttpClient(server.port()).request("GET", "/work");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.json()["error"]["code"], "unavailable");

  {
    std::lock_guard lock(mutex);
    for (auto& responder : held)
      responder->reply(json_response(200, "{}"));
    held.clear();
  }
  for (auto& holder : holders)
    EXPECT_EQ(holder.get(), 200);
}

} // namespace
} // namespace shardline::http
