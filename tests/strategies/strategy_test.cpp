#include "strategies/saturating.hpp"
#include "strategies/strategy.hpp"

#include "strategy_variants.hpp"
#include "suite_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <string>

namespace shardline {
namespace {

using test_support::ids_by_shard;
using test_support::plan_with;
using test_support::shard_estimates;
using test_support::ShardIds;
using test_support::test_case;
using test_support::Variant;

constexpr auto max_ms = std::numeric_limits<std::int64_t>::max();

TEST(MakeStrategy, knows_the_five_strategies_in_documented_order) {
  const auto known = known_strategies();
  EXPECT_EQ(
      (std::vector<std::string_view>(known.begin(), known.end())),
      (std::vector<std::string_view>{"round-robin", "duration", "file", "tag", "fail-first"}));
  for (const auto name : known) {
    auto strategy = make_strategy(name);
    ASSERT_TRUE(strategy) << strategy.error().to_string();
    EXPECT_EQ((*strategy)->name(), name);
  }
}

TEST(MakeStrategy, makes_round_robin_for_an_empty_name) {
  auto strategy = make_strategy("");
  ASSERT_TRUE(strategy);
  EXPECT_EQ((*strategy)->name(), "round-robin");
}

TEST(MakeStrategy, rejects_an_unknown_name_listing_the_known_ones) {
  auto strategy = make_strategy("fastest");
  ASSERT_FALSE(strategy);
  EXPECT_EQ(
      strategy.error(),
      (Error{"strategy",
             "unknown strategy \"fastest\"; known: round-robin, duration, file, tag, fail-first"}));
}

// -- behaviour every strategy shares -----------------------------------------

class EveryStrategy : public ::testing::TestWithParam<Variant> {
protected:
  std::vector<TestAllocation> plan(std::vector<TestFile> tests, int worker_count) const {
    return plan_with(GetParam().strategy, std::move(tests), worker_count,
                     StrategyOptions{GetParam().tag_mode});
  }

  Result<std::vector<TestAllocation>> distribute(std::vector<TestFile> tests,
                                                 int worker_count) const {
    return (*make_strategy(GetParam().strategy))
        ->distribute(std::move(tests), worker_count, StrategyOptions{GetParam().tag_mode});
  }
};

TEST_P(EveryStrategy, rejects_zero_workers) {
  auto allocations = distribute({test_case("A")}, 0);
  ASSERT_FALSE(allocations);
  EXPECT_EQ(allocations.error(), (Error{"workerCount", "must be between 1 and 10000"}));
}

TEST_P(EveryStrategy, rejects_more_than_the_maximum_worker_count) {
  auto allocations = distribute({test_case("A")}, max_worker_count + 1);
  ASSERT_FALSE(allocations);
  EXPECT_EQ(allocations.error(), (Error{"workerCount", "must be between 1 and 10000"}));
}

TEST_P(EveryStrategy, accepts_the_maximum_worker_count) {
  auto allocations = distribute({test_case("A")}, max_worker_count);
  ASSERT_TRUE(allocations);
  EXPECT_EQ(allocations->size(), static_cast<std::size_t>(max_worker_count));
}

TEST_P(EveryStrategy, gives_every_worker_an_empty_allocation_for_an_empty_suite) {
  const auto allocations = plan({}, 3);
  ASSERT_EQ(allocations.size(), 3u);
  for (int shard = 0; shard < 3; ++shard) {
    EXPECT_EQ(allocations[shard].shard_index, shard);
    EXPECT_TRUE(allocations[shard].tests.empty());
    EXPECT_EQ(allocations[shard].estimated_duration_ms, 0);
  }
}

TEST_P(EveryStrategy, puts_a_single_test_on_the_first_of_eight_workers) {
  const auto allocations = plan({test_case("A").estimate(40)}, 8);
  EXPECT_EQ(ids_by_shard(allocations), (ShardIds{{"A"}, {}, {}, {}, {}, {}, {}, {}}));
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{40, 0, 0, 0, 0, 0, 0, 0}));
}

TEST_P(EveryStrategy, gives_each_test_its_own_shard_when_workers_outnumber_tests) {
  std::vector<TestFile> suite{test_case("A").in("a/1.spec.ts").tagged({"@1"}).estimate(30),
                              test_case("B").in("b/1.spec.ts").tagged({"@2"}).estimate(20),
                              test_case("C").in("c/1.spec.ts").tagged({"@3"}).estimate(10)};
  EXPECT_EQ(ids_by_shard(plan(suite, 5)), (ShardIds{{"A"}, {"B"}, {"C"}, {}, {}}));
}

TEST_P(EveryStrategy, counts_every_test_as_the_default_when_no_estimate_is_known) {
  std::vector<TestFile> suite{test_case("A"), test_case("B"), test_case("C"), test_case("D")};
  const auto allocations = plan(suite, 2);
  EXPECT_EQ(shard_estimates(allocations), (std::vector<std::int64_t>{2000, 2000}));
  for (const auto& allocation : allocations)
    for (const auto& test : allocation.tests)
      EXPECT_FALSE(test.estimated_duration_ms.has_value()) << test.id;
}

TEST_P(EveryStrategy, saturates_shard_estimates_near_int64_max) {
  std::vector<TestFile> suite{test_case("A").estimate(max_ms), test_case("B").estimate(max_ms - 1),
                              test_case("C").estimate(max_ms / 2), test_case("D"),
                              test_case("E").estimate(1)};
  // D counts as the mean of the middle estimates max_ms / 2 and max_ms - 1.
  const std::map<std::string, std::int64_t> effective{
      {"A", max_ms},
      {"B", max_ms - 1},
      {"C", max_ms / 2},
      {"D", max_ms / 2 + (max_ms - 1 - max_ms / 2) / 2},
      {"E", 1}};
  const auto allocations = plan(suite, 2);
  ASSERT_EQ(allocations.size(), 2u);
  std::int64_t makespan = 0;
  for (const auto& allocation : allocations) {
    std::int64_t expected = 0;
    for (const auto& test : allocation.tests)
      expected = saturating_add(expected, effective.at(test.id));
    EXPECT_EQ(allocation.estimated_duration_ms, expected) << "shard " << allocation.shard_index;
    makespan = std::max(makespan, allocation.estimated_duration_ms);
  }
  // Five tests on two shards: one shard holds two of the huge ones.
  EXPECT_EQ(makespan, max_ms);
}

INSTANTIATE_TEST_SUITE_P(Strategies, EveryStrategy, test_support::every_variant(),
                         test_support::variant_name);

} // namespace
} // namespace shardline
