#include "tools/duration_text.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace shardline::cli {
namespace {

TEST(DurationText, shows_milliseconds_below_a_second) {
  EXPECT_EQ(duration_text(0), "0ms");
  EXPECT_EQ(duration_text(999), "999ms");
}

TEST(DurationText, shows_tenths_of_seconds_below_a_minute) {
  EXPECT_EQ(duration_text(1000), "1.0s");
  EXPECT_EQ(duration_text(12345), "12.3s"); // truncated, never rounded up to the next unit
  EXPECT_EQ(duration_text(59999), "59.9s");
}

TEST(DurationText, shows_minutes_and_hours) {
  EXPECT_EQ(duration_text(60000), "1m 00s");
  EXPECT_EQ(duration_text(245000), "4m 05s");
  EXPECT_EQ(duration_text(7380000), "2h 03m");
}

TEST(DurationText, survives_the_extremes) {
  EXPECT_EQ(duration_text(INT64_MAX).back(), 'm');
  EXPECT_EQ(duration_text(INT64_MIN).front(), '-');
  EXPECT_EQ(duration_text(-1500), "-1.5s");
}

} // namespace
} // namespace shardline::cli
