#include "http/log_throttle.hpp"

namespace shardline::http {

std::optional<std::size_t> LogThrottle::admit(clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (last_ && now - *last_ < interval_) {
    ++held_;
    if (tally_)
      tally_->fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  last_ = now;
  auto held = held_;
  held_ = 0;
  return held;
}

std::string LogThrottle::held_back(std::size_t count) {
  if (count == 0)
    return {};
  return " (and " + std::to_string(count) + " more like it held back)";
}

} // namespace shardline::http
