#include "tools/duration_text.hpp"

#include <cstdio>

namespace shardline::cli {

std::string duration_text(std::int64_t ms) {
  char text[48];
  if (ms < 0)
    return "-" + duration_text(ms == INT64_MIN ? INT64_MAX : -ms);
  if (ms < 1000)
    std::snprintf(text, sizeof text, "%lldms", static_cast<long long>(ms));
  else if (ms < 60'000)
    std::snprintf(text, sizeof text, "%.1fs", static_cast<double>(ms / 100) / 10.0);
  else if (ms < 3'600'000)
    std::snprintf(text, sizeof text, "%lldm %02llds", static_cast<long long>(ms / 60'000),
                  static_cast<long long>(ms / 1000 % 60));
  else
    std::snprintf(text, sizeof text, "%lldh %02lldm", static_cast<long long>(ms / 3'600'000),
                  static_cast<long long>(ms / 60'000 % 60));
  return text;
}

} // namespace shardline::cli
