// The session routes over real sockets, with real test processes.

#include "tests/http/api_fixture.hpp"

#include <csignal>
#include <filesystem>
#include <set>

namespace {

using namespace shardline::test_support;
namespace fs = std::filesystem;

using ApiSessions = ApiTest;

TEST_F(ApiSessions, a_whole_session_runs_over_rest_with_status_and_results) {
  auto id = start(command_session({"one", "two", "bad"}, "test \"$1\" != bad"));

  auto status = await_end(id);
  EXPECT_EQ(status["status"], "completed");
  EXPECT_EQ(status["progress"]["total"], 3);
  EXPECT_EQ(status["progress"]["passed"], 2);
  EXPECT_EQ(status["progress"]["failed"], 1);
  EXPECT_EQ(status["progress"]["percentage"], 100.0);
  EXPECT_EQ(status["shards"].size(), 2u);

  auto results = get("/api/execution/parallel/" + id + "/results").json();
  EXPECT_EQ(results["sessionId"], id);
  EXPECT_EQ(results["results"].size(), 3u);
  auto failed = get("/api/execution/parallel/" + id + "/results?status=failed").json();
  ASSERT_EQ(failed["results"].size(), 1u);
  EXPECT_EQ(failed["results"][0]["testName"], "bad");
  EXPECT_EQ(failed["results"][0]["error"], "exited with code 1");
}

TEST_F(ApiSessions, the_start_answer_carries_the_allocations) {
  auto response = post("/api/execution/parallel", command_session({"a", "b", "c"}, "true"));
  ASSERT_EQ(response.status, 201) << response.body;
  auto body = response.json();
  EXPECT_EQ(body["status"], "running");
  ASSERT_EQ(body["allocations"].size(), 2u);
  std::size_t planned = 0;
  for (const auto& allocation : body["allocations"])
    planned += allocation["tests"].size();
  EXPECT_EQ(planned, 3u);
  await_end(body["sessionId"]);
}

TEST_F(ApiSessions, sessions_are_listed_newest_first) {
  auto first = start(command_session({"a"}, "true"));
  await_end(first);
  auto second = start(command_session({"b"}, "true"));
  await_end(second);
  auto list = get("/api/execution/parallel").json();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["sessionId"], second);
  EXPECT_EQ(list[1]["sessionId"], first);
}

TEST_F(ApiSessions, cancel_stops_the_running_tests_and_their_processes) {
  auto pids = scratch.path() / "pids";
  fs::create_directories(pids);
  auto id = start(command_session({"slow-1", "slow-2"},
                                  "echo $$ > '" + pids.string() + "/'\"$1\"; exec sleep 60"));
  ASSERT_TRUE(eventually([&] {
    return fs::exists(pids / "slow-1") && fs::exists(pids / "slow-2") &&
           fs::file_size(pids / "slow-1") > 0 && fs::file_size(pids / "slow-2") > 0;
  }));

  auto response = post("/api/execution/parallel/" + id + "/cancel", nlohmann::json::object());

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json(), (nlohmann::json{{"sessionId", id}, {"status", "cancelled"}}));
  for (const auto* test : {"slow-1", "slow-2"}) {
    auto pid = static_cast<pid_t>(std::stol(read_file((pids / test).string())));
    EXPECT_TRUE(eventually([&] { return process_gone(pid); }, 10s)) << test << " still runs";
  }
  EXPECT_EQ(await_end(id)["status"], "cancelled");
}

TEST_F(ApiSessions, cancel_of_a_finished_session_is_a_conflict) {
  auto id = start(command_session({"a"}, "true"));
  await_end(id);
  auto response = post("/api/execution/parallel/" + id + "/cancel", nlohmann::json::object());
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.json()["error"]["code"], "conflict");
}

TEST_F(ApiSessions, an_unknown_session_is_not_found_on_every_route) {
  for (const auto* route : {"status", "results", "events"}) {
    auto response = get(std::string{"/api/execution/parallel/s-nope/"} + route);
    EXPECT_EQ(response.status, 404) << route;
    EXPECT_EQ(response.json()["error"]["code"], "not_found") << route;
  }
  EXPECT_EQ(post("/api/execution/parallel/s-nope/cancel", nlohmann::json::object()).status, 404);
  EXPECT_EQ(get("/api/sharding/executions/s-nope/streams").status, 404);
}

TEST_F(ApiSessions, malformed_json_is_invalid_json) {
  auto response = client->request("POST", "/api/execution/parallel", "{\"tests\": [",
                                  {{"Content-Type", "application/json"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json()["error"]["code"], "invalid_json");
}

TEST_F(ApiSessions, a_value_out_of_range_names_its_field) {
  auto body = command_session({"a"}, "true");
  body["config"]["workerCount"] = 0;
  auto response = post("/api/execution/parallel", body);
  EXPECT_EQ(response.status, 400);
  auto error = response.json()["error"];
  EXPECT_EQ(error["code"], "invalid_argument");
  EXPECT_EQ(error["field"], "config.workerCount");
}

TEST_F(ApiSessions, a_wrong_type_names_its_field) {
  auto body = command_session({"a"}, "true");
  body["tests"][0]["title"] = 42;
  auto response = post("/api/execution/parallel", body);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json()["error"]["field"], "tests[0].title");
}

TEST_F(ApiSessions, fields_the_server_owns_are_ignored) {
  auto body = command_session({"a"}, "true");
  body["sessionId"] = "mine";
  body["status"] = "completed";
  body["tests"][0]["workerId"] = "w-99";
  auto response = post("/api/execution/parallel", body);
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_NE(response.json()["sessionId"], "mine");
  EXPECT_EQ(response.json()["status"], "running");
  await_end(response.json()["sessionId"]);
}

TEST_F(ApiSessions, an_unknown_status_filter_is_refused) {
  auto id = start(command_session({"a"}, "true"));
  auto response = get("/api/execution/parallel/" + id + "/results?status=green");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json()["error"]["field"], "status");
  await_end(id);
}

