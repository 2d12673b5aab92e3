#include "strategies/preview.hpp"

#include "suite_builder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace shardline {
namespace {

using test_support::ids_by_shard;
using test_support::ShardIds;
using test_support::test_case;

constexpr auto max_ms = std::numeric_limits<std::int64_t>::max();

Preview preview_of(std::vector<TestFile> tests, std::string strategy, int workers,
                   TagMode tag_mode = TagMode::group) {
  auto planned = preview(PreviewRequest{std::move(tests), std::move(strategy), workers, tag_mode});
  if (!planned) {
    ADD_FAILURE() << planned.error().to_string();
    return {};
  }
  return std::move(*planned);
}

TEST(Preview, reports_the_makespan_lower_bound_and_their_ratio) {
  std::vector<TestFile> suite{test_case("A").estimate(5), test_case("B").estimate(5),
                              test_case("C").estimate(5)};
  const auto planned = preview_of(suite, "duration", 2);
  EXPECT_EQ(ids_by_shard(planned.allocations), (ShardIds{{"A", "C"}, {"B"}}));
  EXPECT_EQ(planned.estimated_makespan_ms, 10);
  EXPECT_EQ(planned.lower_bound_ms, 8); // ceil(15 / 2)
  EXPECT_DOUBLE_EQ(planned.ratio, 1.25);
}

TEST(Preview, takes_the_longest_test_as_lower_bound_when_it_exceeds_the_even_split) {
  std::vector<TestFile> suite{test_case("A").estimate(100), test_case("B").estimate(1),
                              test_case("C").estimate(1)};
  const auto planned = preview_of(suite, "round-robin", 3);
  EXPECT_EQ(planned.lower_bound_ms, 100);
  EXPECT_EQ(planned.estimated_makespan_ms, 100);
  EXPECT_DOUBLE_EQ(planned.ratio, 1.0);
}

TEST(Preview, counts_missing_estimates_as_the_median_in_the_lower_bound) {
  std::vector<TestFile> suite{test_case("A").estimate(10), test_case("B"),
                              test_case("C").estimate(30)};
  // B counts 20: total 60 on one worker.
  EXPECT_EQ(preview_of(suite, "duration", 1).lower_bound_ms, 60);
}

TEST(Preview, has_ratio_one_when_the_lower_bound_is_zero) {
  const auto empty = preview_of({}, "duration", 4);
  EXPECT_EQ(empty.allocations.size(), 4u);
  EXPECT_EQ(empty.estimated_makespan_ms, 0);
  EXPECT_EQ(empty.lower_bound_ms, 0);
  EXPECT_DOUBLE_EQ(empty.ratio, 1.0);

  const auto instant =
      preview_of({test_case("A").estimate(0), test_case("B").estimate(0)}, "duration", 2);
  EXPECT_EQ(instant.lower_bound_ms, 0);
  EXPECT_DOUBLE_EQ(instant.ratio, 1.0);
}

TEST(Preview, stays_sane_with_estimates_near_int64_max) {
  std::vector<TestFile> suite{test_case("A").estimate(max_ms), test_case("B").estimate(max_ms),
                              test_case("C").estimate(max_ms - 1), test_case("D")};
  const auto planned = preview_of(suite, "duration", 3);
  EXPECT_EQ(planned.estimated_makespan_ms, max_ms);
  EXPECT_EQ(planned.lower_bound_ms, max_ms);
  EXPECT_DOUBLE_EQ(planned.ratio, 1.0);
}

TEST(Preview, rounds_the_even_split_up) {
  std::vector<TestFile> suite{test_case("A").estimate(2), test_case("B").estimate(2),
                              test_case("C").estimate(3)};
  const auto planned = preview_of(suite, "duration", 2);
  EXPECT_EQ(planned.lower_bound_ms, 4); // ceil(7 / 2)
  EXPECT_EQ(planned.estimated_makespan_ms, 4);
}

TEST(Preview, keeps_the_ratio_finite_when_the_total_saturates) {
  std::vector<TestFile> suite{test_case("A").estimate(max_ms / 2 + 1),
                              test_case("B").estimate(max_ms / 2 + 1)};
  const auto planned = preview_of(suite, "duration", 3);
  EXPECT_EQ(planned.estimated_makespan_ms, max_ms / 2 + 1);
  EXPECT_EQ(planned.lower_bound_ms, max_ms / 2 + 1);
  EXPECT_TRUE(std::isfinite(planned.ratio));
  EXPECT_DOUBLE_EQ(planned.ratio, 1.0);
}

TEST(Preview, uses_round_robin_when_no_strategy_is_named) {
  std::vector<TestFile> suite{test_case("A").estimate(1), test_case("B").estimate(9),
                              test_case("C").estimate(1)};
  EXPECT_EQ(ids_by_shard(preview_of(suite, "", 2).allocations), (ShardIds{{"A", "C"}, {"B"}}));
}

TEST(Preview, passes_an_unknown_strategy_error_through) {
  auto planned = preview(PreviewRequest{{test_case("A")}, "random", 2, TagMode::group});
  ASSERT_FALSE(planned);
  EXPECT_EQ(planned.error().field, "strategy");
}

TEST(Preview, passes_a_worker_count_error_through) {
  auto planned = preview(PreviewRequest{{test_case("A")}, "duration", 0, TagMode::group});
  ASSERT_FALSE(planned);
  EXPECT_EQ(planned.error(), (Error{"workerCount", "must be between 1 and 10000"}));
}

TEST(Preview, reports_folders_that_strategy_file_split_sorted_by_name) {
  std::vector<TestFile> suite{test_case("Z1").in("zeta/1.spec.ts").estimate(150),
                              test_case("Z2").in("zeta/2.spec.ts").estimate(150),
                              test_case("A1").in("alpha/1.spec.ts").estimate(150),
                              test_case("A2").in("alpha/2.spec.ts").estimate(150)};
  // Fair share 200: each folder (300) is cut into two chunks.
  const auto planned = preview_of(suite, "file", 3);
  EXPECT_EQ(ids_by_shard(planned.allocations), (ShardIds{{"Z1", "A2"}, {"Z2"}, {"A1"}}));
  EXPECT_EQ(planned.split_groups, (std::vector<SplitGroup>{{"alpha", {0, 2}}, {"zeta", {0, 1}}}));
}

TEST(Preview, reports_no_split_when_every_folder_fits_on_one_shard) {
  std::vector<TestFile> suite{test_case("A").in("a/1.spec.ts").estimate(10),
                              test_case("B").in("b/1.spec.ts").estimate(10)};
  EXPECT_TRUE(preview_of(suite, "file", 2).split_groups.empty());
}

TEST(Preview, reports_tags_that_strategy_tag_spread_in_group_mode) {
  std::vector<TestFile> suite{test_case("H1").tagged({"@heavy"}).estimate(100),
                              test_case("H2").tagged({"@heavy"}).estimate(100),
                              test_case("L1").tagged({"@light"}).estimate(50),
                              test_case("U").estimate(50)};
  const auto planned = preview_of(suite, "tag", 2, TagMode::group);
  EXPECT_EQ(planned.split_groups, (std::vector<SplitGroup>{{"@heavy", {0, 1}}}));
}

TEST(Preview, reports_no_split_groups_for_tag_distribute_mode) {
  std::vector<TestFile> suite{test_case("H1").tagged({"@heavy"}).estimate(100),
                              test_case("H2").tagged({"@heavy"}).estimate(100)};
  const auto planned = preview_of(suite, "tag", 2, TagMode::distribute);
  EXPECT_EQ(ids_by_shard(planned.allocations), (ShardIds{{"H1"}, {"H2"}}));
  EXPECT_TRUE(planned.split_groups.empty());
}

TEST(Preview, reports_no_split_groups_for_strategies_without_groups) {
  std::vector<TestFile> suite{test_case("A").in("a/1.spec.ts").estimate(100),
                              test_case("B").in("a/2.spec.ts").estimate(100)};
  const auto planned = preview_of(suite, "duration", 2);
  EXPECT_EQ(ids_by_shard(planned.allocations), (ShardIds{{"A"}, {"B"}}));
  EXPECT_TRUE(planned.split_groups.empty());
}

} // namespace
} // namespace shardline
