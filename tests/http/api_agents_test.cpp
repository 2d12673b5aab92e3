// The HTTP worker-agent protocol over real sockets: an agent registers,
// receives its tests in heartbeat answers and reports their results; fencing
// answers a repeated result as a duplicate and a result for a hand-over it no
// longer holds as a conflict.

#include "tests/http/api_fixture.hpp"

#include <map>

namespace {

using namespace shardline::test_support;

// No local workers: the REST agent is the only one.
class ApiAgents : public ApiTest {
protected:
  ApiAgents() : ApiTest(0) {}
  explicit ApiAgents(Options options) : ApiTest(std::move(options)) {}

  std::string register_agent() {
    auto response = post("/api/workers/register",
                         {{"name", "agent-1"},
                          {"type", "remote"},
                          {"host", "10.0.0.7"},
                          {"port", 7000},
                          {"capabilities", {{"browsers", {"chromium"}}, {"maxConcurrent", 2}}}});
    EXPECT_EQ(response.status, 201) << response.body;
    auto body = response.json();
    EXPECT_GT(body["heartbeatIntervalMs"].get<std::int64_t>(), 0);
    EXPECT_GT(body["heartbeatTimeoutMs"], body["heartbeatIntervalMs"]);
    secrets[body["workerId"]] = body["agentSecret"];
    return body["workerId"];
  }

  /// POST /api/workers/<worker>/<what> as the agent: with its secret.
  HttpResponse post_as(const std::string& worker, const std::string& what,
                       const nlohmann::json& body) {
    return client->request(
        "POST", "/api/workers/" + worker + "/" + what, body.dump(),
        {{"Content-Type", "application/json"}, {"X-Shardline-Agent-Secret", secrets[worker]}});
  }

  std::map<std::string, std::string> secrets; // by worker id

  /// Heartbeats until the answer carries assignments.
  nlohmann::json assignments(const std::string& worker) {
    nlohmann::json found = nlohmann::json::array();
    eventually([&] {
      auto poll = post_as(worker, "heartbeat", nlohmann::json::object()).json();
      found = poll["assignments"];
      return !found.empty();
    });
    return found;
  }

  nlohmann::json listed(const std::string& worker) {
    for (const auto& entry : get("/api/sharding/workers").json())
      if (entry["id"] == worker)
        return entry;
    return nullptr;
  }

  static nlohmann::json report(const nlohmann::json& assignment, const std::string& status) {
    return {{"sessionId", assignment["sessionId"]},
            {"epoch", assignment["epoch"]},
            {"result",
             {{"testId", assignment["testId"]},
              {"status", status},
              {"duration", 12},
              {"attempt", assignment["attempt"]}}}};
  }
};

TEST_F(ApiAgents, an_agent_runs_a_whole_session_over_rest) {
  auto worker = register_agent();
  auto session = start(command_session({"a", "b"}, "true", 1));

  std::size_t reported = 0;
  while (reported < 2) {
    auto batch = assignments(worker);
    ASSERT_FALSE(batch.empty()) << "no assignment arrived";
    for (const auto& assignment : batch) {
      EXPECT_EQ(assignment["sessionId"], session);
      EXPECT_EQ(assignment["test"]["path"], "suite");
      EXPECT_EQ(assignment["runner"]["kind"], "command");
      auto response = post_as(worker, "result", report(assignment, "passed"));
      EXPECT_EQ(response.status, 202) << response.body;
      ++reported;
    }
  }
  auto status = await_end(session);
  EXPECT_EQ(status["status"], "completed");
  EXPECT_EQ(status["progress"]["passed"], 2);
  auto results = get("/api/execution/parallel/" + session + "/results").json()["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["workerId"], worker);
}

TEST_F(ApiAgents, the_same_result_twice_is_a_duplicate_counted_once) {
  auto worker = register_agent();
  auto session = start(command_session({"a", "b"}, "true", 1));
  auto batch = assignments(worker);
  ASSERT_FALSE(batch.empty());
  auto body = report(batch[0], "passed");
  ASSERT_EQ(post_as(worker, "result", body).status, 202);

  auto again = post_as(worker, "result", body);

  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json(), (nlohmann::json{{"duplicate", true}}));
  // The status is what the session last published (within 50 ms); the results are exact.
  EXPECT_TRUE(eventually([&] {
    return get("/api/execution/parallel/" + session + "/status").json()["progress"]["passed"] == 1;
  }));
  auto results = get("/api/execution/parallel/" + session + "/results").json()["results"];
  EXPECT_EQ(results.size(), 1u) << results.dump();
}

TEST_F(ApiAgents, a_result_for_a_hand_over_it_does_not_hold_is_a_conflict) {
  auto worker = register_agent();
  start(command_session({"a"}, "true", 1));
  auto batch = assignments(worker);
  ASSERT_FALSE(batch.empty());
  auto body = report(batch[0], "passed");
  body["epoch"] = batch[0]["epoch"].get<std::uint64_t>() + 1000;

  auto response = post_as(worker, "result", body);

  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.json()["error"]["code"], "conflict");
}

