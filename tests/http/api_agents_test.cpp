// The HTTP worker-agent protocol over real sockets: an agent registers,
// receives its tests in heartbeat answers and reports their results; fencing
// answers a repeated result as a duplicate and a result for a hand-over it no
// longer holds as a conflict.

#include "tests/http/api_fixture.hpp"

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
    return body["workerId"];
  }

  /// Heartbeats until the answer carries assignments.
  nlohmann::json assignments(const std::string& worker) {
    nlohmann::json found = nlohmann::json::array();
    eventually([&] {
      auto poll = post("/api/workers/" + worker + "/heartbeat", nlohmann::json::object()).json();
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
      auto response = post("/api/workers/" + worker + "/result", report(assignment, "passed"));
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
  ASSERT_EQ(post("/api/workers/" + worker + "/result", body).status, 202);

  auto again = post("/api/workers/" + worker + "/result", body);

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

  auto response = post("/api/workers/" + worker + "/result", body);

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
  auto response = post("/api/workers/" + worker + "/result", report(batch[0], "passed"));
  EXPECT_EQ(response.status, 409) << response.body;
}

TEST_F(ApiAgents, an_unknown_worker_is_not_found) {
  EXPECT_EQ(post("/api/workers/w-404/heartbeat", nlohmann::json::object()).status, 404);
}

TEST_F(ApiAgents, a_result_without_its_epoch_names_the_field) {
  auto worker = register_agent();
  auto response = post("/api/workers/" + worker + "/result",
                       {{"sessionId", "s"}, {"result", {{"testId", "a"}, {"status", "passed"}}}});
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

  ASSERT_EQ(post("/api/workers/" + worker + "/result", report(batch[0], "passed")).status, 202);
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

  auto back = post("/api/workers/" + worker + "/heartbeat", nlohmann::json::object());
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json()["status"], "idle") << "what it held moved on";

  auto late = post("/api/workers/" + worker + "/result", report(old, "passed"));
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(late.json()["error"]["code"], "conflict");
  auto again = assignments(worker).at(0);
  EXPECT_EQ(again["testId"], old["testId"]);
  EXPECT_GT(again["epoch"], old["epoch"]);
  EXPECT_EQ(post("/api/workers/" + worker + "/result", report(again, "passed")).status, 202);
  EXPECT_EQ(await_end(session)["status"], "completed");
}

TEST_F(ApiAgentsOnShortTimers, an_agent_dropped_after_its_grace_is_told_to_register_again) {
  auto worker = register_agent();
  ASSERT_TRUE(eventually([&] { return status_of(worker) == "offline"; }));
  ASSERT_TRUE(eventually([&] { return status_of(worker) == "not listed"; }));

  auto heartbeat = post("/api/workers/" + worker + "/heartbeat", nlohmann::json::object());
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
