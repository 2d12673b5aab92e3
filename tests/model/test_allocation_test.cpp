#include "model/test_allocation.hpp"

#include "tests/model/failure.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shardline {
namespace {

using model_test::Failure;
using model_test::failure_of;
using nlohmann::json;
using namespace nlohmann::literals;

TestFile test(const std::string& path, const std::string& title) {
  TestFile test;
  test.id = path + "::" + title;
  test.path = path;
  test.title = title;
  return test;
}

TestAllocation two_tests() {
  auto first = test("a", "1");
  first.estimated_duration_ms = 300;
  auto second = test("b", "2");
  second.last_result = TestStatus::failed;
  return {.shard_index = 2, .tests = {first, second}, .estimated_duration_ms = 2300};
}

Failure allocation_failure(const json& allocation) {
  return failure_of(decode_test_allocation(allocation, "allocations[2]"));
}

TEST(TestAllocationCodec, encodes_shard_index_tests_and_estimate) {
  EXPECT_EQ(encode(two_tests()), R"({"shardIndex": 2, "estimatedDurationMs": 2300, "tests": [
    {"id": "a::1", "path": "a", "title": "1", "tags": [], "project": "", "priority": 0,
     "estimatedDurationMs": 300},
    {"id": "b::2", "path": "b", "title": "2", "tags": [], "project": "", "priority": 0,
     "lastResult": "failed"}]})"_json);
}

TEST(TestAllocationCodec, round_trips_with_tests) {
  auto decoded = decode_test_allocation(encode(two_tests()), "allocations[0]");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, two_tests());
}

TEST(TestAllocationCodec, round_trips_an_empty_shard) {
  const TestAllocation empty;
  auto decoded = decode_test_allocation(encode(empty), "allocations[0]");
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, empty);
}

TEST(TestAllocationCodec, shard_index_is_required_and_non_negative) {
  EXPECT_EQ(allocation_failure(R"({"tests": []})"_json),
            (Failure{"allocations[2].shardIndex", "is required"}));
  EXPECT_EQ(allocation_failure(R"({"shardIndex": -1})"_json),
            (Failure{"allocations[2].shardIndex", "expected a non-negative integer"}));
  EXPECT_EQ(allocation_failure(R"({"shardIndex": 2147483648})"_json),
            (Failure{"allocations[2].shardIndex", "must be between 0 and 2147483647"}));
}

TEST(TestAllocationCodec, names_a_nested_test_field_by_its_full_path) {
  EXPECT_EQ(allocation_failure(R"({"shardIndex": 0, "tests": [{"path": "a"}, {"path": ""}]})"_json),
            (Failure{"allocations[2].tests[1].path", "must not be empty"}));
}

TEST(TestAllocationCodec, refuses_duplicate_tests_in_one_shard) {
  EXPECT_EQ(
      allocation_failure(R"({"shardIndex": 0, "tests": [{"path": "a"}, {"path": "a"}]})"_json),
      (Failure{"allocations[2].tests[1].id",
               R"(duplicate id "a::" (first at allocations[2].tests[0]))"}));
}

TEST(TestAllocationCodec, non_object_is_refused) {
  EXPECT_EQ(allocation_failure(json(nullptr)), (Failure{"allocations[2]", "expected an object"}));
}

} // namespace
} // namespace shardline