TEST_F(ApiAgents, a_cancelled_sessions_result_is_a_conflict) {
  auto worker = register_agent();
  auto session = start(command_session({"a"}, "true", 1));
  auto batch = assignments(worker);
  ASSERT_FALSE(batch.empty());
  ASSERT_EQ(post("/api/execution/parallel/" + session + "/cancel", nlohmann::json::object()).status,
            200);
  auto response = post_as(worker, "result", report(batch[0], "passed"));
  EXPECT_EQ(response.status, 409) << response.body;
}

TEST_F(ApiAgents, an_unknown_worker_is_not_found) {
  EXPECT_EQ(post("/api/workers/w-404/heartbeat", nlohmann::json::object()).status, 404);
}

TEST_F(ApiAgents, a_result_without_its_epoch_names_the_field) {
  auto worker = register_agent();
  auto response = post_as(
      worker, "result", {{"sessionId", "s"}, {"result", {{"testId", "a"}, {"status", "passed"}}}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json()["error"]["field"], "epoch");
}

TEST_F(ApiAgents, a_registration_with_a_bad_port_names_the_field) {
  auto response = post("/api/workers/register", {{"port", 70000}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json()["error"]["field"], "port");
}

TEST_F(ApiAgents, a_registered_agent_is_listed_as_a_remote_worker) {
  auto worker = register_agent();
  auto workers = get("/api/sharding/workers").json();
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers[0]["id"], worker);
  EXPECT_EQ(workers[0]["name"], "agent-1");
  EXPECT_EQ(workers[0]["type"], "remote");
  EXPECT_EQ(workers[0]["host"], "10.0.0.7");
  EXPECT_EQ(workers[0]["capabilities"]["maxConcurrent"], 2);
}

TEST_F(ApiAgents, an_agent_is_listed_busy_with_the_tests_it_holds_until_it_reports_them) {
  auto worker = register_agent();
  start(command_session({"a"}, "true", 1));
  auto batch = assignments(worker);
  ASSERT_EQ(batch.size(), 1u);

  auto busy = listed(worker);
  EXPECT_EQ(busy["status"], "busy");
  EXPECT_EQ(busy["currentTests"], nlohmann::json::array({batch[0]["testId"]}));
  EXPECT_TRUE(busy["lastHeartbeat"].is_string()) << busy.dump();

  ASSERT_EQ(post_as(worker, "result", report(batch[0], "passed")).status, 202);
  EXPECT_TRUE(eventually([&] { return listed(worker)["status"] == "idle"; }));
  EXPECT_EQ(listed(worker)["currentTests"], nlohmann::json::array());
}

TEST_F(ApiAgents, a_registrations_vnc_shows_in_the_workers_list_and_in_its_shards_stream) {
  auto response =
      post("/api/workers/register", {{"name", "mac-mini-3"},
                                     {"vncPort", 5901},
                                     {"vncUrl", "http://10.0.0.7:6080/vnc.html?autoconnect=true"}});
  ASSERT_EQ(response.status, 201) << response.body;
  std::string worker = response.json()["workerId"];
  EXPECT_EQ(listed(worker)["vncPort"], 5901);
  EXPECT_EQ(listed(worker)["vncUrl"], "http://10.0.0.7:6080/vnc.html?autoconnect=true");

  auto session = start(command_session({"a"}, "true", 1));
  auto streams = get("/api/sharding/executions/" + session + "/streams").json();

  ASSERT_EQ(streams.size(), 1u) << streams.dump();
  EXPECT_EQ(streams[0]["workerId"], worker);
  EXPECT_EQ(streams[0]["vncUrl"], "http://10.0.0.7:6080/vnc.html?autoconnect=true");
}

TEST_F(ApiAgents, a_registration_with_a_vnc_port_out_of_range_names_the_field) {
  for (int port : {0, 65536}) {
    auto response = post("/api/workers/register", {{"vncPort", port}});
    EXPECT_EQ(response.status, 400) << port;
    auto error = response.json()["error"];
    EXPECT_EQ(error["code"], "invalid_argument");
    EXPECT_EQ(error["field"], "vncPort");
    EXPECT_EQ(error["message"],
              "vncPort: expected an integer from 1 to 65535, not " + std::to_string(port));
  }
}

// -- an agent's secret ------------------------------------------------------------

TEST_F(ApiAgents, each_agent_gets_its_own_random_secret) {
  auto first = register_agent();
  auto second = register_agent();
  for (const auto& id : {first, second}) {
    EXPECT_EQ(secrets[id].size(), 64u);
    EXPECT_EQ(secrets[id].find_first_not_of("0123456789abcdef"), std::string::npos);
  }
  EXPECT_NE(secrets[first], secrets[second]);
}

TEST_F(ApiAgents, no_other_client_can_heartbeat_report_or_drain_for_an_agent) {
  auto worker = register_agent();
  auto other = register_agent();
  start(command_session({"a"}, "true", 1));
  auto as = [&](const std::string& method, const std::string& what,
                std::optional<std::string> secret) {
    HeaderList headers{{"Content-Type", "application/json"}};
    if (secret)
      headers.emplace_back("X-Shardline-Agent-Secret", *secret);
    return client->request(method, "/api/workers/" + worker + what, method == "POST" ? "{}" : "",
                           headers);
  };

  for (auto [method, what] :
       {std::pair{"POST", "/heartbeat"}, std::pair{"POST", "/result"}, std::pair{"DELETE", ""}}) {
    auto without = as(method, what, std::nullopt);
    EXPECT_EQ(without.status, 401) << method << what << without.body;
    EXPECT_EQ(without.json()["error"]["code"], "unauthorized");
    auto foreign = as(method, what, secrets[other]);
    EXPECT_EQ(foreign.status, 403) << method << what << foreign.body;
    EXPECT_EQ(foreign.json()["error"]["code"], "forbidden");
    auto near = secrets[worker];
    near.back() = near.back() == '0' ? '1' : '0';
    EXPECT_EQ(as(method, what, near).status, 403) << method << what;
  }
  EXPECT_EQ(post_as(worker, "heartbeat", nlohmann::json::object()).status, 200);
  auto drained = as("DELETE", "", secrets[worker]);
  EXPECT_EQ(drained.status, 200) << drained.body;
}

// -- what an agent may send --------------------------------------------------------

TEST_F(ApiAgents, an_agents_output_tail_error_and_stack_are_cut_as_a_local_runs_are) {
  auto worker = register_agent();
  auto session = start(command_session({"a"}, "true", 1));
  auto batch = assignments(worker);
  ASSERT_EQ(batch.size(), 1u);
  auto body = report(batch[0], "failed");
  body["result"]["stdoutTail"] = std::string(1024 * 1024, 'x') + "THE-END";
  body["result"]["error"] = "START" + std::string(100 * 1024, 'e');
  body["result"]["errorStack"] = std::string(200 * 1024, 's');

  ASSERT_EQ(post_as(worker, "result", body).status, 202);

  auto results = get("/api/execution/parallel/" + session + "/results").json()["results"];
  ASSERT_EQ(results.size(), 1u);
  auto tail = results[0]["stdoutTail"].get<std::string>();
  EXPECT_EQ(tail.size(), 64u * 1024);
  EXPECT_EQ(tail.substr(tail.size() - 7), "THE-END");
  auto error = results[0]["error"].get<std::string>();
  EXPECT_EQ(error.size(), 16u * 1024);
  EXPECT_EQ(error.substr(0, 5), "START");
  EXPECT_EQ(results[0]["errorStack"].get<std::string>().size(), 64u * 1024);
}

TEST_F(ApiAgents, links_in_a_result_are_this_sessions_artifacts_or_http_pages) {
  auto worker = register_agent();
  auto session = start(command_session({"a"}, "true", 1));
  auto batch = assignments(worker);
  ASSERT_EQ(batch.size(), 1u);
  struct Case {
    std::string field;
    std::string url;
  };
  std::vector<Case> refused{
      {"result.screenshots[0]", "javascript:alert(1)"},
      {"result.traceUrl", "JavaScript:alert(document.cookie)"},
      {"result.videoUrl", "data:text/html,<script>alert(1)</script>"},
      {"result.traceUrl", "/api/artifacts/another-session/trace.zip"},
      {"result.videoUrl", "//evil.example/v.webm"},
      {"result.traceUrl", "http://evil.example/\nSet-Cookie: a"},
      {"result.attachments[0].url", "file:///etc/passwd"},
      {"result.runnerAttempts[0].attachments[0].url", "vbscript:x"},
  };
  for (const auto& [field, url] : refused) {
    auto body = report(batch[0], "passed");
    auto& result = body["result"];
    if (field == "result.screenshots[0]")
      result["screenshots"] = {url};
    else if (field == "result.traceUrl")
      result["traceUrl"] = url;
    else if (field == "result.videoUrl")
      result["videoUrl"] = url;
    else if (field == "result.attachments[0].url")
      result["attachments"] = {{{"name", "a"}, {"contentType", "text/plain"}, {"url", url}}};
    else
      result["runnerAttempts"] = {
          {{"retry", 0},
           {"status", "failed"},
           {"duration", 1},
           {"attachments", {{{"name", "a"}, {"contentType", "text/plain"}, {"url", url}}}}}};
    auto response = post_as(worker, "result", body);
    EXPECT_EQ(response.status, 400) << url << ": " << response.body;
    EXPECT_EQ(response.json()["error"]["field"], field) << url << ": " << response.body;
  }

  auto body = report(batch[0], "passed");
  body["result"]["screenshots"] = {"/api/artifacts/" + session + "/a/shot.png",
                                   "https://cdn.example/shot.png"};
  body["result"]["traceUrl"] = "HTTP://cdn.example/trace.zip";
  auto accepted = post_as(worker, "result", body);
  EXPECT_EQ(accepted.status, 202) << accepted.body;
}

TEST_F(ApiAgents, a_result_over_a_count_or_length_bound_names_the_field) {
  auto worker = register_agent();
  start(command_session({"a"}, "true", 1));
  auto batch = assignments(worker);
  ASSERT_EQ(batch.size(), 1u);
  auto many = nlohmann::json::array();
  for (int i = 0; i < 65; ++i)
    many.push_back(std::string("https://cdn.example/").append(std::to_string(i)).append(".png"));
  auto with = [&](const char* key, nlohmann::json value) {
    auto body = report(batch[0], "passed");
    body["result"][key] = std::move(value);
    return post_as(worker, "result", body);
  };
  struct Case {
    const char* key;
    nlohmann::json value;
    const char* field;
  };
  std::vector<Case> cases{
      {"screenshots", many, "result.screenshots"},
      {"testName", std::string(4097, 'n'), "result.testName"},
      {"traceUrl", "https://cdn.example/" + std::string(2048, 'u'), "result.traceUrl"},
      {"attachments",
       {{{"name", std::string(257, 'a')}, {"contentType", "text/plain"}}},
       "result.attachments[0].name"},
  };
  for (const auto& [key, value, field] : cases) {
    auto response = with(key, value);
    EXPECT_EQ(response.status, 400) << key;
    EXPECT_EQ(response.json()["error"]["field"], field) << response.body;
  }
}

TEST_F(ApiAgents, a_registration_over_a_bound_names_the_field) {
  struct Case {
    nlohmann::json body;
    const char* field;
  };
  nlohmann::json tags = nlohmann::json::array();
  for (int i = 0; i < 33; ++i)
    tags.push_back(std::string("t").append(std::to_string(i)));
  std::vector<Case> cases{
      {{{"name", std::string(1024 * 1024, 'n')}}, "name"},
      {{{"name", std::string(129, 'n')}}, "name"},
      {{{"host", std::string(256, 'h')}}, "host"},
      {{{"vncUrl", "javascript:alert(1)"}}, "vncUrl"},
      {{{"vncUrl", "vnc://10.0.0.7:5901"}}, "vncUrl"},
      {{{"capabilities", {{"tags", tags}}}}, "capabilities.tags"},
      {{{"capabilities", {{"browsers", {std::string(65, 'b')}}}}}, "capabilities.browsers[0]"},
      {{{"capabilities", {{"maxConcurrent", 1025}}}}, "capabilities.maxConcurrent"},
      {{{"capabilities", {{"cpu", 4097}}}}, "capabilities.cpu"},
  };
  for (const auto& [body, field] : cases) {
    auto response = post("/api/workers/register", body);
    EXPECT_EQ(response.status, 400) << field;
    EXPECT_EQ(response.json()["error"]["field"], field) << response.body;
  }
  EXPECT_EQ(get("/api/sharding/workers").json().size(), 0u) << "none was registered";
}

class ApiAgentsCapped : public ApiAgents {
protected:
  ApiAgentsCapped() : ApiAgents(capped()) {}
  static Options capped() {
    Options options;
    options.workers = 0;
    options.max_agents = 3;
    return options;
  }
};

TEST_F(ApiAgentsCapped, registrations_past_the_cap_are_refused_until_one_leaves) {
  for (int i = 0; i < 3; ++i)
    register_agent();

  auto refused = post("/api/workers/register", {{"name", "one-too-many"}});

  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "unavailable");
  EXPECT_NE(refused.json()["error"]["message"].get<std::string>().find("--max-agents"),
            std::string::npos)
      << refused.body;
  EXPECT_EQ(get("/api/sharding/workers").json().size(), 3u);
}

