#include "actors/batch_policy.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

std::deque<std::uint64_t> all(const std::vector<std::int64_t>& estimates) {
  std::deque<std::uint64_t> queue;
  for (std::uint64_t i = 0; i < estimates.size(); ++i)
    queue.push_back(i);
  return queue;
}

TEST(BatchPolicy, the_command_runner_hands_out_one_test_at_a_time) {
  std::vector<std::int64_t> estimates{1000, 1000, 1000};
  EXPECT_EQ(batch_size(RunnerKind::command, all(estimates), estimates), 1u);
}

TEST(BatchPolicy, an_empty_queue_gives_nothing) {
  std::vector<std::int64_t> estimates;
  EXPECT_EQ(batch_size(RunnerKind::playwright, {}, estimates), 0u);
}

TEST(BatchPolicy, a_short_playwright_queue_goes_in_one_start_up) {
  std::vector<std::int64_t> estimates(10, 2000); // 20 s in all
  EXPECT_EQ(batch_size(RunnerKind::playwright, all(estimates), estimates), 10u);
}

TEST(BatchPolicy, a_long_playwright_queue_is_halved_so_its_tail_stays_stealable) {
  std::vector<std::int64_t> estimates(100, 2000); // 200 s: half is 100 s, 50 tests
  EXPECT_EQ(batch_size(RunnerKind::playwright, all(estimates), estimates), 50u);
}

TEST(BatchPolicy, a_batch_is_at_least_the_minimum_of_work) {
  std::vector<std::int64_t> estimates(40, 1000); // 40 s: half is 20 s, the minimum 30 s
  EXPECT_EQ(batch_size(RunnerKind::playwright, all(estimates), estimates), 30u);
}

TEST(BatchPolicy, one_huge_test_is_a_batch_of_its_own) {
  std::vector<std::int64_t> estimates{INT64_MAX, 5, 5};
  EXPECT_EQ(batch_size(RunnerKind::playwright, all(estimates), estimates), 1u);
}

// -- units ----------------------------------------------------------------------

TEST(BatchPolicy, a_batch_ends_where_a_unit_ends) {
  // 40 tests of 1 s: the batch would stop at 30; tests 25..34 are one unit.
  std::vector<std::int64_t> estimates(40, 1000);
  std::vector<std::uint32_t> units(40);
  for (std::uint32_t i = 0; i < 40; ++i)
    units[i] = i >= 25 && i < 35 ? 25 : i;
  EXPECT_EQ(batch_size(RunnerKind::playwright, all(estimates), estimates, units), 35u);
}

TEST(BatchPolicy, the_command_runner_hands_out_a_unit_whole) {
  std::vector<std::int64_t> estimates{1000, 1000, 1000, 1000};
  std::vector<std::uint32_t> units{0, 0, 0, 1};
  EXPECT_EQ(batch_size(RunnerKind::command, all(estimates), estimates, units), 3u);
}

TEST(BatchPolicy, a_thief_takes_about_half_the_work_from_the_tail) {
  std::vector<std::int64_t> estimates(10, 1000);
  EXPECT_EQ(steal_size(all(estimates), estimates), 5u);
}

TEST(BatchPolicy, a_thief_takes_the_whole_unit_at_the_cut) {
  // Half is 5 tests, but tests 3..6 are one unit: the thief takes 7.
  std::vector<std::int64_t> estimates(10, 1000);
  std::vector<std::uint32_t> units{0, 1, 2, 3, 3, 3, 3, 7, 8, 9};
  EXPECT_EQ(steal_size(all(estimates), estimates, units), 7u);
}

TEST(BatchPolicy, a_queue_that_is_one_unit_is_taken_whole_or_not_at_all) {
  std::vector<std::int64_t> estimates(4, 1000);
  std::vector<std::uint32_t> units{0, 0, 0, 0};
  EXPECT_EQ(steal_size(all(estimates), estimates, units), 4u);
}

} // namespace
} // namespace shardline
