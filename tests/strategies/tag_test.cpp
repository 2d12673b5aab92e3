#include "suite_builder.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

using test_support::ids_by_shard;
using test_support::plan_with;
using test_support::shard_estimates;
using test_support::ShardIds;
using test_support::test_case;

const StrategyOptions group_mode{TagMode::group};
const StrategyOptions distribute_mode{TagMode::distribute};

TEST(TagStrategyGroupMode, puts_each_light_tag_on_one_shard_then_fills_in_untagged_tests) {
  std::vector<TestFile> suite{test_case("S1").tagged({"@smoke"}).estimate(100),
                              test_case("S2").tagged({"@smoke"}).estimate(100),
                              test_case("R1").tagged({"@regress"}).estimate(300),
                              test_case("U1").estimate(200),
                              test_case("S3").tagged({"@smoke"}).estimate(100)};
  const auto allocations = plan_with("tag", suite, 2, group_mode);
  // @smoke and @regress weigh 300 each (fair share 400); @smoke appeared first.
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"S1", "S2", "S3", "U1"}, {"R1"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{500, 300}));
}

TEST(TagStrategyGroupMode, spreads_a_heavy_tag_over_just_enough_least_loaded_shards) {
  std::vector<TestFile> suite{
      test_case("H1").tagged({"@heavy"}).estimate(100),
      test_case("H2").tagged({"@heavy"}).estimate(100),
      test_case("H3").tagged({"@heavy"}).estimate(100),
      test_case("H4").tagged({"@heavy"}).estimate(100),
      test_case("L1").tagged({"@light"}).estimate(50),
      test_case("L2").tagged({"@light"}).estimate(50),
      test_case("U").estimate(200),
  };
  // Fair share 700 / 3 = 233: @heavy (400) needs ceil(400 / 233) = 2 shards.
  const auto allocations = plan_with("tag", suite, 3, group_mode);
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"H1", "H3"}, {"H2", "H4"}, {"L1", "L2", "U"}}));
}

TEST(TagStrategyGroupMode, groups_a_test_by_its_first_tag_only) {
  std::vector<TestFile> suite{
      test_case("X").tagged({"@a", "@b"}).estimate(30), test_case("Y").tagged({"@b"}).estimate(10),
      test_case("Z").tagged({"@a"}).estimate(30), test_case("W").tagged({"@c"}).estimate(50)};
  // @a = X + Z (60) -> 0, @c (50) -> 1, @b = Y (10) -> 1.
  EXPECT_EQ(ids_by_shard(plan_with("tag", suite, 2, group_mode)),
            (ShardIds{{"X", "Z"}, {"W", "Y"}}));
}

TEST(TagStrategyDistributeMode, spreads_each_tag_evenly_over_all_shards) {
  std::vector<TestFile> suite{test_case("A1").tagged({"@a"}).estimate(100),
                              test_case("A2").tagged({"@a"}).estimate(100),
                              test_case("A3").tagged({"@a"}).estimate(100),
                              test_case("A4").tagged({"@a"}).estimate(100),
                              test_case("B1").tagged({"@b"}).estimate(50),
                              test_case("B2").tagged({"@b"}).estimate(50),
                              test_case("U").estimate(100)};
  const auto allocations = plan_with("tag", suite, 2, distribute_mode);
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"A1", "A3", "B1", "U"}, {"A2", "A4", "B2"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{350, 250}));
}

TEST(TagStrategyDistributeMode, sends_a_tag_to_the_least_loaded_shard_among_those_without_it) {
  std::vector<TestFile> suite{
      test_case("X1").tagged({"@x"}).estimate(300), test_case("Y1").tagged({"@y"}).estimate(100),
      test_case("Y2").tagged({"@y"}).estimate(100), test_case("Y3").tagged({"@y"}).estimate(100),
      test_case("Y4").tagged({"@y"}).estimate(100)};
  // @y (400) first: Y1 -> 0, Y2 -> 1, Y3 -> 2, Y4 -> 0; then X1 onto the lighter of 1 and 2.
  EXPECT_EQ(ids_by_shard(plan_with("tag", suite, 3, distribute_mode)),
            (ShardIds{{"Y1", "Y4"}, {"Y2", "X1"}, {"Y3"}}));
}

TEST(TagStrategyDistributeMode, balances_the_tag_load_before_the_total_load) {
  std::vector<TestFile> suite{
      test_case("A1").tagged({"@a"}).estimate(500), test_case("B1").tagged({"@b"}).estimate(60),
      test_case("B2").tagged({"@b"}).estimate(50), test_case("B3").tagged({"@b"}).estimate(40)};
  // @a (500) -> 0. @b: B1 -> 1 (tag load 0, less total), B2 -> 0 (tag load 0), B3 -> 0 (50 < 60).
  EXPECT_EQ(ids_by_shard(plan_with("tag", suite, 2, distribute_mode)),
            (ShardIds{{"A1", "B2", "B3"}, {"B1"}}));
}

TEST(TagStrategyDistributeMode, spreads_a_tag_whose_tests_all_estimate_zero_by_count) {
  std::vector<TestFile> suite{
      test_case("Z1").tagged({"@z"}).estimate(0), test_case("Z2").tagged({"@z"}).estimate(0),
      test_case("Z3").tagged({"@z"}).estimate(0), test_case("Z4").tagged({"@z"}).estimate(0)};
  EXPECT_EQ(ids_by_shard(plan_with("tag", suite, 2, distribute_mode)),
            (ShardIds{{"Z1", "Z3"}, {"Z2", "Z4"}}));
}

TEST(TagStrategyDistributeMode, breaks_a_tie_of_zero_tag_load_by_the_tag_count_then_the_total) {
  std::vector<TestFile> suite{
      test_case("A1").tagged({"@a"}).estimate(500), test_case("Z1").tagged({"@z"}).estimate(0),
      test_case("Z2").tagged({"@z"}).estimate(0), test_case("Z3").tagged({"@z"}).estimate(0)};
  // @a -> 0. @z: Z1 -> 1 (less total), Z2 -> 0 (no @z test yet), Z3 -> 1 (less total).
  EXPECT_EQ(ids_by_shard(plan_with("tag", suite, 2, distribute_mode)),
            (ShardIds{{"A1", "Z2"}, {"Z1", "Z3"}}));
}

} // namespace
} // namespace shardline
