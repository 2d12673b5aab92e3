#include "model/time.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace shardline {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

TimePoint at(year_month_day date, milliseconds time_of_day = 0ms) {
  return TimePoint{sys_days{date}} + time_of_day;
}

const TimePoint sample = at(2026y / 11 / 26, 16h + 31min + 1s + 123ms);

TEST(TimeText, formats_utc_with_milliseconds) {
  EXPECT_EQ(format_time(sample), "2026-11-26T16:31:01.123Z");
}

TEST(TimeText, formats_the_epoch) {
  EXPECT_EQ(format_time(TimePoint{}), "1970-01-01T00:00:00.000Z");
}

TEST(TimeText, formats_whole_seconds_with_three_zero_digits) {
  EXPECT_EQ(format_time(at(2024y / 2 / 29, 23h + 59min + 59s)), "2024-02-29T23:59:59.000Z");
}

TEST(TimeText, formats_a_time_before_1970_on_the_right_day) {
  EXPECT_EQ(format_time(TimePoint{-1ms}), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_time(at(1900y / 3 / 1, 1ms)), "1900-03-01T00:00:00.001Z");
}

TEST(TimeText, clamps_times_beyond_four_digit_years) {
  EXPECT_EQ(format_time(TimePoint::max()), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(format_time(TimePoint::min()), "0000-01-01T00:00:00.000Z");
}

TEST(TimeText, parses_what_it_formats) {
  for (auto time : {sample, TimePoint{}, TimePoint{-1ms}, at(2024y / 2 / 29, 12h), at(0y / 1 / 1),
                    at(9999y / 12 / 31, 23h + 59min + 59s + 999ms)}) {
    auto parsed = parse_time(format_time(time));
    ASSERT_TRUE(parsed) << format_time(time);
    EXPECT_EQ(*parsed, time) << format_time(time);
  }
}

TEST(TimeText, parses_a_time_without_fraction) {
  EXPECT_EQ(parse_time("2026-11-26T16:31:01Z"), at(2026y / 11 / 26, 16h + 31min + 1s));
}

TEST(TimeText, parses_one_to_nine_fraction_digits) {
  const auto second = at(2026y / 11 / 26, 16h + 31min + 1s);
  EXPECT_EQ(parse_time("2026-11-26T16:31:01.5Z"), second + 500ms);
  EXPECT_EQ(parse_time("2026-11-26T16:31:01.12Z"), second + 120ms);
  EXPECT_EQ(parse_time("2026-11-26T16:31:01.123Z"), second + 123ms);
  EXPECT_EQ(parse_time("2026-11-26T16:31:01.000000007Z"), second);
}

TEST(TimeText, parse_truncates_sub_millisecond_digits_instead_of_rounding) {
  const auto second = at(2026y / 11 / 26, 16h + 31min + 1s);
  EXPECT_EQ(parse_time("2026-11-26T16:31:01.1239Z"), second + 123ms);
  EXPECT_EQ(parse_time("2026-11-26T16:31:01.999999999Z"), second + 999ms);
}

TEST(TimeText, parse_rejects_impossible_dates_and_times) {
  EXPECT_FALSE(parse_time("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_time("2026-00-01T00:00:00Z"));
  EXPECT_FALSE(parse_time("2026-01-00T00:00:00Z"));
  EXPECT_FALSE(parse_time("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_time("2025-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_time("2026-04-31T00:00:00Z"));
  EXPECT_FALSE(parse_time("2026-01-01T24:00:00Z"));
  EXPECT_FALSE(parse_time("2026-01-01T00:60:00Z"));
  EXPECT_FALSE(parse_time("2026-01-01T00:00:60Z"));
}

TEST(TimeText, parse_rejects_other_shapes) {
  for (const char* text : {"",
                           "garbage",
                           "2026-11-26",
                           "2026-11-26T16:31:01", // no Z
                           "2026-11-26T16:31:01.123z",
                           "2026-11-26t16:31:01Z",
                           "2026-11-26 16:31:01Z",
                           "2026-11-26T16:31:01+00:00",
                           "2026-11-26T16:31:01.Z",
                           "2026-11-26T16:31:01.1234567890Z",
                           "2026-11-26T16:31:01.123ZZ",
                           " 2026-11-26T16:31:01Z",
                           "2026-11-26T16:31:01Z ",
                           "+2026-11-26T16:31:01Z",
                           "26-11-26T16:31:01Z",
                           "2026-1-26T16:31:01Z",
                           "2026-11-26T6:31:01Z",
                           "2026-11-26T16:31:1Z",
                           "2026-11-26T16:31:01.12a3Z",
                           "2026/11/26T16:31:01Z",
                           "2026-11-26T16-31-01Z",
                           "-026-11-26T16:31:01Z"}) {
    EXPECT_FALSE(parse_time(text)) << '"' << text << '"';
  }
}

TEST(TimeText, parse_does_not_read_past_a_view_without_terminator) {
  const std::string text = "2026-11-26T16:31:01.123Zjunk";
  EXPECT_EQ(parse_time(std::string_view(text).substr(0, 24)), sample);
  EXPECT_FALSE(parse_time(std::string_view(text).substr(0, 23)));
}

} // namespace
} // namespace shardline
