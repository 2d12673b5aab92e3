// The JSON of the HTTP agents' heartbeat answer and result body.

#include "actors/agent_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shardline {
namespace {

using nlohmann::json;

TEST(AgentJson, a_poll_lists_each_assignment_as_api_md_names_it) {
  TestAssignment assignment;
  assignment.session_id = "s-1";
  assignment.test.id = "login::1";
  assignment.test.path = "login.spec.ts";
  assignment.test.title = "logs in";
  assignment.attempt = 2;
  assignment.epoch = 17;
  assignment.runner.argv = {"npx", "playwright", "test", "{path}"};
  assignment.test_timeout_ms = 45000;
  auto encoded = encode(AgentPoll{WorkerState::busy, {assignment}});
  EXPECT_EQ(encoded["status"], "busy");
  ASSERT_EQ(encoded["assignments"].size(), 1u);
  const auto& first = encoded["assignments"][0];
  EXPECT_EQ(first["sessionId"], "s-1");
  EXPECT_EQ(first["testId"], "login::1");
  EXPECT_EQ(first["attempt"], 2);
  EXPECT_EQ(first["epoch"], 17);
  EXPECT_EQ(first["test"]["path"], "login.spec.ts");
  EXPECT_EQ(first["runner"]["argv"][3], "{path}");
  EXPECT_EQ(first["testTimeoutMs"], 45000);
}

TEST(AgentJson, an_idle_poll_has_an_empty_list) {
  EXPECT_EQ(encode(AgentPoll{}), json::parse(R"({"status": "idle", "assignments": []})"));
}

TEST(AgentJson, a_report_decodes_session_epoch_and_result) {
  auto decoded = decode_agent_report(json::parse(
      R"({"sessionId": "s-1", "epoch": 17, "result": {"testId": "a", "status": "failed"}})"));
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->session_id, "s-1");
  EXPECT_EQ(decoded->epoch, 17u);
  EXPECT_EQ(decoded->result.test_id, "a");
  EXPECT_EQ(decoded->result.status, TestStatus::failed);
}

TEST(AgentJson, a_report_names_the_field_at_fault) {
  auto error_of = [](const char* text) {
    auto decoded = decode_agent_report(json::parse(text));
    return decoded ? std::string{"no error"} : decoded.error().to_string();
  };
  EXPECT_EQ(error_of(R"([])"), "expected an object");
  EXPECT_EQ(error_of(R"({"epoch": 1, "result": {}})"), "sessionId: is required");
  EXPECT_EQ(error_of(R"({"sessionId": "", "epoch": 1, "result": {}})"),
            "sessionId: expected a non-empty string");
  EXPECT_EQ(error_of(R"({"sessionId": "s", "result": {}})"), "epoch: is required");
  EXPECT_EQ(error_of(R"({"sessionId": "s", "epoch": -1, "result": {}})"),
            "epoch: expected a non-negative integer, not -1");
  EXPECT_EQ(error_of(R"({"sessionId": "s", "epoch": 1.5, "result": {}})"),
            "epoch: expected a non-negative integer");
  EXPECT_EQ(error_of(R"({"sessionId": "s", "epoch": 1})"), "result: is required");
  EXPECT_EQ(error_of(R"({"sessionId": "s", "epoch": 1, "result": {"status": "passed"}})"),
            "result.testId: is required");
}

} // namespace
} // namespace shardline
