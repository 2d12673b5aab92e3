// Requests from other web sites over real sockets: a foreign Host (DNS
// rebinding) or Origin (a page's cross-site request) never reaches a handler;
// the server's own pages and the origins it was given do, with CORS answers.

#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>

#include <atomic>

namespace shardline::http {
namespace {

using test_support::HttpClient;
using test_support::RawConnection;
using test_support::RunningServer;
using test_support::test_server_settings;

class HttpSites : public ::testing::Test {
protected:
  Router routes() {
    Router router;
    router.add("POST", "/api/execution/parallel", "start",
               [this](const Request&, const Params&, ResponderPtr responder) {
                 ++started;
                 responder->reply(json_response(201, "{}"));
               });
    router.add("GET", "/api/execution/parallel", "sessions", test_support::answer(200, "[]"));
    router.add("GET", "/healthz", "healthz", test_support::answer(200), false);
    return router;
  }

  ServerSettings with_origin(std::string origin) {
    auto settings = test_server_settings();
    settings.allowed_origins = {std::move(origin)};
    return settings;
  }

  std::atomic<int> started = 0;
};

TEST_F(HttpSites, a_foreign_host_is_refused_403_forbidden_host_before_any_handler) {
  RunningServer server(routes());
  HttpClient client(server.port());
  auto response = client.request("POST", "/api/execution/parallel", "{}",
                                 {{"Host", "evil.example:" + std::to_string(server.port())},
                                  {"Content-Type", "application/json"}});
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.json()["error"]["code"], "forbidden_host");
  auto read = HttpClient(server.port())
                  .request("GET", "/api/execution/parallel", "", {{"Host", "evil.example"}});
  EXPECT_EQ(read.status, 403) << "a rebound page cannot read answers either";
  EXPECT_EQ(started, 0);
}

TEST_F(HttpSites, a_page_of_another_origin_is_refused_403_forbidden_origin) {
  RunningServer server(routes());
  HttpClient client(server.port());
  auto response =
      client.request("POST", "/api/execution/parallel", "{}",
                     {{"Origin", "http://evil.example"}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.json()["error"]["code"], "forbidden_origin");
  EXPECT_EQ(response.header("access-control-allow-origin"), std::nullopt);
  EXPECT_EQ(started, 0);
}

TEST_F(HttpSites, the_servers_own_pages_and_clients_without_origin_are_served) {
  RunningServer server(routes());
  HttpClient client(server.port());
  auto own = "http://127.0.0.1:" + std::to_string(server.port());
  EXPECT_EQ(client.request("POST", "/api/execution/parallel", "{}", {{"Origin", own}}).status, 201);
  EXPECT_EQ(client.request("POST", "/api/execution/parallel", "{}").status, 201);
  auto by_name = client.request("GET", "/api/execution/parallel", "",
                                {{"Host", "localhost:" + std::to_string(server.port())},
                                 {"Origin", "http://localhost:" + std::to_string(server.port())}});
  EXPECT_EQ(by_name.status, 200);
}

TEST_F(HttpSites, healthz_answers_whatever_the_host_and_origin) {
  RunningServer server(routes());
  HttpClient client(server.port());
  auto response = client.request("GET", "/healthz", "",
                                 {{"Host", "evil.example"}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(response.status, 200);
}

TEST_F(HttpSites, an_allowed_host_is_served) {
  auto settings = test_server_settings();
  settings.allowed_hosts = {"shardline.internal"};
  RunningServer server(routes(), settings);
  auto response =
      HttpClient(server.port())
          .request("GET", "/api/execution/parallel", "", {{"Host", "shardline.internal"}});
  EXPECT_EQ(response.status, 200);
}

TEST_F(HttpSites, a_refused_request_is_answered_before_its_body_is_sent) {
  RunningServer server(routes());
  RawConnection connection(server.port());
  connection.send("POST /api/execution/parallel HTTP/1.1\r\nHost: evil.example\r\n"
                  "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_TRUE(connection.wait_closed());
}

TEST_F(HttpSites, an_allowed_origin_is_served_with_cors_headers) {
  RunningServer server(routes(), with_origin("http://dashboard.example:3000"));
  HttpClient client(server.port());
  auto response = client.request("POST", "/api/execution/parallel", "{}",
                                 {{"Origin", "http://dashboard.example:3000"}});
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.header("access-control-allow-origin"), "http://dashboard.example:3000");
  EXPECT_EQ(response.header("vary"), "Origin");
}

TEST_F(HttpSites, a_preflight_is_answered_for_an_allowed_origin_only) {
  RunningServer server(routes(), with_origin("http://dashboard.example:3000"));
  HttpClient client(server.port());
  auto allowed = client.request("OPTIONS", "/api/execution/parallel", "",
                                {{"Origin", "http://dashboard.example:3000"},
                                 {"Access-Control-Request-Method", "POST"},
                                 {"Access-Control-Request-Headers", "content-type"}});
  EXPECT_EQ(allowed.status, 204);
  EXPECT_EQ(allowed.header("access-control-allow-origin"), "http://dashboard.example:3000");
  EXPECT_EQ(allowed.header("access-control-allow-methods"), "GET, POST");
  auto allowed_headers = allowed.header("access-control-allow-headers").value_or("");
  EXPECT_NE(allowed_headers.find("Content-Type"), std::string::npos);

  auto foreign = client.request(
      "OPTIONS", "/api/execution/parallel", "",
      {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.header("access-control-allow-origin"), std::nullopt);
  EXPECT_EQ(started, 0);
}

TEST_F(HttpSites, without_allowed_origins_no_preflight_is_answered) {
  RunningServer server(routes());
  auto response =
      HttpClient(server.port())
          .request("OPTIONS", "/api/execution/parallel", "",
                   {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.json()["error"]["code"], "forbidden_origin");
}

} // namespace
} // namespace shardline::http
