#include "model/preview.hpp"

#include "tests/model/failure.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shardline {
namespace {

using model_test::Failure;
using model_test::failure_of;
using nlohmann::json;
using namespace nlohmann::literals;

TEST(PreviewRequestCodec, decodes_every_field) {
  auto decoded = decode_preview_request(R"({"tests": [{"path": "a", "title": "t"}],
      "strategy": "tag", "workerCount": 4, "tagMode": "distribute"})"_json);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  ASSERT_EQ(decoded->tests.size(), 1u);
  EXPECT_EQ(decoded->tests[0].id, "a::t");
  EXPECT_EQ(decoded->strategy, "tag");
  EXPECT_EQ(decoded->worker_count, 4);
  EXPECT_EQ(decoded->tag_mode, TagMode::distribute);
}

TEST(PreviewRequestCodec, only_tests_is_required) {
  auto decoded = decode_preview_request(R"({"tests": [], "dryRun": true})"_json);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_TRUE(decoded->tests.empty());
  EXPECT_EQ(decoded->strategy, "");
  EXPECT_EQ(decoded->worker_count, 1);
  EXPECT_EQ(decoded->tag_mode, TagMode::group);
}

TEST(PreviewRequestCodec, tests_are_required) {
  EXPECT_EQ(failure_of(decode_preview_request(R"({"workerCount": 2})"_json)),
            (Failure{"tests", "is required"}));
}

TEST(PreviewRequestCodec, names_test_fields_from_the_top_level) {
  EXPECT_EQ(failure_of(decode_preview_request(R"({"tests": [{"path": "a"}, {"line": 3}]})"_json)),
            (Failure{"tests[1].path", "is required"}));
}

TEST(PreviewRequestCodec, worker_count_must_be_between_1_and_the_maximum) {
  EXPECT_EQ(failure_of(decode_preview_request(R"({"tests": [], "workerCount": 0})"_json)),
            (Failure{"workerCount", "0 is out of range; allowed: 1 to 10000"}));
  EXPECT_EQ(failure_of(decode_preview_request(R"({"tests": [], "workerCount": 10001})"_json)),
            (Failure{"workerCount", "10001 is out of range; allowed: 1 to 10000"}));
  EXPECT_TRUE(decode_preview_request(R"({"tests": [], "workerCount": 10000})"_json));
  EXPECT_EQ(failure_of(decode_preview_request(R"({"tests": [], "workerCount": 1.5})"_json)),
            (Failure{"workerCount", "expected an integer; allowed: 1 to 10000"}));
}

TEST(PreviewRequestCodec, unknown_tag_mode_lists_the_allowed_values) {
  EXPECT_EQ(failure_of(decode_preview_request(R"({"tests": [], "tagMode": "spread"})"_json)),
            (Failure{"tagMode", R"(unknown value "spread"; allowed: group, distribute)"}));
}

TEST(PreviewRequestCodec, strategy_must_be_a_string) {
  EXPECT_EQ(failure_of(decode_preview_request(R"({"tests": [], "strategy": ["tag"]})"_json)),
            (Failure{"strategy", "expected a string"}));
}

TEST(PreviewRequestCodec, a_non_object_body_is_refused) {
  EXPECT_EQ(failure_of(decode_preview_request(R"([{"path": "a"}])"_json)),
            (Failure{"", "expected an object"}));
  EXPECT_EQ(failure_of(decode_preview_request(json("tests"))), (Failure{"", "expected an object"}));
}

TEST(PreviewCodec, encodes_allocations_bounds_and_split_groups) {
  TestFile test;
  test.id = "a/1::t";
  test.path = "a/1";
  test.title = "t";
  test.estimated_duration_ms = 4000;
  const Preview preview{
      .allocations = {{.shard_index = 0, .tests = {test}, .estimated_duration_ms = 4000},
                      {.shard_index = 1, .tests = {}, .estimated_duration_ms = 0}},
      .estimated_makespan_ms = 4000,
      .lower_bound_ms = 3200,
      .ratio = 1.25,
      .split_groups = {{.group = "a", .shards = {0, 1}}}};
  EXPECT_EQ(encode(preview), R"({
    "allocations": [
      {"shardIndex": 0, "estimatedDurationMs": 4000,
       "tests": [{"id": "a/1::t", "path": "a/1", "title": "t", "tags": [], "project": "",
                  "estimatedDurationMs": 4000, "priority": 0}]},
      {"shardIndex": 1, "estimatedDurationMs": 0, "tests": []}],
    "estimatedMakespanMs": 4000, "lowerBoundMs": 3200, "ratio": 1.25,
    "splitGroups": [{"group": "a", "shards": [0, 1]}]})"_json);
}

TEST(PreviewCodec, an_empty_preview_still_has_every_field) {
  EXPECT_EQ(encode(Preview{}), R"({"allocations": [], "estimatedMakespanMs": 0,
    "lowerBoundMs": 0, "ratio": 1.0, "splitGroups": []})"_json);
}

} // namespace
} // namespace shardline
