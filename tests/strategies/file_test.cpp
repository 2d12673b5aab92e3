#include "strategies/groups.hpp"

#include "random_suite.hpp"
#include "suite_builder.hpp"

#include <gtest/gtest.h>

#include <string>

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
  // Fair share 700 / 3 = 233: the cuts aim at 233 and 200 + 233 and land on the nearest
  // boundaries, 200 and 400, which are between files.
  const auto allocations = plan_with("file", suite, 3);
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"B1", "B2", "S"}, {"B3", "B4"}, {"B5", "B6"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{300, 200, 200}));
}

TEST(FileStrategy, cuts_a_folder_of_one_giant_file_between_its_tests) {
  std::vector<TestFile> suite;
  for (int test = 1; test <= 8; ++test)
    suite.push_back(
        test_case(test_support::numbered("T", test)).in("one/huge.spec.ts").estimate(100));
  const auto allocations = plan_with("file", suite, 4);
  EXPECT_EQ(ids_by_shard(allocations),
            (ShardIds{{"T1", "T2"}, {"T3", "T4"}, {"T5", "T6"}, {"T7", "T8"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{200, 200, 200, 200}));
}

TEST(FileStrategy, keeps_light_files_whole_near_a_cut_and_cuts_a_giant_file_into_fair_shares) {
  std::vector<TestFile> suite{test_case("A").in("mix/a.spec.ts").estimate(980)};
  for (int test = 1; test <= 10; ++test)
    suite.push_back(test_case(test_support::numbered("B", test)).in("mix/b.spec.ts").estimate(250));
  suite.push_back(test_case("C1").in("mix/c.spec.ts").estimate(260));
  suite.push_back(test_case("C2").in("mix/c.spec.ts").estimate(260));
  suite.push_back(test_case("O").in("other/o.spec.ts").estimate(1000));
  // Fair share 5000 / 5 = 1000. The first cut moves 20 back to the end of a.spec.ts (within
  // 1000 / 16); b.spec.ts is cut where its tests reach 1000 more, twice; the rest (1020) is
  // within the slack of a fair share and stays whole.
  const auto allocations = plan_with("file", suite, 5);
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"B9", "B10", "C1", "C2"},
                                                 {"B1", "B2", "B3", "B4"},
                                                 {"B5", "B6", "B7", "B8"},
                                                 {"O"},
                                                 {"A"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{1020, 1000, 1000, 1000, 980}));
}

TEST(FileStrategy, cuts_inside_a_file_when_no_file_boundary_is_near_the_fair_share) {
  std::vector<TestFile> suite;
  for (const auto* file : {"X", "Y", "Z"})
    for (int test = 1; test <= 3; ++test)
      suite.push_back(test_case(test_support::numbered(file, test))
                          .in(std::string("f/") + file + ".spec.ts")
                          .estimate(100));
  suite.push_back(test_case("O").in("o/1.spec.ts").estimate(100));
  // Fair share 500; the file boundaries at 300 and 600 are too far from it.
  const auto allocations = plan_with("file", suite, 2);
  EXPECT_EQ(ids_by_shard(allocations),
            (ShardIds{{"X1", "X2", "X3", "Y1", "Y2"}, {"Y3", "Z1", "Z2", "Z3", "O"}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{500, 500}));
}

TEST(FileStrategy, cuts_a_split_folder_where_a_file_ends_at_the_fair_share) {
  std::vector<TestFile> suite{test_case("F1").in("f/1.spec.ts").estimate(300),
                              test_case("F2").in("f/2.spec.ts").estimate(100),
                              test_case("F3").in("f/3.spec.ts").estimate(100),
                              test_case("F4").in("f/4.spec.ts").estimate(100)};
  EXPECT_EQ(ids_by_shard(plan_with("file", suite, 2)), (ShardIds{{"F1"}, {"F2", "F3", "F4"}}));
}

TEST(FileStrategy, runs_two_chunks_of_a_folder_on_one_shard_as_one_block_in_input_order) {
  std::vector<TestFile> suite{test_case("A1").in("x/a.spec.ts").estimate(300),
                              test_case("B1").in("x/b.spec.ts").estimate(700),
                              test_case("Y1").in("y/1.spec.ts").estimate(800)};
  // x (1000) is cut into A1 and B1; LPT places Y1, then B1, then A1 beside B1.
  EXPECT_EQ(ids_by_shard(plan_with("file", suite, 2)), (ShardIds{{"Y1"}, {"A1", "B1"}}));
}

TEST(FileStrategy, never_splits_on_a_single_worker) {
  std::vector<TestFile> suite{test_case("A").in("a/1.spec.ts").estimate(10),
                              test_case("B").in("b/1.spec.ts").estimate(500),
                              test_case("A2").in("a/2.spec.ts").estimate(10)};
  EXPECT_EQ(ids_by_shard(plan_with("file", suite, 1)), (ShardIds{{"B", "A", "A2"}}));
}

} // namespace
} // namespace shardline
