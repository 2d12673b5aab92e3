// `shardline serve` killed with SIGKILL while an HTTP agent and a local
// worker report results, then started again on the same database file: every
// result the agent was answered 202 for and every result the session counted
// is there, the session is `interrupted`, and resuming it runs exactly the
// tests that had no final result. Real processes, a real file.

#include "tests/http/http_client.hpp"
#include "tests/support/child.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <regex>
#include <set>

namespace {

using namespace shardline::test_support;
using namespace std::chrono_literals;

class ServeRestart : public ::testing::Test {
protected:
  std::unique_ptr<Child> start_serve(const std::string& output) {
    auto child = std::make_unique<Child>(
        std::vector<std::string>{SHARDLINE_BIN, "serve", "--db", scratch.file("shardline.db"),
                                 "--http", "127.0.0.1:0", "--no-token", "--local-workers", "1",
                                 "--artifacts", scratch.file("artifacts"), "--log-level", "warn"},
        scratch.file(output));
    port = 0;
    eventually([&] {
      std::smatch match;
      auto text = read_file(scratch.file(output));
      if (std::regex_search(text, match, std::regex("listening on http://127.0.0.1:(\\d+)")))
        port = static_cast<std::uint16_t>(std::stoi(match[1].str()));
      return port != 0;
    });
    return child;
  }

  HttpResponse post(HttpClient& client, const std::string& target, const nlohmann::json& body,
                    HeaderList headers = {}) {
    headers.push_back({"Content-Type", "application/json"});
    return client.request("POST", target, body.dump(), headers);
  }

  ScratchDir scratch;
  std::uint16_t port = 0;
};

TEST_F(ServeRestart, a_killed_server_keeps_every_acknowledged_result_and_resumes_the_rest) {
  auto serve = start_serve("first.txt");
  ASSERT_NE(port, 0) << read_file(scratch.file("first.txt"));
  HttpClient client(port, 10s);

  auto registered =
      post(client, "/api/workers/register",
           {{"name", "agent"}, {"type", "remote"}, {"capabilities", {{"maxConcurrent", 1}}}});
  ASSERT_EQ(registered.status, 201) << registered.body;
  auto worker_id = registered.json()["workerId"].get<std::string>();
  HeaderList agent = {{"X-Shardline-Agent-Secret", registered.json()["agentSecret"]}};

  nlohmann::json tests = nlohmann::json::array();
  for (int i = 0; i < 16; ++i)
    tests.push_back({{"id", std::string("t").append(std::to_string(i))},
                     {"path", "suite"},
                     {"title", std::string("test ").append(std::to_string(i))}});
  auto started = post(client, "/api/execution/parallel",
                      {{"tests", tests},
                       {"config",
                        {{"workerCount", 2},
                         {"runner", {{"kind", "command"}, {"argv", {"sh", "-c", "sleep 0.2"}}}}}}});
  ASSERT_EQ(started.status, 201) << started.body;
  auto session_id = started.json()["sessionId"].get<std::string>();

  // The agent takes its tests one heartbeat at a time and reports each; it
  // stops after a few, so the session is still running when serve dies.
  std::set<std::string> acknowledged;
  for (int round = 0; round < 200 && acknowledged.size() < 3; ++round) {
    auto beat =
        post(client, "/api/workers/" + worker_id + "/heartbeat", nlohmann::json::object(), agent);
    ASSERT_EQ(beat.status, 200) << beat.body;
    auto answer = beat.json(); // a range-for over a temporary's member would dangle
    for (const auto& assignment : answer["assignments"]) {
      nlohmann::json result = {
          {"testId", assignment["testId"]}, {"status", "passed"}, {"duration", 5}};
      auto reported = post(
          client, "/api/workers/" + worker_id + "/result",
          {{"sessionId", session_id}, {"epoch", assignment["epoch"]}, {"result", result}}, agent);
      if (reported.status != 202)
        ADD_FAILURE() << reported.status << " " << reported.body;
      if (reported.status == 202)
        acknowledged.insert(assignment["testId"].get<std::string>());
    }
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_GE(acknowledged.size(), 3u);
  // The local worker goes on meanwhile: what the session counted before the
  // kill is a lower bound of what must be found after it.
  std::int64_t counted = 0;
  ASSERT_TRUE(eventually([&] {
    auto status = client.request("GET", "/api/execution/parallel/" + session_id + "/status");
    counted = status.json()["progress"]["completed"].get<std::int64_t>();
    return counted >= 5;
  }));
  ASSERT_LT(counted, 16) << "the session must still be running when serve dies";

  serve->signal(SIGKILL);
  ASSERT_TRUE(serve->wait(10s));

  auto again = start_serve("second.txt");
  ASSERT_NE(port, 0) << read_file(scratch.file("second.txt"));
  HttpClient after(port, 10s);
  auto status = after.request("GET", "/api/execution/parallel/" + session_id + "/status");
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.json()["status"], "interrupted");
  EXPECT_GE(status.json()["progress"]["completed"].get<std::int64_t>(), counted);
  auto results = after.request("GET", "/api/execution/parallel/" + session_id + "/results");
  ASSERT_EQ(results.status, 200) << results.body;
  std::set<std::string> kept;
  auto kept_json = results.json();
  for (const auto& result : kept_json["results"])
    kept.insert(result["testId"].get<std::string>());
  for (const auto& id : acknowledged)
    EXPECT_TRUE(kept.contains(id)) << id << " was acknowledged (202) and is gone";
  EXPECT_GE(static_cast<std::int64_t>(kept.size()), counted);

  auto resumed =
      post(after, "/api/execution/parallel/" + session_id + "/resume", nlohmann::json::object());
  ASSERT_EQ(resumed.status, 201) << resumed.body;
  auto new_id = resumed.json()["sessionId"].get<std::string>();
  std::set<std::string> planned;
  auto resumed_json = resumed.json();
  for (const auto& allocation : resumed_json["allocations"])
    for (const auto& test : allocation["tests"])
      planned.insert(test["id"].get<std::string>());
  EXPECT_EQ(planned.size() + kept.size(), 16u) << "exactly the rest runs";
  for (const auto& id : kept)
    EXPECT_FALSE(planned.contains(id)) << id << " had its final result";

  nlohmann::json final_state;
  ASSERT_TRUE(eventually(
      [&] {
        final_state = after.request("GET", "/api/execution/parallel/" + new_id + "/status").json();
        return final_state["status"] != "running";
      },
      60s))
      << final_state.dump();
  EXPECT_EQ(final_state["status"], "completed");
  EXPECT_EQ(final_state["resumedFrom"], session_id);
  EXPECT_EQ(final_state["progress"]["passed"], 16) << "the old results count in the new session";
  auto new_results = after.request("GET", "/api/execution/parallel/" + new_id + "/results");
  EXPECT_EQ(new_results.json()["results"].size(), 16u);

  again->signal(SIGTERM);
  EXPECT_EQ(again->wait(30s), std::optional<int>(0)) << read_file(scratch.file("second.txt"));
}

} // namespace
