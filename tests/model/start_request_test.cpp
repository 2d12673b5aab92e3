#include "model/start_request.hpp"

#include "model/json_text.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace shardline;

Result<StartRequest> decode(const char* text) {
  auto json = parse_json(text);
  EXPECT_TRUE(json) << text;
  return decode_start_request(*json);
}

TEST(StartRequest, reads_tests_and_config) {
  auto request = decode(R"({"tests": [{"path": "a.spec.ts", "title": "t"}],
                            "config": {"strategy": "duration", "workerCount": 3,
                                       "runner": {"kind": "command", "argv": ["true"]}}})");
  ASSERT_TRUE(request) << request.error().to_string();
  ASSERT_EQ(request->tests.size(), 1u);
  EXPECT_EQ(request->tests[0].id, "a.spec.ts::t");
  EXPECT_FALSE(request->discover);
  EXPECT_EQ(request->config.worker_count, 3);
  EXPECT_EQ(request->config.runner.kind, RunnerKind::command);
}

TEST(StartRequest, reads_discover_instead_of_tests) {
  auto request = decode(
      R"({"discover": {"runner": "playwright", "dir": "examples/playwright", "grep": "@smoke"}})");
  ASSERT_TRUE(request) << request.error().to_string();
  ASSERT_TRUE(request->discover);
  EXPECT_EQ(request->discover->dir, "examples/playwright");
  EXPECT_EQ(request->discover->grep, "@smoke");
}

TEST(StartRequest, refuses_both_tests_and_discover) {
  auto request = decode(R"({"tests": [], "discover": {"runner": "playwright", "dir": "x"}})");
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().field, "tests");
  EXPECT_NE(request.error().message.find("either tests or discover"), std::string::npos);
}

TEST(StartRequest, refuses_neither_tests_nor_discover) {
  auto request = decode(R"({"config": {}})");
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().field, "tests");
}

TEST(StartRequest, discover_needs_a_runner_that_can_list) {
  auto request = decode(R"({"discover": {"runner": "command", "dir": "x"}})");
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().field, "discover.runner");
}

TEST(StartRequest, names_the_field_of_a_bad_config_value) {
  auto request = decode(R"({"tests": [], "config": {"workerCount": 0}})");
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().field, "config.workerCount");
}

TEST(StartRequest, names_a_duplicate_test_id) {
  auto request = decode(R"({"tests": [{"id": "x", "path": "a", "title": "1"},
                                      {"id": "x", "path": "b", "title": "2"}]})");
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().field, "tests[1].id");
}

TEST(StartRequest, a_non_object_body_is_an_error) {
  auto request = decode("[1, 2]");
  ASSERT_FALSE(request);
  EXPECT_NE(request.error().message.find("expected an object"), std::string::npos);
}

} // namespace
