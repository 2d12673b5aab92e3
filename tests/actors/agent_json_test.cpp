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

TEST(AgentJson, an_assignment_that_leaves_the_timeouts_to_the_project_says_null) {
  TestAssignment assignment;
  assignment.session_id = "s-1";
  assignment.runner.kind = RunnerKind::playwright;
  assignment.test_timeout_ms = runner_own_timeouts;
  auto encoded = encode(AgentPoll{WorkerState::busy, {assignment}});
  EXPECT_EQ(encoded["assignments"][0]["testTimeoutMs"], nullptr);
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

TEST(AgentJson, a_registration_keeps_its_vnc_port_and_url) {
  auto decoded = decode_worker_registration(json::parse(
      R"({"name": "mac-mini-3", "vncPort": 5901, "vncUrl": "http://10.0.0.7:6080/vnc.html"})"));
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->vnc_port, 5901);
  EXPECT_EQ(decoded->vnc_url, "http://10.0.0.7:6080/vnc.html");
}

TEST(AgentJson, a_registration_without_a_live_view_has_no_vnc) {
  auto decoded = decode_worker_registration(json::parse(R"({"vncPort": null})"));
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->type, WorkerType::remote);
  EXPECT_EQ(decoded->vnc_port, std::nullopt);
  EXPECT_EQ(decoded->vnc_url, std::nullopt);
}

TEST(AgentJson, a_registration_names_the_vnc_field_at_fault) {
  auto error_of = [](const json& body) {
    auto decoded = decode_worker_registration(body);
    return decoded ? std::string{"no error"} : decoded.error().to_string();
  };
  EXPECT_EQ(error_of(json::parse(R"({"vncPort": 0})")),
            "vncPort: expected an integer from 1 to 65535, not 0");
  EXPECT_EQ(error_of(json::parse(R"({"vncPort": 65536})")),
            "vncPort: expected an integer from 1 to 65535, not 65536");
  EXPECT_EQ(error_of(json::parse(R"({"vncPort": -5901})")),
            "vncPort: expected an integer from 1 to 65535, not -5901");
  EXPECT_EQ(error_of(json{{"vncPort", -1}}),
            "vncPort: expected an integer from 1 to 65535, not -1");
  EXPECT_EQ(error_of(json{{"vncPort", 65535}}), "no error");
  EXPECT_EQ(error_of(json::parse(R"({"vncPort": "5901"})")),
            "vncPort: expected an integer from 1 to 65535");
  EXPECT_EQ(error_of(json::parse(R"({"vncPort": 5901.5})")),
            "vncPort: expected an integer from 1 to 65535");
  EXPECT_EQ(error_of(json::parse(R"({"vncUrl": ""})")), "vncUrl: expected a non-empty string");
  EXPECT_EQ(error_of(json::parse(R"({"vncUrl": 5901})")), "vncUrl: expected a non-empty string");
}

} // namespace
} // namespace shardline
