#include "tools/duration_text.hpp"

#include <cstdint>
#include <cstdio>

namespace shardline::cli {

std::string duration_text(std::int64_t ms) {
  // Magnitude as unsigned: -INT64_MIN does not fit an int64.
  const char* sign = ms < 0 ? "-" : "";
  auto abs =
      ms < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(ms) : static_cast<std::uint64_t>(ms);
  auto u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
  char text[64];
  if (abs < 1000)
    std::snprintf(text, sizeof text, "%s%llums", sign, u(abs));
  else if (abs < 60'000)
    std::snprintf(text, sizeof text, "%s%llu.%llus", sign, u(abs / 1000), u(abs / 100 % 10));
  else if (abs < 3'600'000)
    std::snprintf(text, sizeof text, "%s%llum %02llus", sign, u(abs / 60'000), u(abs / 1000 % 60));
  else
    std::snprintf(text, sizeof text, "%s%lluh %02llum", sign, u(abs / 3'600'000),
                  u(abs / 60'000 % 60));
  return text;
}

} // namespace shardline::cli
