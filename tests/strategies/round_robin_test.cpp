#include "suite_builder.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

using test_support::ids_by_shard;
using test_support::plan_with;
using test_support::shard_estimates;
using test_support::ShardIds;
using test_support::test_case;

TEST(RoundRobinStrategy, deals_tests_to_the_shards_in_turn) {
  std::vector<TestFile> suite{test_case("A"), test_case("B"), test_case("C"),
                              test_case("D"), test_case("E"), test_case("F")};
  EXPECT_EQ(ids_by_shard(plan_with("round-robin", suite, 3)),
            (ShardIds{{"A", "D"}, {"B", "E"}, {"C", "F"}}));
}

TEST(RoundRobinStrategy, deals_higher_priority_tests_first_keeping_input_order_among_equals) {
  std::vector<TestFile> suite{test_case("A").priority(0), test_case("B").priority(2),
                              test_case("C").priority(1), test_case("D").priority(2)};
  EXPECT_EQ(ids_by_shard(plan_with("round-robin", suite, 2)), (ShardIds{{"B", "C"}, {"D", "A"}}));
}

TEST(RoundRobinStrategy, ignores_estimates_when_dealing) {
  std::vector<TestFile> suite{test_case("A").estimate(900), test_case("B").estimate(1),
                              test_case("C").estimate(1)};
  EXPECT_EQ(ids_by_shard(plan_with("round-robin", suite, 2)), (ShardIds{{"A", "C"}, {"B"}}));
}

TEST(RoundRobinStrategy, sums_effective_estimates_per_shard_with_the_median_for_missing_ones) {
  std::vector<TestFile> suite{test_case("A").estimate(100), test_case("B"),
                              test_case("C").estimate(300)};
  const auto allocations = plan_with("round-robin", suite, 1);
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{600}));
  EXPECT_FALSE(allocations[0].tests[1].estimated_duration_ms.has_value());
}

} // namespace
} // namespace shardline
