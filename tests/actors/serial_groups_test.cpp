// The serial groups of a suite: which tests a retry of one of them reruns.

#include "actors/serial_groups.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shardline {
namespace {

// Tests t0..t(n-1); groups[i] is test i's serial group.
std::vector<TestFile> suite_of(const std::vector<std::string>& groups) {
  std::vector<TestFile> tests;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    TestFile test;
    test.id = std::to_string(i);
    test.id.insert(0, 1, 't'); // (GCC 12 warns falsely of "t" + ... at -O3)
    test.path = "t.spec.ts";
    test.serial_group = groups[i];
    tests.push_back(test);
  }
  return tests;
}

TEST(SerialGroups, a_suite_without_any_has_none) {
  SerialGroups groups(suite_of({"", "", ""}));
  EXPECT_EQ(groups.size(), 0U);
  EXPECT_FALSE(groups.group_of(1));
}

TEST(SerialGroups, each_group_holds_its_tests_in_the_suites_order) {
  SerialGroups groups(suite_of({"a", "", "b", "a", "b", "a"}));
  ASSERT_EQ(groups.size(), 2U);
  ASSERT_TRUE(groups.group_of(3));
  EXPECT_EQ(groups.members(*groups.group_of(3)), (std::vector<std::size_t>{0, 3, 5}));
  EXPECT_EQ(groups.members(*groups.group_of(2)), (std::vector<std::size_t>{2, 4}));
  EXPECT_FALSE(groups.group_of(1));
}

TEST(SerialGroups, a_group_of_one_test_is_no_group) {
  SerialGroups groups(suite_of({"alone", "pair", "pair"}));
  EXPECT_EQ(groups.size(), 1U);
  EXPECT_FALSE(groups.group_of(0));
  EXPECT_TRUE(groups.group_of(1));
}

TEST(SerialGroups, an_index_beyond_the_suite_is_in_none) {
  SerialGroups groups(suite_of({"a", "a"}));
  EXPECT_FALSE(groups.group_of(7));
}

} // namespace
} // namespace shardline
