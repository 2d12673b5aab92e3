#include "model/worker.hpp"

#include "tests/model/failure.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shardline {
namespace {

using model_test::Failure;
using model_test::failure_of;
using nlohmann::json;
using namespace nlohmann::literals;
using namespace std::chrono_literals;

Worker every_field_set() {
  return {.id = "w-1",
          .name = "ci-box",
          .type = WorkerType::remote,
          .status = WorkerState::draining,
          .host = "10.0.0.7",
          .port = 4242,
          .capabilities = {.browsers = {"chromium", "firefox"},
                           .max_concurrent = 4,
                           .tags = {"@gpu"},
                           .memory = 16384,
                           .cpu = 8},
          .last_heartbeat = TimePoint{1'795'710'661'123ms},
          .current_tests = {"a::1", "b::2"},
          .vnc_port = 5901,
          .vnc_url = "/vnc/w-1"};
}

Worker no_optional_set() {
  return {};
}

Failure worker_failure(const json& worker) {
  return failure_of(decode_worker(worker, "workers[0]"));
}

TEST(WorkerNames, types_use_their_wire_names) {
  EXPECT_EQ(to_string(WorkerType::local), "local");
  EXPECT_EQ(to_string(WorkerType::remote), "remote");
  EXPECT_EQ(parse_worker_type("local"), WorkerType::local);
  EXPECT_EQ(parse_worker_type("remote"), WorkerType::remote);
  EXPECT_EQ(parse_worker_type("http"), std::nullopt);
}

TEST(WorkerNames, states_use_their_wire_names) {
  const std::pair<WorkerState, const char*> names[] = {{WorkerState::idle, "idle"},
                                                       {WorkerState::busy, "busy"},
                                                       {WorkerState::offline, "offline"},
                                                       {WorkerState::draining, "draining"}};
  for (auto [state, name] : names) {
    EXPECT_EQ(to_string(state), name);
    EXPECT_EQ(parse_worker_state(name), state);
  }
  EXPECT_EQ(parse_worker_state("lost"), std::nullopt);
}

TEST(WorkerCodec, encodes_the_live_view_entry) {
  EXPECT_EQ(encode(every_field_set()), R"({"id": "w-1", "name": "ci-box", "type": "remote",
    "status": "draining", "host": "10.0.0.7", "port": 4242,
    "capabilities": {"browsers": ["chromium", "firefox"], "maxConcurrent": 4, "tags": ["@gpu"],
                     "memory": 16384, "cpu": 8},
    "lastHeartbeat": "2026-11-26T16:31:01.123Z", "currentTests": ["a::1", "b::2"],
    "vncPort": 5901, "vncUrl": "/vnc/w-1"})"_json);
}

TEST(WorkerCodec, absent_optionals_encode_as_null) {
  EXPECT_EQ(encode(no_optional_set()), R"({"id": "", "name": "", "type": "local",
    "status": "idle", "host": "", "port": 0,
    "capabilities": {"browsers": [], "maxConcurrent": 1, "tags": [], "memory": 0, "cpu": 1},
    "lastHeartbeat": null, "currentTests": [], "vncPort": null, "vncUrl": null})"_json);
}

TEST(WorkerCodec, round_trips_with_every_field_set) {
  auto decoded = decode_worker(encode(every_field_set()), "worker");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, every_field_set());
}

TEST(WorkerCodec, round_trips_with_no_optional_set) {
  auto decoded = decode_worker(encode(no_optional_set()), "worker");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, no_optional_set());
}

TEST(WorkerCodec, capabilities_round_trip_on_their_own) {
  const auto capabilities = every_field_set().capabilities;
  auto decoded = decode_worker_capabilities(encode(capabilities), "capabilities");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, capabilities);
}

TEST(WorkerCodec, decodes_a_register_body_without_id_or_status) {
  auto decoded = decode_worker(R"({"name": "box", "type": "remote", "host": "h", "port": 80,
      "capabilities": {"browsers": ["chromium"], "maxConcurrent": 2, "tags": [],
                       "memory": 4096, "cpu": 2},
      "token": "ignored"})"_json,
                               "");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->id, "");
  EXPECT_EQ(decoded->status, WorkerState::idle);
  EXPECT_EQ(
      decoded->capabilities,
      (WorkerCapabilities{
          .browsers = {"chromium"}, .max_concurrent = 2, .tags = {}, .memory = 4096, .cpu = 2}));
  EXPECT_EQ(decoded->vnc_port, std::nullopt);
}

TEST(WorkerCodec, unknown_type_and_status_list_the_allowed_values) {
  EXPECT_EQ(worker_failure(R"({"type": "cloud"})"_json),
            (Failure{"workers[0].type", R"(unknown value "cloud"; allowed: local, remote)"}));
  EXPECT_EQ(worker_failure(R"({"status": "asleep"})"_json),
            (Failure{"workers[0].status",
                     R"(unknown value "asleep"; allowed: idle, busy, offline, draining)"}));
}

TEST(WorkerCodec, ports_must_be_valid_tcp_ports) {
  EXPECT_EQ(worker_failure(R"({"port": 70000})"_json),
            (Failure{"workers[0].port", "must be between 0 and 65535"}));
  EXPECT_EQ(worker_failure(R"({"vncPort": 0})"_json),
            (Failure{"workers[0].vncPort", "must be between 1 and 65535"}));
  EXPECT_EQ(worker_failure(R"({"vncPort": "5901"})"_json),
            (Failure{"workers[0].vncPort", "expected an integer between 1 and 65535"}));
}

TEST(WorkerCodec, names_a_bad_capability_by_its_full_path) {
  EXPECT_EQ(worker_failure(R"({"capabilities": {"maxConcurrent": 0}})"_json),
            (Failure{"workers[0].capabilities.maxConcurrent", "expected a positive integer"}));
  EXPECT_EQ(worker_failure(R"({"capabilities": {"browsers": ["chromium", null]}})"_json),
            (Failure{"workers[0].capabilities.browsers[1]", "expected a string"}));
  EXPECT_EQ(worker_failure(R"({"capabilities": {"memory": 4096.5}})"_json),
            (Failure{"workers[0].capabilities.memory", "expected a non-negative integer"}));
  EXPECT_EQ(worker_failure(R"({"capabilities": []})"_json),
            (Failure{"workers[0].capabilities", "expected an object"}));
}

TEST(WorkerCodec, last_heartbeat_must_be_a_time) {
  EXPECT_EQ(worker_failure(R"({"lastHeartbeat": "now"})"_json),
            (Failure{"workers[0].lastHeartbeat",
                     "expected an ISO-8601 UTC time like 2026-11-26T16:31:01.123Z"}));
}

TEST(WorkerCodec, non_object_is_refused) {
  EXPECT_EQ(worker_failure(json("w-1")), (Failure{"workers[0]", "expected an object"}));
}

} // namespace
} // namespace shardline
