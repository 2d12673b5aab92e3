// The simple strategies checked against straightforward reference versions
// of their rules on seeded random suites.

#include "random_suite.hpp"
#include "suite_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace shardline {
namespace {

using test_support::ids_by_shard;
using test_support::plan_with;
using test_support::random_suite;
using test_support::reference_estimates;
using test_support::ShardIds;

constexpr int suites_per_property = 300;

// LPT written as plainly as possible: longest first (stable), each onto the
// least-loaded shard by a linear scan (first minimum = lowest index).
void plain_lpt(const std::vector<TestFile>& tests, const std::vector<std::int64_t>& estimates,
               std::vector<std::size_t> subset, std::vector<std::int64_t>& loads, ShardIds& ids) {
  std::stable_sort(subset.begin(), subset.end(),
                   [&](std::size_t a, std::size_t b) { return estimates[a] > estimates[b]; });
  for (const auto test : subset) {
    const auto shard =
        static_cast<std::size_t>(std::min_element(loads.begin(), loads.end()) - loads.begin());
    loads[shard] =
        loads[shard] > INT64_MAX - estimates[test] ? INT64_MAX : loads[shard] + estimates[test];
    ids[shard].push_back(tests[test].id);
  }
}

TEST(RoundRobinProperty, deals_tests_in_stable_priority_order_in_turn) {
  std::mt19937_64 rng(9);
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const auto suite = random_suite(rng);
    std::vector<TestFile> by_priority = suite.tests;
    std::stable_sort(by_priority.begin(), by_priority.end(),
                     [](const TestFile& a, const TestFile& b) { return a.priority > b.priority; });
    ShardIds expected(static_cast<std::size_t>(suite.worker_count));
    for (std::size_t turn = 0; turn < by_priority.size(); ++turn)
      expected[turn % expected.size()].push_back(by_priority[turn].id);
    EXPECT_EQ(ids_by_shard(plan_with("round-robin", suite.tests, suite.worker_count)), expected);
  }
}

TEST(DurationProperty, places_tests_exactly_like_a_plain_lpt) {
  std::mt19937_64 rng(10);
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const auto suite = random_suite(rng);
    std::vector<std::size_t> all(suite.tests.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    std::vector<std::int64_t> loads(static_cast<std::size_t>(suite.worker_count));
    ShardIds expected(loads.size());
    plain_lpt(suite.tests, reference_estimates(suite.tests), all, loads, expected);
    EXPECT_EQ(ids_by_shard(plan_with("duration", suite.tests, suite.worker_count)), expected);
  }
}

TEST(FailFirstProperty, places_failed_tests_then_the_rest_exactly_like_a_plain_lpt) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < suites_per_property; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    const auto suite = random_suite(rng);
    std::vector<std::size_t> failed;
    std::vector<std::size_t> rest;
    for (std::size_t test = 0; test < suite.tests.size(); ++test) {
      const auto& last = suite.tests[test].last_result;
      const bool failed_last_time = last == TestStatus::failed || last == TestStatus::timed_out;
      (failed_last_time ? failed : rest).push_back(test);
    }
    const auto estimates = reference_estimates(suite.tests);
    std::vector<std::int64_t> loads(static_cast<std::size_t>(suite.worker_count));
    ShardIds expected(loads.size());
    plain_lpt(suite.tests, estimates, failed, loads, expected);
    plain_lpt(suite.tests, estimates, rest, loads, expected);
    EXPECT_EQ(ids_by_shard(plan_with("fail-first", suite.tests, suite.worker_count)), expected);
  }
}

} // namespace
} // namespace shardline
