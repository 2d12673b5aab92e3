#include "actors/latency_histogram.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace shardline {

LatencyHistogram::LatencyHistogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  std::sort(bounds_.begin(), bounds_.end());
  for (auto bound : bounds_)
    bound_ns_.push_back(std::llround(bound * 1e9));
}

void LatencyHistogram::observe(std::chrono::nanoseconds duration) {
  auto ns = std::max<std::int64_t>(duration.count(), 0);
  // The first bucket whose bound is >= the value (`le`: less or equal).
  auto bucket = std::lower_bound(bound_ns_.begin(), bound_ns_.end(), ns) - bound_ns_.begin();
  buckets_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<std::uint64_t>(ns), std::memory_order_relaxed);
}

LatencyHistogram::Counts LatencyHistogram::read() const {
  Counts counts;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    counts.cumulative.push_back(running);
  }
  counts.count = running; // from the buckets, so +Inf and _count always agree
  counts.sum_seconds = static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9;
  return counts;
}

std::string LatencyHistogram::render(std::string_view name, std::string_view help) const {
  auto counts = read();
  std::string out;
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" histogram\n");
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    auto le = i < bounds_.size() ? prometheus_number(bounds_[i]) : std::string{"+Inf"};
    out.append(name).append("_bucket{le=\"").append(le).append("\"} ");
    out.append(std::to_string(counts.cumulative[i])).append("\n");
  }
  out.append(name).append("_sum ").append(prometheus_number(counts.sum_seconds)).append("\n");
  out.append(name).append("_count ").append(std::to_string(counts.count)).append("\n");
  return out;
}

std::string prometheus_number(double value) {
  char text[32];
  auto [end, error] = std::to_chars(std::begin(text), std::end(text), value);
  return error == std::errc{} ? std::string(text, end) : std::string{"NaN"};
}

} // namespace shardline
