// Many event streams on one session, over real sockets with real test
// processes: they share one hub, hear the same events, a stalled one holds up
// nobody, and the hub goes once its streams have gone.

#include "tests/http/api_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

namespace {

using namespace shardline::test_support;
namespace fs = std::filesystem;

using ApiEvents = ApiTest;

/// What a stream told, parsed.
struct Told {
  std::string name;
  nlohmann::json data;
};

std::vector<Told> read_to_end(SseReader& reader) {
  std::vector<Told> events;
  while (auto event = reader.next_event(60s))
    events.push_back({event->name, nlohmann::json::parse(event->data)});
  return events;
}

/// `sh` that waits until `gate` exists, then runs `then`: every stream
/// joins before the first test ends.
std::string after_gate(const fs::path& gate, const std::string& then) {
  return "while [ ! -e '" + gate.string() + "' ]; do sleep 0.01; done; " + then;
}

void open_gate(const fs::path& gate) {
  std::ofstream{gate};
}

std::vector<std::string> titles(int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string title = "t"; // append: GCC 12 warns falsely about "t" + std::to_string(i)
    out.push_back(title.append(std::to_string(i)));
  }
  return out;
}

/// The events after a stream's current state (which ends with its first
/// progress) that every stream hears alike: results, shards, the end.
std::vector<std::string> shared_part(const std::vector<Told>& events) {
  std::vector<std::string> out;
  bool past_current_state = false;
  for (const auto& event : events) {
    if (!past_current_state) {
      past_current_state = event.name == "progress";
      continue;
    }
    if (event.name != "progress" && event.name != "worker")
      out.push_back(event.name + " " + event.data.dump());
  }
  return out;
}

TEST_F(ApiEvents, fifty_streams_on_one_session_hear_the_same_events_in_order) {
  constexpr int tests = 40;
  constexpr int stream_count = 50;
  auto gate = scratch.path() / "gate";
  auto id = start(command_session(titles(tests), after_gate(gate, "true")));
  std::vector<std::unique_ptr<SseReader>> readers;
  for (int i = 0; i < stream_count; ++i) {
    readers.push_back(
        std::make_unique<SseReader>(server->port(), "/api/execution/parallel/" + id + "/events"));
    auto first = readers.back()->next_event(30s); // joined: its current state is on its way
    ASSERT_TRUE(first) << "stream " << i;
    ASSERT_EQ(first->name, "session");
  }
  EXPECT_EQ(api->feeds->hubs(), 1u) << "the streams of a session share one hub";

  open_gate(gate);

  std::vector<std::string> reference;
  for (int i = 0; i < stream_count; ++i) {
    auto events = read_to_end(*readers[i]);
    ASSERT_FALSE(events.empty()) << "stream " << i;
    EXPECT_EQ(events.back().name, "session") << "stream " << i;
    EXPECT_EQ(events.back().data["status"], "completed") << "stream " << i;
    std::set<std::string> results;
    std::int64_t completed = 0;
    std::int64_t last_progress = -1;
    for (const auto& event : events) {
      if (event.name == "result")
        results.insert(event.data["testId"].get<std::string>());
      if (event.name == "progress") {
        auto now = event.data["completed"].get<std::int64_t>();
        EXPECT_GE(now, completed) << "stream " << i << ": progress went back";
        completed = last_progress = now;
      }
    }
    EXPECT_EQ(results.size(), std::size_t(tests)) << "stream " << i;
    EXPECT_EQ(last_progress, tests) << "stream " << i << ": the final progress is always told";
    auto shared = shared_part(events);
    if (i == 0)
      reference = shared;
    else
      EXPECT_EQ(shared, reference) << "stream " << i << " heard otherwise than stream 0";
  }
  EXPECT_TRUE(eventually([&] { return api->feeds->hubs() == 0; }))
      << "the hub outlived its streams";
}