// Heartbeats time out after 300 ms; an agent is dropped 300 ms after its
// tests expired (1 s past the timeout).
class ApiAgentsOnShortTimers : public ApiAgents {
protected:
  ApiAgentsOnShortTimers() : ApiAgents(short_timers()) {}

  static Options short_timers() {
    Options options;
    options.workers = 0;
    options.coordinator.heartbeat_interval = 100ms;
    options.coordinator.heartbeat_timeout = 300ms;
    options.agent_drop_after = 300ms;
    return options;
  }

  std::string status_of(const std::string& worker) {
    auto entry = listed(worker);
    return entry.is_null() ? "not listed" : entry["status"].get<std::string>();
  }
};

TEST_F(ApiAgentsOnShortTimers, an_agent_back_from_offline_has_lost_its_test_and_gets_it_again) {
  auto worker = register_agent();
  auto session = start(command_session({"a"}, "true", 1));
  auto old = assignments(worker).at(0);
  ASSERT_TRUE(eventually([&] { return status_of(worker) == "offline"; }));

  auto back = post_as(worker, "heartbeat", nlohmann::json::object());
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json()["status"], "idle") << "what it held moved on";

  auto late = post_as(worker, "result", report(old, "passed"));
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(late.json()["error"]["code"], "conflict");
  auto again = assignments(worker).at(0);
  EXPECT_EQ(again["testId"], old["testId"]);
  EXPECT_GT(again["epoch"], old["epoch"]);
  EXPECT_EQ(post_as(worker, "result", report(again, "passed")).status, 202);
  EXPECT_EQ(await_end(session)["status"], "completed");
}

TEST_F(ApiAgentsOnShortTimers, an_agent_dropped_after_its_grace_is_told_to_register_again) {
  auto worker = register_agent();
  ASSERT_TRUE(eventually([&] { return status_of(worker) == "offline"; }));
  ASSERT_TRUE(eventually([&] { return status_of(worker) == "not listed"; }));

  auto heartbeat = post_as(worker, "heartbeat", nlohmann::json::object());
  auto result = post(
      "/api/workers/" + worker + "/result",
      {{"sessionId", "s-1"}, {"epoch", 1}, {"result", {{"testId", "a"}, {"status", "passed"}}}});

  for (const auto& response : {heartbeat, result}) {
    EXPECT_EQ(response.status, 404) << response.body;
    auto error = response.json()["error"];
    EXPECT_EQ(error["code"], "not_found");
    EXPECT_EQ(error["message"], "worker " + worker +
                                    " is not registered (it never was, or it was dropped after "
                                    "being offline for 300 ms); register again");
  }
  EXPECT_NE(register_agent(), worker) << "registering again gives a new id";
}

} // namespace