TEST_F(ApiSessions, events_arrive_in_order_from_current_state_to_the_end) {
  auto id = start(command_session({"a", "b", "c", "d"}, "sleep 0.2"));
  SseReader events(server->port(), "/api/execution/parallel/" + id + "/events");
  ASSERT_EQ(events.response().status, 200);
  EXPECT_EQ(events.response().header("content-type"), "text/event-stream");

  std::vector<std::string> names;
  std::set<std::string> tests_reported;
  nlohmann::json last_session;
  while (auto event = events.next_event(30s)) {
    names.push_back(event->name);
    auto data = nlohmann::json::parse(event->data);
    if (event->name == "result")
      tests_reported.insert(data["testId"].get<std::string>());
    if (event->name == "session")
      last_session = data;
  }
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "session") << "the current state comes first";
  EXPECT_EQ(names.back(), "session") << "the final state ends the stream";
  EXPECT_EQ(last_session["status"], "completed");
  EXPECT_EQ(tests_reported.size(), 4u);
  EXPECT_NE(std::find(names.begin(), names.end(), "shard"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "worker"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "progress"), names.end());
}

TEST_F(ApiSessions, a_worker_that_changes_mid_session_is_an_event) {
  auto pids = scratch.path() / "pids";
  std::filesystem::create_directories(pids);
  auto id = start(command_session({"slow-1", "slow-2"},
                                  "echo $$ > '" + pids.string() + "/'\"$1\"; exec sleep 60"));
  SseReader events(server->port(), "/api/execution/parallel/" + id + "/events");
  ASSERT_TRUE(
      eventually([&] { return fs::exists(pids / "slow-1") && fs::exists(pids / "slow-2"); }));
  auto workers = get("/api/sharding/workers").json();
  ASSERT_FALSE(workers.empty());
  auto worker_id = workers[0]["id"].get<std::string>();

  ASSERT_EQ(client->request("DELETE", "/api/workers/" + worker_id).status, 200);

  bool told = false;
  while (auto event = events.next_event(10s)) {
    auto data = nlohmann::json::parse(event->data);
    if (event->name == "worker" && data["id"] == worker_id && data["status"] == "draining") {
      told = true;
      break;
    }
  }
  EXPECT_TRUE(told) << "no worker event said " << worker_id << " is draining";
  post("/api/execution/parallel/" + id + "/cancel", nlohmann::json::object());
}

TEST_F(ApiSessions, a_late_client_gets_the_final_state_and_the_stream_ends) {
  auto id = start(command_session({"a"}, "true"));
  await_end(id);
  SseReader events(server->port(), "/api/execution/parallel/" + id + "/events");
  auto first = events.next_event();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->name, "session");
  EXPECT_EQ(nlohmann::json::parse(first->data)["status"], "completed");
  EXPECT_TRUE(events.wait_closed(10s));
}

TEST_F(ApiSessions, streams_name_each_shards_worker) {
  auto id = start(command_session({"a", "b"}, "true"));
  await_end(id);
  auto streams = get("/api/sharding/executions/" + id + "/streams").json();
  ASSERT_EQ(streams.size(), 2u);
  EXPECT_EQ(streams[0]["shardIndex"], 0);
  EXPECT_TRUE(streams[0]["workerId"].is_string());
  EXPECT_TRUE(streams[0]["vncUrl"].is_null());
}

class ApiWithoutWorkers : public ApiTest {
protected:
  ApiWithoutWorkers() : ApiTest(0) {}
};

TEST_F(ApiWithoutWorkers, a_session_no_worker_can_take_is_unavailable) {
  auto response = post("/api/execution/parallel", command_session({"a"}, "true"));
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.json()["error"]["code"], "unavailable");
}

} // namespace

namespace {

using namespace shardline::test_support;

using ApiWorkers = ApiTest;

TEST_F(ApiWorkers, workers_are_listed_with_their_capabilities) {
  auto workers = get("/api/sharding/workers").json();
  ASSERT_EQ(workers.size(), 2u);
  EXPECT_TRUE(workers[0]["id"].is_string());
  EXPECT_EQ(workers[0]["type"], "local");
  EXPECT_TRUE(workers[0]["capabilities"].contains("maxConcurrent"));
  EXPECT_TRUE(workers[0]["vncUrl"].is_null());
}

TEST_F(ApiWorkers, drain_marks_the_worker_draining_and_new_sessions_avoid_it) {
  auto id = get("/api/sharding/workers").json()[0]["id"].get<std::string>();
  auto response = client->request("DELETE", "/api/workers/" + id);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["status"], "draining");

  auto session = start(command_session({"a", "b", "c"}, "true"));
  await_end(session);
  auto results = get("/api/execution/parallel/" + session + "/results").json()["results"];
  ASSERT_EQ(results.size(), 3u);
  for (const auto& result : results)
    EXPECT_NE(result["workerId"], id) << "a draining worker took a new test";
}

TEST_F(ApiWorkers, drain_of_an_unknown_worker_is_not_found) {
  auto response = client->request("DELETE", "/api/workers/w-404");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.json()["error"]["code"], "not_found");
}

} // namespace
