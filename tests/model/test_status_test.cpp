#include "model/test_status.hpp"

#include <gtest/gtest.h>

namespace shardline {
namespace {

TEST(TestStatusNames, uses_the_wire_names_of_the_api) {
  EXPECT_EQ(to_string(TestStatus::passed), "passed");
  EXPECT_EQ(to_string(TestStatus::failed), "failed");
  EXPECT_EQ(to_string(TestStatus::skipped), "skipped");
  EXPECT_EQ(to_string(TestStatus::timed_out), "timedOut");
}

TEST(TestStatusNames, parses_every_wire_name_back) {
  for (auto status :
       {TestStatus::passed, TestStatus::failed, TestStatus::skipped, TestStatus::timed_out})
    EXPECT_EQ(parse_test_status(to_string(status)), status);
}

TEST(TestStatusNames, rejects_the_cpp_spelling_and_other_case) {
  EXPECT_EQ(parse_test_status("timed_out"), std::nullopt);
  EXPECT_EQ(parse_test_status("Passed"), std::nullopt);
  EXPECT_EQ(parse_test_status(""), std::nullopt);
}

TEST(TestStatusNames, counts_timeouts_as_failures) {
  EXPECT_TRUE(is_failure(TestStatus::failed));
  EXPECT_TRUE(is_failure(TestStatus::timed_out));
  EXPECT_FALSE(is_failure(TestStatus::passed));
  EXPECT_FALSE(is_failure(TestStatus::skipped));
}

} // namespace
} // namespace shardline
