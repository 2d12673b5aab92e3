// The routes around sessions over real sockets: preview, health,
// the OpenAPI document, the token, and discovering a Playwright project.

#include "http/openapi.hpp"
#include "tests/http/api_fixture.hpp"
#include "tools/preview_command.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace {

using namespace shardline::test_support;
namespace fs = std::filesystem;

using ApiService = ApiTest;

const std::string example_suite = std::string{SHARDLINE_SOURCE_DIR} + "/examples/suite.json";

TEST_F(ApiService, preview_answers_what_shardline_preview_json_prints) {
  shardline::cli::PreviewOptions options;
  options.input = example_suite;
  options.strategy = "file";
  options.workers = 3;
  options.json = true;
  std::ostringstream out, err;
  ASSERT_EQ(shardline::cli::run_preview(options, out, err), 0) << err.str();

  auto body = nlohmann::json::parse(read_file(example_suite));
  body["strategy"] = "file";
  body["workerCount"] = 3;
  auto response = post("/api/execution/parallel/strategies/preview", body);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json(), nlohmann::json::parse(out.str()));
}

TEST_F(ApiService, preview_of_an_unknown_strategy_lists_the_known_ones) {
  auto response =
      post("/api/execution/parallel/strategies/preview",
           {{"tests", nlohmann::json::array()}, {"strategy", "fastest"}, {"workerCount", 2}});
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.json()["error"]["message"].get<std::string>().find("round-robin"),
            std::string::npos)
      << response.body;
}

TEST_F(ApiService, every_route_of_the_router_is_in_the_openapi_document) {
  auto document = get("/api/openapi.json");
  ASSERT_EQ(document.status, 200);
  auto openapi = document.json();
  EXPECT_EQ(openapi["openapi"], "3.0.3");
  auto routes = shardline::http::make_router(api).routes();
  ASSERT_GT(routes.size(), 10u);
  for (const auto& route : routes) {
    // `:sessionId` is `{sessionId}` there, and the tail `*` is `{path}`.
    auto path = std::regex_replace(route.pattern, std::regex(":([A-Za-z]+)"), "{$1}");
    path = std::regex_replace(path, std::regex("\\*$"), "{path}");
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    EXPECT_TRUE(openapi["paths"].contains(path)) << route.method << " " << route.pattern;
    if (openapi["paths"].contains(path)) {
      EXPECT_TRUE(openapi["paths"][path].contains(method)) << route.method << " " << route.pattern;
    }
  }
}

TEST_F(ApiService, health_answers_ok) {
  auto response = get("/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.json()["status"], "ok");
}

TEST_F(ApiService, an_unknown_route_is_not_found_and_a_wrong_method_not_allowed) {
  EXPECT_EQ(get("/api/nothing").status, 404);
  auto response = client->request("DELETE", "/api/execution/parallel");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.json()["error"]["code"], "method_not_allowed");
}

class ApiWithToken : public ApiTest {
protected:
  ApiWithToken() : ApiTest(1, "s3cret") {}
};

TEST_F(ApiWithToken, every_api_route_wants_the_token) {
  auto response = get("/api/execution/parallel");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.json()["error"]["code"], "unauthorized");
  EXPECT_EQ(
      client->request("GET", "/api/execution/parallel", {}, {{"Authorization", "Bearer nope"}})
          .status,
      401);
  EXPECT_EQ(
      client->request("GET", "/api/execution/parallel", {}, {{"Authorization", "Bearer s3cret"}})
          .status,
      200);
}

TEST_F(ApiWithToken, health_needs_no_token) {
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(ApiService, discover_lists_a_playwright_project_on_the_server) {
  auto example = std::string{SHARDLINE_SOURCE_DIR} + "/examples/playwright";
  if (!fs::exists(example + "/node_modules"))
    GTEST_SKIP() << "tools/install-deps runs npm ci in " << example;
  api->project_root = SHARDLINE_SOURCE_DIR;
  auto response =
      post("/api/execution/parallel",
           {{"discover", {{"runner", "playwright"}, {"dir", example}, {"grep", "@smoke"}}},
            {"config", {{"workerCount", 2}}}});
  ASSERT_EQ(response.status, 201) << response.body;
  auto body = response.json();
  std::size_t planned = 0;
  for (const auto& allocation : body["allocations"])
    for (const auto& test : allocation["tests"]) {
      ++planned;
      EXPECT_NE(std::find(test["tags"].begin(), test["tags"].end(), "@smoke"), test["tags"].end());
    }
  EXPECT_GT(planned, 0u);
  post("/api/execution/parallel/" + body["sessionId"].get<std::string>() + "/cancel",
       nlohmann::json::object());
}

TEST_F(ApiService, discover_of_a_folder_without_playwright_names_the_field) {
  api->project_root = scratch.path();
  auto response =
      post("/api/execution/parallel",
           {{"discover", {{"runner", "playwright"}, {"dir", scratch.path().string()}}}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json()["error"]["field"], "discover.dir");
}

} // namespace

namespace {

using namespace shardline::test_support;

using ApiMetrics = ApiTest;

TEST_F(ApiMetrics, metrics_count_sessions_workers_dispatches_and_requests) {
  auto id = start(command_session({"a", "b"}, "true"));
  await_end(id);
  ASSERT_EQ(get("/api/execution/parallel/" + id + "/status").status, 200);

  auto response = get("/metrics");

  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type")->rfind("text/plain", 0), 0u);
  const auto& text = response.body;
  EXPECT_NE(text.find("shardline_sessions{status=\"completed\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("shardline_workers{status=\"idle\"} 2"), std::string::npos) << text;
  EXPECT_NE(text.find("shardline_dispatch_latency_seconds_count"), std::string::npos) << text;
  EXPECT_NE(text.find("shardline_http_requests_total{route=\"status\",code=\"200\"}"),
            std::string::npos)
      << text;
}

TEST_F(ApiWithToken, metrics_need_no_token) {
  EXPECT_EQ(get("/metrics").status, 200);
}

TEST_F(ApiService, the_status_is_read_from_what_the_session_published) {
  auto id = start(command_session({"a"}, "true"));
  await_end(id);
  auto published = api->board->find(id);
  ASSERT_NE(published, nullptr);
  EXPECT_EQ(get("/api/execution/parallel/" + id + "/status").json()["finishedAt"],
            shardline::encode(*published)["finishedAt"]);
}

} // namespace
