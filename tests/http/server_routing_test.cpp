// Routing, error bodies, the token and the request counter, over real sockets.

#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>

namespace shardline::http {
namespace {

using nlohmann::json;
using test_support::answer;
using test_support::HttpClient;
using test_support::RunningServer;
using test_support::test_server_settings;

/// Echoes what the handler saw: params, path, query, a header and the body.
Handler echo() {
  return [](const Request& request, const Params& params, ResponderPtr responder) {
    json captured = json::object();
    for (const auto& [name, value] : params)
      captured[name] = value;
    responder->reply(
        json_response(200, json{{"params", captured},
                                {"path", request.path},
                                {"rawPath", request.raw_path},
                                {"status", request.query_value("status").value_or("")},
                                {"contentType", request.header("content-type").value_or("")},
                                {"body", request.body}}
                               .dump()));
  };
}

Router api_routes() {
  Router router;
  router.add("POST", "/api/execution/parallel", "start", echo());
  router.add("GET", "/api/execution/parallel/:sessionId/status", "status", echo());
  router.add("GET", "/api/execution/parallel/:sessionId/results", "results", echo());
  router.add("POST", "/api/execution/parallel/strategies/preview", "preview",
             answer(200, "{\"preview\":true}"));
  router.add("GET", "/api/artifacts/:sessionId/*", "artifact", echo());
  router.add("GET", "/healthz", "health", answer(200, "{\"ok\":true}"), false);
  return router;
}

TEST(HttpRouting, answers_a_routed_request_with_its_handlers_response) {
  RunningServer server(api_routes());
  HttpClient client(server.port());
  auto response = client.request("GET", "/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(response.header("content-length"), "11");
  EXPECT_EQ(response.json(), json({{"ok", true}}));
}

TEST(HttpRouting, hands_the_handler_params_query_headers_and_body) {
  RunningServer server(api_routes());
  HttpClient client(server.port());
  auto status = client.request("GET", "/api/execution/parallel/s%2D1/status?status=failed&x=1");
  ASSERT_EQ(status.status, 200);
  EXPECT_EQ(status.json()["params"], json({{"sessionId", "s-1"}}));
  EXPECT_EQ(status.json()["path"], "/api/execution/parallel/s-1/status");
  EXPECT_EQ(status.json()["rawPath"], "/api/execution/parallel/s%2D1/status");
  EXPECT_EQ(status.json()["status"], "failed");

  auto start = client.request("POST", "/api/execution/parallel", R"({"tests":[]})",
                              {{"Content-Type", "application/json"}});
  EXPECT_EQ(start.json()["body"], R"({"tests":[]})");
  EXPECT_EQ(start.json()["contentType"], "application/json");
}

TEST(HttpRouting, a_literal_segment_wins_over_a_parameter) {
  RunningServer server(api_routes());
  HttpClient client(server.port());
  auto response = client.request("POST", "/api/execution/parallel/strategies/preview", "{}");
  EXPECT_EQ(response.json(), json({{"preview", true}}));
}

TEST(HttpRouting, a_tail_pattern_captures_the_rest_of_the_path) {
  RunningServer server(api_routes());
  HttpClient client(server.port());
  auto response = client.request("GET", "/api/artifacts/s1/shots/login%20page.png");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.json()["params"],
            json({{"sessionId", "s1"}, {"*", "shots/login%20page.png"}}));
}

TEST(HttpRouting, an_unknown_path_answers_404_not_found) {
  RunningServer server(api_routes());
  HttpClient client(server.port());
  auto response = client.request("GET", "/api/nope");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(
      response.json(),
      json::parse(R"({"error":{"code":"not_found","message":"no route for GET /api/nope"}})"));
}

TEST(HttpRouting, a_known_path_with_another_method_answers_405_with_allow) {
  RunningServer server(api_routes());
  HttpClient client(server.port());
  auto response = client.request("DELETE", "/api/execution/parallel/s1/status");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("allow"), "GET");
  EXPECT_EQ(response.json()["error"]["code"], "method_not_allowed");
}

TEST(HttpRouting, a_malformed_escape_in_the_target_answers_400) {
  RunningServer server(api_routes());
  HttpClient client(server.port());
  auto response = client.request("GET", "/api/execution/parallel/%zz/status");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json()["error"]["code"], "bad_request");
}

ServerSettings with_token() {
  auto settings = test_server_settings();
  settings.token = "s3cret";
  return settings;
}

TEST(HttpToken, a_route_needing_the_token_answers_401_without_it) {
  RunningServer server(api_routes(), with_token());
  HttpClient client(server.port());
  auto response = client.request("GET", "/api/execution/parallel/s1/status");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.header("www-authenticate"), "Bearer");
  EXPECT_EQ(response.json()["error"]["code"], "unauthorized");
}

TEST(HttpToken, a_wrong_token_answers_401) {
  RunningServer server(api_routes(), with_token());
  HttpClient client(server.port());
  auto response = client.request("GET", "/api/execution/parallel/s1/status", {},
                                 {{"Authorization", "Bearer s3creT"}});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.json()["error"]["code"], "unauthorized");
}

TEST(HttpToken, the_right_token_reaches_the_handler) {
  RunningServer server(api_routes(), with_token());
  HttpClient client(server.port());
  auto response = client.request("GET", "/api/execution/parallel/s1/status", {},
                                 {{"Authorization", "Bearer s3cret"}});
  EXPECT_EQ(response.status, 200);
}

TEST(HttpToken, a_public_route_answers_without_the_token) {
  RunningServer server(api_routes(), with_token());
  HttpClient client(server.port());
  EXPECT_EQ(client.request("GET", "/healthz").status, 200);
}

TEST(HttpToken, an_unknown_path_is_404_even_without_the_token) {
  RunningServer server(api_routes(), with_token());
  HttpClient client(server.port());
  EXPECT_EQ(client.request("GET", "/nope").status, 404);
}

TEST(HttpRequestCounter, the_server_counts_answers_by_route_and_code) {
  RunningServer server(api_routes(), with_token());
  HttpClient client(server.port());
  client.request("GET", "/healthz");
  client.request("GET", "/healthz");
  client.request("GET", "/nope");
  client.request("GET", "/api/execution/parallel/s1/status");
  const auto& requests = *server.server().requests();
  EXPECT_EQ(requests.value("health", 200), 2u);
  EXPECT_EQ(requests.value("unmatched", 404), 1u);
  EXPECT_EQ(requests.value("status", 401), 1u);
  EXPECT_NE(requests.prometheus_text().find(
                "shardline_http_requests_total{route=\"health\",code=\"200\"} 2\n"),
            std::string::npos);
}

} // namespace
} // namespace shardline::http
