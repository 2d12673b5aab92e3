// The workers list over real sockets with local workers running real
// processes: a worker is busy with the tests it runs, idle once they ended.

#include "tests/http/api_fixture.hpp"

#include <fstream>
#include <set>

namespace {

using namespace shardline::test_support;

using ApiWorkerActivity = ApiTest; // two local workers

TEST_F(ApiWorkerActivity, a_local_worker_is_busy_with_the_test_it_runs_and_idle_once_it_ended) {
  // Each test waits until the file `go` exists.
  auto go = scratch.file("go");
  auto session =
      start(command_session({"a", "b"}, "while [ ! -e '" + go + "' ]; do sleep 0.05; done"));

  nlohmann::json workers;
  ASSERT_TRUE(eventually([&] {
    workers = get("/api/sharding/workers").json();
    return workers.size() == 2 && workers[0]["status"] == "busy" && workers[1]["status"] == "busy";
  })) << workers.dump();
  std::set<std::string> running;
  for (const auto& worker : workers) {
    ASSERT_EQ(worker["currentTests"].size(), 1u) << worker.dump();
    running.insert(worker["currentTests"][0].get<std::string>());
    EXPECT_TRUE(worker["lastHeartbeat"].is_string()) << worker.dump();
  }
  EXPECT_EQ(running, (std::set<std::string>{"suite::a", "suite::b"}));

  std::ofstream{go} << "go\n";
  EXPECT_EQ(await_end(session)["status"], "completed");

  for (const auto& worker : get("/api/sharding/workers").json()) {
    EXPECT_EQ(worker["status"], "idle") << worker.dump();
    EXPECT_EQ(worker["currentTests"], nlohmann::json::array()) << worker.dump();
  }
}

} // namespace
