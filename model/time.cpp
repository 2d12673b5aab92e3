#include "model/time.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace shardline {

namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::sys_days;

// The format has four year digits; times outside it are clamped rather than
// printed as something the parser would refuse.
constexpr TimePoint earliest_formattable{sys_days{std::chrono::year{0} / 1 / 1}};
constexpr TimePoint latest_formattable{sys_days{std::chrono::year{10000} / 1 / 1} -
                                       milliseconds{1}};

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `count` digits at `pos`; no sign, no spaces, no locale.
bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size())
    return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i]))
      return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

bool is_at(std::string_view text, std::size_t pos, char c) {
  return pos < text.size() && text[pos] == c;
}

} // namespace

std::string format_time(TimePoint time) {
  time = std::clamp(time, earliest_formattable, latest_formattable);
  // floor, not truncation, so times before 1970 land on the right day.
  auto day = std::chrono::floor<days>(time);
  std::chrono::year_month_day date{day};
  auto ms = (time - day).count();
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), static_cast<int>(ms / 3'600'000),
                static_cast<int>(ms / 60'000 % 60), static_cast<int>(ms / 1000 % 60),
                static_cast<int>(ms % 1000));
  return text;
}

std::optional<TimePoint> parse_time(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fffffffff]Z
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, 0, 4, year) || !is_at(text, 4, '-') || !read_digits(text, 5, 2, month) ||
      !is_at(text, 7, '-') || !read_digits(text, 8, 2, day) || !is_at(text, 10, 'T') ||
      !read_digits(text, 11, 2, hour) || !is_at(text, 13, ':') ||
      !read_digits(text, 14, 2, minute) || !is_at(text, 16, ':') ||
      !read_digits(text, 17, 2, second))
    return std::nullopt;

  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (is_at(text, pos, '.')) {
    auto first = ++pos;
    while (pos < text.size() && is_digit(text[pos])) {
      if (pos - first < 3)
        millis = millis * 10 + (text[pos] - '0');
      ++pos;
    }
    auto digits = pos - first;
    if (digits < 1 || digits > 9)
      return std::nullopt;
    for (auto i = digits; i < 3; ++i)
      millis *= 10;
  }
  if (pos + 1 != text.size() || text[pos] != 'Z')
    return std::nullopt;

  std::chrono::year_month_day date{std::chrono::year{year},
                                   std::chrono::month{static_cast<unsigned>(month)},
                                   std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59)
    return std::nullopt;
  return TimePoint{sys_days{date}} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second} + milliseconds{millis};
}

} // namespace shardline
