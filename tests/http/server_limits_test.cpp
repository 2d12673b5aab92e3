// Body, header, time and connection limits, malformed requests and keep-alive.

#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace shardline::http {
namespace {

using nlohmann::json;
using test_support::answer;
using test_support::host_line;
using test_support::HttpClient;
using test_support::RawConnection;
using test_support::RunningServer;
using test_support::test_server_settings;
using namespace std::chrono_literals;

constexpr std::size_t small_body_limit = 1024;

Router echo_routes() {
  Router router;
  router.add("POST", "/echo", "echo", [](const Request& request, const Params&, ResponderPtr r) {
    r->reply(json_response(200, json{{"size", request.body.size()}}.dump()));
  });
  router.add("GET", "/healthz", "health", answer(200), false);
  return router;
}

ServerSettings small_limits() {
  auto settings = test_server_settings();
  settings.body_limit = small_body_limit;
  settings.header_limit = 4096;
  return settings;
}

TEST(HttpLimits, a_body_within_the_limit_reaches_the_handler) {
  RunningServer server(echo_routes(), small_limits());
  HttpClient client(server.port());
  auto response = client.request("POST", "/echo", std::string(small_body_limit, 'x'));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.json()["size"], small_body_limit);
}

TEST(HttpLimits, a_content_length_over_the_limit_answers_413_before_the_body_is_sent) {
  RunningServer server(echo_routes(), small_limits());
  RawConnection connection(server.port());
  connection.send("POST /echo HTTP/1.1\r\n" + host_line(server.port()) +
                  "Content-Length: 100000000\r\n\r\n");
  auto response = connection.read_response(); // not one byte of the body was sent
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_EQ(response->json(), json::parse(R"({"error":{"code":"payload_too_large",
                            "message":"the request's body is larger than 1024 bytes"}})"));
  EXPECT_TRUE(connection.wait_closed());
}

TEST(HttpLimits, a_chunked_body_growing_over_the_limit_answers_413) {
  RunningServer server(echo_routes(), small_limits());
  RawConnection connection(server.port());
  connection.send("POST /echo HTTP/1.1\r\n" + host_line(server.port()) +
                  "Transfer-Encoding: chunked\r\n\r\n");
  std::string chunk(600, 'x');
  connection.send("258\r\n" + chunk + "\r\n");
  connection.send("258\r\n" + chunk + "\r\n");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->json()["error"]["code"], "payload_too_large");
}

TEST(HttpLimits, an_expect_100_continue_request_gets_the_go_ahead_then_the_answer) {
  RunningServer server(echo_routes(), small_limits());
  RawConnection connection(server.port());
  connection.send("POST /echo HTTP/1.1\r\n" + host_line(server.port()) +
                  "Content-Length: 3\r\n"
                  "Expect: 100-continue\r\n\r\n");
  auto go_ahead = connection.read_response();
  ASSERT_TRUE(go_ahead);
  EXPECT_EQ(go_ahead->status, 100);
  connection.send("abc");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->json()["size"], 3);
}

