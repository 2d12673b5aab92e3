#include "suite_builder.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

using test_support::ids_by_shard;
using test_support::plan_with;
using test_support::shard_estimates;
using test_support::ShardIds;
using test_support::test_case;

TEST(FailFirstStrategy, spreads_failed_and_timed_out_tests_first_then_the_rest_from_their_loads) {
  std::vector<TestFile> suite{
      test_case("P1").estimate(500).last(TestStatus::passed),
      test_case("F1").estimate(100).last(TestStatus::failed),
      test_case("P2").estimate(400),
      test_case("T1").estimate(300).last(TestStatus::timed_out),
      test_case("F2").estimate(200).last(TestStatus::failed),
      test_case("S1").estimate(50).last(TestStatus::skipped),
  };
  const auto allocations = plan_with("fail-first", suite, 2);
  // Failed: T1(300) -> 0, F2(200) -> 1, F1(100) -> 1; loads 300/300.
  // Rest: P1(500) -> 0, P2(400) -> 1, S1(50) -> 1.
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"T1", "P1"}, {"F2", "F1", "P2", "S1"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{800, 750}));
}

TEST(FailFirstStrategy, runs_failed_tests_first_even_on_a_single_shard) {
  std::vector<TestFile> suite{test_case("P").estimate(900),
                              test_case("F").estimate(1).last(TestStatus::failed)};
  EXPECT_EQ(ids_by_shard(plan_with("fail-first", suite, 1)), (ShardIds{{"F", "P"}}));
}

TEST(FailFirstStrategy, plans_like_duration_when_nothing_failed) {
  std::vector<TestFile> suite{test_case("A").estimate(2), test_case("B").estimate(7),
                              test_case("C").estimate(4).last(TestStatus::passed),
                              test_case("D").estimate(5), test_case("E").estimate(3)};
  EXPECT_EQ(ids_by_shard(plan_with("fail-first", suite, 2)),
            ids_by_shard(plan_with("duration", suite, 2)));
}

} // namespace
} // namespace shardline
