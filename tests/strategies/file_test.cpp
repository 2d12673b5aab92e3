#include "strategies/groups.hpp"

#include "suite_builder.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

using test_support::ids_by_shard;
using test_support::plan_with;
using test_support::shard_estimates;
using test_support::ShardIds;
using test_support::test_case;

TEST(FolderOf, is_the_path_before_the_last_slash) {
  EXPECT_EQ(folder_of("e2e/auth/login.spec.ts"), "e2e/auth");
  EXPECT_EQ(folder_of("login.spec.ts"), "");
  EXPECT_EQ(folder_of("/login.spec.ts"), "");
}

TEST(FileStrategy, keeps_each_folder_together_in_input_order_and_places_folders_by_lpt) {
  std::vector<TestFile> suite{test_case("A1").in("a/x.spec.ts").estimate(100),
                              test_case("B1").in("b/y.spec.ts").estimate(300),
                              test_case("A2").in("a/z.spec.ts").estimate(200),
                              test_case("C1").in("c/w.spec.ts").estimate(250),
                              test_case("B2").in("b/y.spec.ts").estimate(50)};
  const auto allocations = plan_with("file", suite, 2);
  // Folders b(350) -> 0, a(300) -> 1, c(250) -> 1; none exceeds the fair share of 450.
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"B1", "B2"}, {"A1", "A2", "C1"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{350, 550}));
}

TEST(FileStrategy, treats_paths_without_a_slash_as_one_folder) {
  std::vector<TestFile> suite{test_case("A").in("one.spec.ts").estimate(5),
                              test_case("B").in("sub/two.spec.ts").estimate(10),
                              test_case("C").in("three.spec.ts").estimate(5)};
  EXPECT_EQ(ids_by_shard(plan_with("file", suite, 2)), (ShardIds{{"A", "C"}, {"B"}}));
}

TEST(FileStrategy, keeps_a_folder_exactly_at_the_fair_share_whole) {
  std::vector<TestFile> suite{test_case("X1").in("x/1.spec.ts").estimate(50),
                              test_case("X2").in("x/2.spec.ts").estimate(50),
                              test_case("X3").in("x/3.spec.ts").estimate(50),
                              test_case("Y1").in("y/1.spec.ts").estimate(150)};
  EXPECT_EQ(ids_by_shard(plan_with("file", suite, 2)), (ShardIds{{"X1", "X2", "X3"}, {"Y1"}}));
}

TEST(FileStrategy, splits_a_folder_heavier_than_the_fair_share_between_files) {
  std::vector<TestFile> suite{
      test_case("B1").in("big/1.spec.ts").estimate(100),
      test_case("B2").in("big/1.spec.ts").estimate(100),
      test_case("B3").in("big/2.spec.ts").estimate(100),
      test_case("B4").in("big/2.spec.ts").estimate(100),
      test_case("B5").in("big/3.spec.ts").estimate(100),
      test_case("B6").in("big/3.spec.ts").estimate(100),
      test_case("S").in("small/1.spec.ts").estimate(100),
  };
  // Fair share 700 / 3 = 233, so big (600) becomes ceil(600 / 233) = 3 chunks of one file each.
  const auto allocations = plan_with("file", suite, 3);
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"B1", "B2", "S"}, {"B3", "B4"}, {"B5", "B6"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{300, 200, 200}));
}

TEST(FileStrategy, splits_inside_a_file_when_the_folder_has_too_few_files) {
  std::vector<TestFile> suite{test_case("T1").in("one/a.spec.ts").estimate(100),
                              test_case("T2").in("one/a.spec.ts").estimate(100),
                              test_case("T3").in("one/a.spec.ts").estimate(100),
                              test_case("T4").in("one/a.spec.ts").estimate(100)};
  EXPECT_EQ(ids_by_shard(plan_with("file", suite, 2)), (ShardIds{{"T1", "T2"}, {"T3", "T4"}}));
}

TEST(FileStrategy, cuts_a_split_folder_where_the_chunk_weights_come_out_even) {
  std::vector<TestFile> suite{test_case("F1").in("f/1.spec.ts").estimate(300),
                              test_case("F2").in("f/2.spec.ts").estimate(100),
                              test_case("F3").in("f/3.spec.ts").estimate(100),
                              test_case("F4").in("f/4.spec.ts").estimate(100)};
  EXPECT_EQ(ids_by_shard(plan_with("file", suite, 2)), (ShardIds{{"F1"}, {"F2", "F3", "F4"}}));
}

TEST(FileStrategy, never_splits_on_a_single_worker) {
  std::vector<TestFile> suite{test_case("A").in("a/1.spec.ts").estimate(10),
                              test_case("B").in("b/1.spec.ts").estimate(500),
                              test_case("A2").in("a/2.spec.ts").estimate(10)};
  EXPECT_EQ(ids_by_shard(plan_with("file", suite, 1)), (ShardIds{{"B", "A", "A2"}}));
}

} // namespace
} // namespace shardline
