#pragma once

// The REST API as `shardline serve` runs it, on an ephemeral port: a real
// actor system, a coordinator with local workers running real processes
// through the command runner, the router of every route, and the Beast server.

#include "actors/actor_config.hpp"
#include "actors/agent_directory.hpp"
#include "actors/local_runtime.hpp"
#include "actors/runtime_metrics.hpp"
#include "actors/session_board.hpp"
#include "http/api.hpp"
#include "http/request_counter.hpp"
#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/child.hpp"
#include "tests/support/scratch_dir.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

namespace shardline::test_support {

class ApiTest : public ::testing::Test {
protected:
  struct Options {
    int workers = 2;
    std::optional<std::string> token;
    CoordinatorSettings coordinator; // heartbeat interval and timeout
    std::chrono::milliseconds agent_drop_after = shardline::agent_drop_after;
    std::size_t max_agents = shardline::default_max_agents;
  };

  explicit ApiTest(int workers = 2, std::optional<std::string> token = std::nullopt)
      : ApiTest(options_with(workers, std::move(token))) {}

  static Options options_with(int workers, std::optional<std::string> token) {
    Options options;
    options.workers = workers;
    options.token = std::move(token);
    return options;
  }

  explicit ApiTest(Options options) {
    auto workers = options.workers;
    auto& token = options.token;
    LocalRuntime::Settings settings;
    settings.workers = workers;
    settings.coordinator = options.coordinator;
    settings.coordinator.readouts.board = std::make_shared<SessionBoard>();
    settings.coordinator.readouts.metrics = std::make_shared<RuntimeMetrics>();
    runtime.emplace(system, settings);
    api = std::make_shared<http::Api>(system, runtime->coordinator());
    api->agents = spawn_agent_directory(system, runtime->coordinator(), options.agent_drop_after,
                                        options.max_agents);
    api->max_agents = options.max_agents;
    api->artifacts = scratch.path() / "artifacts";
    api->requests = std::make_shared<http::RequestCounter>();
    api->board = settings.coordinator.readouts.board;
    api->metrics = settings.coordinator.readouts.metrics;
    auto server_settings = test_server_settings();
    server_settings.token = std::move(token);
    server.emplace(http::make_router(api), server_settings);
    api->requests = server->server().requests(); // what /metrics renders
    client.emplace(server->port(), 10s);
    // Local workers register with the coordinator as they start: wait for them.
    eventually([&] { return get("/api/sharding/workers").json().size() == std::size_t(workers); });
  }

  ~ApiTest() override {
    client.reset();
    server.reset();
    api->discoveries->stop();
    caf::anon_send_exit(api->agents, caf::exit_reason::user_shutdown);
    runtime.reset();
  }

  /// A suite of command tests: `{"tests": [...], "config": {...}}` with the
  /// argv template `sh -c SCRIPT sh {title}`.
  static nlohmann::json command_session(const std::vector<std::string>& titles,
                                        const std::string& script, int workers = 2) {
    nlohmann::json tests = nlohmann::json::array();
    for (const auto& title : titles)
      tests.push_back({{"path", "suite"}, {"title", title}});
    return {{"tests", tests},
            {"config",
             {{"workerCount", workers},
              {"runner", {{"kind", "command"}, {"argv", {"sh", "-c", script, "sh", "{title}"}}}}}}};
  }

  HttpResponse post(const std::string& target, const nlohmann::json& body) {
    return client->request("POST", target, body.dump(), {{"Content-Type", "application/json"}});
  }

  HttpResponse get(const std::string& target) { return client->request("GET", target); }

  /// Starts a session and answers its id (the test fails when it does not start).
  std::string start(const nlohmann::json& body) {
    auto response = post("/api/execution/parallel", body);
    EXPECT_EQ(response.status, 201) << response.body;
    return response.status == 201 ? response.json()["sessionId"].get<std::string>() : "";
  }

  /// Polls the status until the session is no longer running.
  nlohmann::json await_end(const std::string& id) {
    nlohmann::json status;
    eventually(
        [&] {
          status = get("/api/execution/parallel/" + id + "/status").json();
          return status["status"] != "running";
        },
        60s);
    return status;
  }

  ScratchDir scratch;
  ActorConfig config;
  caf::actor_system system{config};
  std::optional<LocalRuntime> runtime;
  std::shared_ptr<http::Api> api;
  std::optional<RunningServer> server;
  std::optional<HttpClient> client;
};

} // namespace shardline::test_support