TEST_F(ApiEvents, a_stalled_stream_holds_up_neither_the_session_nor_the_other_streams) {
  // Each result carries 24 KB of output: the stalled client's socket and
  // buffer fill long before the session ends.
  constexpr int tests = 400;
  constexpr int readers = 3;
  auto gate = scratch.path() / "gate";
  auto id = start(
      command_session(titles(tests), after_gate(gate, "head -c 24000 /dev/zero | tr '\\0' x")));
  auto target = "/api/execution/parallel/" + id + "/events";
  RawConnection stalled(server->port());
  ASSERT_TRUE(stalled.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  std::vector<std::unique_ptr<SseReader>> streams;
  for (int i = 0; i < readers; ++i) {
    streams.push_back(std::make_unique<SseReader>(server->port(), target));
    ASSERT_TRUE(streams.back()->next_event(30s));
  }

  open_gate(gate);
  std::vector<std::vector<Told>> heard(readers);
  std::vector<std::thread> threads;
  for (int i = 0; i < readers; ++i)
    threads.emplace_back([&, i] { heard[i] = read_to_end(*streams[i]); });
  for (auto& thread : threads)
    thread.join();

  EXPECT_EQ(await_end(id)["status"], "completed");
  for (int i = 0; i < readers; ++i) {
    std::set<std::string> results;
    for (const auto& event : heard[i])
      if (event.name == "result")
        results.insert(event.data["testId"].get<std::string>());
    EXPECT_EQ(results.size(), std::size_t(tests)) << "reader " << i;
    ASSERT_FALSE(heard[i].empty());
    EXPECT_EQ(heard[i].back().data["status"], "completed") << "reader " << i;
  }
}

TEST_F(ApiEvents, a_worker_drained_mid_session_is_told_to_every_stream) {
  auto pids = scratch.path() / "pids";
  fs::create_directories(pids);
  auto id = start(command_session({"slow-1", "slow-2"},
                                  "echo $$ > '" + pids.string() + "/'\"$1\"; exec sleep 60"));
  std::vector<std::unique_ptr<SseReader>> streams;
  for (int i = 0; i < 3; ++i)
    streams.push_back(
        std::make_unique<SseReader>(server->port(), "/api/execution/parallel/" + id + "/events"));
  ASSERT_TRUE(
      eventually([&] { return fs::exists(pids / "slow-1") && fs::exists(pids / "slow-2"); }));
  auto worker_id = get("/api/sharding/workers").json().at(0)["id"].get<std::string>();

  ASSERT_EQ(client->request("DELETE", "/api/workers/" + worker_id).status, 200);

  for (std::size_t i = 0; i < streams.size(); ++i) {
    bool told = false;
    while (auto event = streams[i]->next_event(10s)) {
      auto data = nlohmann::json::parse(event->data);
      if (event->name == "worker" && data["id"] == worker_id && data["status"] == "draining") {
        told = true;
        break;
      }
    }
    EXPECT_TRUE(told) << "stream " << i << " never heard " << worker_id << " drain";
  }
  post("/api/execution/parallel/" + id + "/cancel", nlohmann::json::object());
}

TEST_F(ApiEvents, a_hub_goes_with_its_last_stream_and_a_new_stream_gets_a_new_one) {
  auto id = start(command_session({"slow-1", "slow-2"}, "exec sleep 60"));
  auto target = "/api/execution/parallel/" + id + "/events";
  {
    SseReader first(server->port(), target);
    ASSERT_TRUE(first.next_event(30s));
    EXPECT_EQ(api->feeds->hubs(), 1u);
  } // the client leaves
  ASSERT_TRUE(eventually([&] { return api->feeds->hubs() == 0; })) << "the hub stayed";

  SseReader second(server->port(), target);
  auto current = second.next_event(30s);
  ASSERT_TRUE(current);
  EXPECT_EQ(current->name, "session");
  EXPECT_EQ(nlohmann::json::parse(current->data)["status"], "running");

  post("/api/execution/parallel/" + id + "/cancel", nlohmann::json::object());
  auto events = read_to_end(second);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().name, "session");
  EXPECT_EQ(events.back().data["status"], "cancelled");
  EXPECT_TRUE(eventually([&] { return api->feeds->hubs() == 0; }));
}

TEST_F(ApiEvents, a_session_is_refused_when_every_worker_drains) {
  for (const auto& worker : get("/api/sharding/workers").json())
    ASSERT_EQ(client->request("DELETE", "/api/workers/" + worker["id"].get<std::string>()).status,
              200);

  auto response = post("/api/execution/parallel", command_session({"a"}, "true"));

  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.json()["error"]["code"], "unavailable");
}

} // namespace