TEST(HttpLimits, headers_over_the_limit_answer_431) {
  RunningServer server(echo_routes(), small_limits());
  RawConnection connection(server.port());
  connection.send(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
                      .append(8192, 'h')
                      .append("\r\n\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->json()["error"]["code"], "request_header_fields_too_large");
  EXPECT_TRUE(connection.wait_closed());
}

TEST(HttpLimits, a_malformed_request_answers_400_and_closes) {
  RunningServer server(echo_routes());
  RawConnection connection(server.port());
  connection.send("THIS IS NOT HTTP\r\n\r\n");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->json()["error"]["code"], "bad_request");
  EXPECT_TRUE(connection.wait_closed());
}

TEST(HttpLimits, a_client_trickling_its_request_slower_than_the_read_timeout_is_disconnected) {
  auto settings = test_server_settings();
  settings.read_timeout = 200ms;
  RunningServer server(echo_routes(), settings);
  RawConnection connection(server.port());
  const std::string request = std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                                  .append(100, 's')
                                  .append("\r\n\r\n");
  auto started = std::chrono::steady_clock::now();
  bool closed = false;
  // One byte every 50 ms: the whole request would take over 6 s.
  for (char byte : request) {
    if (!connection.send(std::string(1, byte)) || connection.wait_closed(50ms)) {
      closed = true;
      break;
    }
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST(HttpLimits, an_idle_keep_alive_connection_is_closed_after_the_read_timeout) {
  auto settings = test_server_settings();
  settings.read_timeout = 200ms;
  RunningServer server(echo_routes(), settings);
  RawConnection connection(server.port());
  EXPECT_TRUE(connection.wait_closed(5s));
}

TEST(HttpLimits, at_the_cap_the_connection_waiting_longest_is_closed_to_make_room) {
  auto settings = test_server_settings();
  settings.max_connections = 2;
  settings.read_timeout = 10s; // the first two stay open, idle
  RunningServer server(echo_routes(), settings);
  const std::string health = "GET /healthz HTTP/1.1\r\n" + host_line(server.port()) + "\r\n";
  // A connection waits again once its answer is written, which the server's
  // thread may finish after the client has read it: wait for that.
  auto waiting = [&](std::size_t count) {
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (server.server().connections_waiting() != count &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(1ms);
    return server.server().connections_waiting() == count;
  };
  RawConnection first(server.port());
  first.send(health);
  ASSERT_TRUE(first.read_response());
  ASSERT_TRUE(waiting(1));
  std::this_thread::sleep_for(2ms); // the second waits from a later time
  RawConnection second(server.port());
  second.send(health);
  ASSERT_TRUE(second.read_response());
  ASSERT_TRUE(waiting(2));

  RawConnection third(server.port());
  third.send(health);
  auto response = third.read_response();

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(first.wait_closed()) << "the connection idle the longest makes room";
  EXPECT_EQ(server.server().connections_closed_for_room(), 1u);
}

TEST(HttpLimits, a_slot_freed_by_a_closed_connection_is_taken_by_the_next) {
  auto settings = test_server_settings();
  settings.max_connections = 1;
  settings.read_timeout = 10s;
  RunningServer server(echo_routes(), settings);
  {
    HttpClient first(server.port());
    ASSERT_EQ(first.request("GET", "/healthz").status, 200);
  }
  // The server notices the close a moment later; a refused attempt is closed at once.
  auto deadline = std::chrono::steady_clock::now() + 5s;
  int status = 0;
  while (status != 200 && std::chrono::steady_clock::now() < deadline)
    status = HttpClient(server.port()).request("GET", "/healthz").status;
  EXPECT_EQ(status, 200);
}

TEST(HttpLimits, two_requests_share_one_kept_alive_connection) {
  RunningServer server(echo_routes());
  HttpClient client(server.port());
  EXPECT_EQ(client.request("GET", "/healthz").status, 200);
  auto second = client.request("POST", "/echo", "abc");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.header("connection"), std::nullopt); // HTTP/1.1: keep-alive is the default
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST(HttpLimits, a_request_asking_to_close_gets_connection_close_and_a_closed_socket) {
  RunningServer server(echo_routes());
  RawConnection connection(server.port());
  connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_TRUE(connection.wait_closed());
}

TEST(HttpLimits, an_http_1_0_request_is_answered_and_closed) {
  RunningServer server(echo_routes());
  RawConnection connection(server.port());
  connection.send("GET /healthz HTTP/1.0\r\n\r\n");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(connection.wait_closed());
}

// A file answer's write timeout is per chunk: a client that reads slowly but
// steadily gets the whole file, however long that takes in all.
TEST(HttpLimits, a_slow_download_is_kept_while_it_makes_progress) {
  static constexpr std::size_t size = 16u << 20;
  char name[] = "/tmp/shardline-slow-download-XXXXXX";
  int file = ::mkstemp(name);
  ASSERT_GE(file, 0);
  ASSERT_EQ(::ftruncate(file, static_cast<off_t>(size)), 0);
  ::close(file);
  Router router;
  router.add("GET", "/file", "file", [&name](const Request&, const Params&, ResponderPtr r) {
    Response response;
    response.content_type = "application/octet-stream";
    response.file = std::make_shared<BodyFile>(::open(name, O_RDONLY | O_CLOEXEC), size);
    r->reply(std::move(response));
  });
  auto settings = test_server_settings();
  // The kernel wakes a writer waiting on a full send buffer only once a good
  // part of it has drained (up to megabytes on loopback): the timeout leaves
  // room for that.
  settings.write_timeout = 1s;
  RunningServer server(std::move(router), settings);

  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  int small = 64 * 1024; // the kernel holds little for the client: the server must wait on it
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server.port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  std::string request =
      "GET /file HTTP/1.1\r\n" + host_line(server.port()) + "Connection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));

  // 128 KiB every 20 ms: 16 MiB take about 2.6 s, over twice the write timeout.
  std::size_t received = 0;
  std::vector<char> chunk(128 * 1024);
  auto started = std::chrono::steady_clock::now();
  for (;;) {
    std::size_t this_round = 0;
    while (this_round < chunk.size()) {
      auto n = ::recv(fd, chunk.data(), chunk.size() - this_round, 0);
      if (n <= 0)
        goto done;
      this_round += static_cast<std::size_t>(n);
    }
    received += this_round;
    std::this_thread::sleep_for(20ms);
  }
done:
  ::close(fd);
  ::unlink(name);
  EXPECT_GT(std::chrono::steady_clock::now() - started, settings.write_timeout * 2)
      << "the client was not slow enough to tell";
  EXPECT_GE(received, size) << "the download was cut after " << received << " bytes";
}

} // namespace
} // namespace shardline::http
