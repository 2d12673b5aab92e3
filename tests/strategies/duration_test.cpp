#include "suite_builder.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

using test_support::ids_by_shard;
using test_support::plan_with;
using test_support::shard_estimates;
using test_support::ShardIds;
using test_support::test_case;

TEST(DurationStrategy, places_the_longest_test_first_onto_the_least_loaded_shard) {
  std::vector<TestFile> suite{test_case("A").estimate(2), test_case("B").estimate(7),
                              test_case("C").estimate(4), test_case("D").estimate(5),
                              test_case("E").estimate(3)};
  const auto allocations = plan_with("duration", suite, 2);
  // B(7) -> 0, D(5) -> 1, C(4) -> 1, E(3) -> 0, A(2) -> 1
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"B", "E"}, {"D", "C", "A"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{10, 11}));
}

TEST(DurationStrategy, counts_a_missing_estimate_as_the_median_of_the_known_ones) {
  std::vector<TestFile> suite{test_case("A").estimate(100), test_case("B").estimate(300),
                              test_case("C"), test_case("D").estimate(200)};
  const auto allocations = plan_with("duration", suite, 2);
  // C counts 200 and comes before D (also 200) by input order.
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"B", "A"}, {"C", "D"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{400, 400}));
  EXPECT_FALSE(allocations[1].tests[0].estimated_duration_ms.has_value());
}

TEST(DurationStrategy, breaks_ties_by_input_order_and_lowest_shard) {
  std::vector<TestFile> suite{test_case("A").estimate(10), test_case("B").estimate(10),
                              test_case("C").estimate(10), test_case("D").estimate(10)};
  EXPECT_EQ(ids_by_shard(plan_with("duration", suite, 2)), (ShardIds{{"A", "C"}, {"B", "D"}}));
}

} // namespace
} // namespace shardline
