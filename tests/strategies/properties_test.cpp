// Properties every strategy keeps, checked on seeded random suites.

#include "strategies/saturating.hpp"

#include "random_suite.hpp"
#include "strategy_variants.hpp"
#include "suite_builder.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>

namespace shardline {
namespace {

using test_support::random_suite;
using test_support::reference_estimates;
using test_support::Variant;

constexpr int suites_per_property = 300;

class StrategyProperty : public ::testing::TestWithParam<Variant> {
protected:
  std::vector<TestAllocation> plan(const test_support::RandomSuite& suite) const {
    return test_support::plan_with(GetParam().strategy, suite.tests, suite.worker_count,
                                   StrategyOptions{GetParam().tag_mode});
  }
};

TEST_P(StrategyProperty, places_every_test_exactly_once_and_unchanged) {
  std::mt19937_64 rng(1);
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const auto suite = random_suite(rng);
    const auto allocations = plan(suite);

    ASSERT_EQ(allocations.size(), static_cast<std::size_t>(suite.worker_count));
    std::map<std::string, const TestFile*> input;
    for (const auto& test : suite.tests)
      input[test.id] = &test;
    std::set<std::string> seen;
    for (std::size_t shard = 0; shard < allocations.size(); ++shard) {
      EXPECT_EQ(allocations[shard].shard_index, static_cast<int>(shard));
      for (const auto& test : allocations[shard].tests) {
        EXPECT_TRUE(seen.insert(test.id).second) << test.id << " placed twice";
        const auto original = input.find(test.id);
        ASSERT_NE(original, input.end()) << test.id << " was not in the suite";
        EXPECT_EQ(test, *original->second) << test.id << " changed";
      }
    }
    EXPECT_EQ(seen.size(), suite.tests.size());
  }
}

TEST_P(StrategyProperty, plans_the_same_suite_the_same_way_every_time) {
  std::mt19937_64 rng(2);
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const auto suite = random_suite(rng);
    EXPECT_EQ(plan(suite), plan(suite));
  }
}

TEST_P(StrategyProperty, estimates_each_shard_as_the_sum_of_its_effective_estimates) {
  std::mt19937_64 rng(3);
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const auto suite = random_suite(rng);
    const auto estimates = reference_estimates(suite.tests);
    std::map<std::string, std::int64_t> estimate_of;
    for (std::size_t test = 0; test < suite.tests.size(); ++test)
      estimate_of[suite.tests[test].id] = estimates[test];

    for (const auto& allocation : plan(suite)) {
      std::int64_t expected = 0;
      for (const auto& test : allocation.tests)
        expected = saturating_add(expected, estimate_of.at(test.id));
      EXPECT_EQ(allocation.estimated_duration_ms, expected) << "shard " << allocation.shard_index;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Strategies, StrategyProperty, test_support::every_variant(),
                         test_support::variant_name);

} // namespace
} // namespace shardline
