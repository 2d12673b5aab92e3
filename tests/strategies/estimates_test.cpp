#include "strategies/estimates.hpp"
#include "strategies/saturating.hpp"

#include "suite_builder.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace shardline {
namespace {

using test_support::test_case;

constexpr auto max_ms = std::numeric_limits<std::int64_t>::max();
constexpr auto min_ms = std::numeric_limits<std::int64_t>::min();

TEST(SaturatingAdd, adds_when_the_sum_fits) {
  EXPECT_EQ(saturating_add(2, 3), 5);
}

TEST(SaturatingAdd, clamps_at_the_int64_limits_instead_of_wrapping) {
  EXPECT_EQ(saturating_add(max_ms, 1), max_ms);
  EXPECT_EQ(saturating_add(max_ms - 1, max_ms - 1), max_ms);
  EXPECT_EQ(saturating_add(min_ms, -1), min_ms);
}

TEST(EffectiveEstimates, keeps_known_estimates_in_input_order) {
  std::vector<TestFile> suite{test_case("A").estimate(30), test_case("B").estimate(10),
                              test_case("C").estimate(20)};
  EXPECT_EQ(effective_estimates(suite), (std::vector<std::int64_t>{30, 10, 20}));
}

TEST(EffectiveEstimates, fills_a_missing_estimate_with_the_median_of_an_odd_count) {
  std::vector<TestFile> suite{test_case("A").estimate(300), test_case("B"),
                              test_case("C").estimate(100), test_case("D").estimate(200)};
  EXPECT_EQ(effective_estimates(suite), (std::vector<std::int64_t>{300, 200, 100, 200}));
}

TEST(EffectiveEstimates, averages_the_two_middle_estimates_of_an_even_count_rounding_down) {
  std::vector<TestFile> suite{test_case("A").estimate(400), test_case("B").estimate(1),
                              test_case("C").estimate(100), test_case("D").estimate(1000),
                              test_case("E")};
  EXPECT_EQ(fill_in_estimate(suite), 250);

  std::vector<TestFile> odd_sum{test_case("A").estimate(1), test_case("B").estimate(2)};
  EXPECT_EQ(fill_in_estimate(odd_sum), 1);
}

TEST(EffectiveEstimates, averages_middle_estimates_near_int64_max_without_overflow) {
  std::vector<TestFile> suite{test_case("A").estimate(max_ms), test_case("B").estimate(max_ms - 2),
                              test_case("C")};
  EXPECT_EQ(fill_in_estimate(suite), max_ms - 1);
}

TEST(EffectiveEstimates, uses_the_default_when_no_estimate_is_known) {
  EXPECT_EQ(default_estimate_ms, 1000);
  std::vector<TestFile> suite{test_case("A"), test_case("B")};
  EXPECT_EQ(effective_estimates(suite), (std::vector<std::int64_t>{1000, 1000}));
}

TEST(EffectiveEstimates, counts_a_negative_estimate_as_zero) {
  std::vector<TestFile> suite{test_case("A").estimate(-50), test_case("B").estimate(10)};
  EXPECT_EQ(effective_estimates(suite), (std::vector<std::int64_t>{0, 10}));
}

TEST(EffectiveEstimates, is_empty_for_an_empty_suite) {
  EXPECT_TRUE(effective_estimates(std::vector<TestFile>{}).empty());
}

} // namespace
} // namespace shardline
