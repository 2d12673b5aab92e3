#include "runners/output_tail.hpp"

#include <gtest/gtest.h>

#include <string>

namespace shardline {
namespace {

TEST(OutputTail, keeps_everything_below_the_limit) {
  OutputTail tail(16);
  tail.append("hello ");
  tail.append("world");

  EXPECT_EQ(tail.str(), "hello world");
  EXPECT_FALSE(tail.truncated());
}

TEST(OutputTail, keeps_only_the_last_bytes_of_many_small_writes) {
  OutputTail tail(8);
  for (char c = 'a'; c <= 'z'; ++c)
    tail.append(std::string(1, c));

  EXPECT_EQ(tail.str(), "stuvwxyz");
  EXPECT_TRUE(tail.truncated());
  EXPECT_EQ(tail.total_bytes(), 26U);
}

TEST(OutputTail, keeps_the_end_of_one_write_larger_than_the_limit) {
  OutputTail tail(4);
  tail.append("ab");
  tail.append("0123456789");

  EXPECT_EQ(tail.str(), "6789");
}

TEST(OutputTail, never_holds_more_than_twice_the_limit) {
  constexpr std::size_t limit = 1024;
  OutputTail tail(limit);
  std::string line(100, 'x');
  for (int i = 0; i < 10000; ++i)
    tail.append(line);

  EXPECT_EQ(tail.str().size(), limit);
  EXPECT_EQ(tail.total_bytes(), 10000U * line.size());
}

TEST(OutputTail, starts_at_a_whole_character_after_dropping_output) {
  OutputTail tail(3);
  tail.append("\xC3\xA9\xC3\xA9"); // "éé": the last three bytes begin inside the first é

  EXPECT_EQ(tail.str(), "\xC3\xA9");
}

TEST(OutputTail, a_zero_limit_counts_but_keeps_nothing) {
  OutputTail tail(0);
  tail.append("abc");

  EXPECT_EQ(tail.str(), "");
  EXPECT_TRUE(tail.truncated());
}

} // namespace
} // namespace shardline
