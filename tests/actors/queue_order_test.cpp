#include "actors/queue_order.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

TestFile test(std::optional<std::int64_t> estimate, std::optional<TestStatus> last = {}) {
  TestFile file;
  file.estimated_duration_ms = estimate;
  file.last_result = last;
  return file;
}

TEST(QueueOrder, new_tests_move_to_the_front_in_plan_order) {
  std::vector<TestFile> tests{test(5000), test({}), test(3000), test({}), test(1000)};
  std::vector<std::uint64_t> queue{0, 1, 2, 3, 4};
  run_new_tests_first(queue, tests);
  EXPECT_EQ(queue, (std::vector<std::uint64_t>{1, 3, 0, 2, 4}));
}

TEST(QueueOrder, leading_failed_tests_stay_first) {
  std::vector<TestFile> tests{test(9000, TestStatus::failed), test(1000, TestStatus::timed_out),
                              test(5000), test({})};
  std::vector<std::uint64_t> queue{0, 1, 2, 3};
  run_new_tests_first(queue, tests);
  EXPECT_EQ(queue, (std::vector<std::uint64_t>{0, 1, 3, 2}));
}

TEST(QueueOrder, a_queue_without_new_tests_is_unchanged) {
  std::vector<TestFile> tests{test(3000), test(2000, TestStatus::failed), test(1000)};
  std::vector<std::uint64_t> queue{2, 0, 1};
  run_new_tests_first(queue, tests);
  EXPECT_EQ(queue, (std::vector<std::uint64_t>{2, 0, 1}));
}

TEST(QueueOrder, a_unit_moves_whole_when_one_of_its_tests_is_new) {
  // Tests 1 and 2 are one unit, test 2 is new: the unit goes first, in order.
  std::vector<TestFile> tests{test(5000), test(3000), test({}), test(1000)};
  std::vector<std::uint32_t> units{0, 1, 1, 3};
  std::vector<std::uint64_t> queue{0, 1, 2, 3};
  run_new_tests_first(queue, tests, units);
  EXPECT_EQ(queue, (std::vector<std::uint64_t>{1, 2, 0, 3}));
}

TEST(QueueOrder, a_unit_with_a_test_that_failed_last_time_stays_first) {
  std::vector<TestFile> tests{test(5000), test(3000, TestStatus::failed), test({})};
  std::vector<std::uint32_t> units{0, 0, 2};
  std::vector<std::uint64_t> queue{0, 1, 2};
  run_new_tests_first(queue, tests, units);
  EXPECT_EQ(queue, (std::vector<std::uint64_t>{0, 1, 2}));
}

} // namespace
} // namespace shardline
