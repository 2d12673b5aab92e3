#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace shardline {

/// A Prometheus histogram of durations with fixed buckets. observe() is
/// lock-free (relaxed atomics), so actors call it on their hot path; any
/// thread may read or render it meanwhile.
class LatencyHistogram {
public:
  /// `bounds`: the buckets' upper bounds in seconds, ascending; the +Inf
  /// bucket is implied.
  explicit LatencyHistogram(std::vector<double> bounds);

  void observe(std::chrono::nanoseconds duration);

  struct Counts {
    std::vector<std::uint64_t> cumulative; // per bound, then +Inf
    double sum_seconds = 0;
    std::uint64_t count = 0; // == cumulative.back()
  };
  Counts read() const;

  const std::vector<double>& bounds() const { return bounds_; }

  /// `# HELP`, `# TYPE name histogram`, the cumulative `name_bucket{le=...}`
  /// lines ending with `+Inf`, `name_sum` and `name_count`.
  std::string render(std::string_view name, std::string_view help) const;

private:
  std::vector<double> bounds_;
  std::vector<std::int64_t> bound_ns_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_; // not cumulative; +Inf last
  std::atomic<std::uint64_t> sum_ns_{0};
};

/// A number as Prometheus reads it: the shortest text that reads back the
/// same double (`0.005`, `1`, `2.5`).
std::string prometheus_number(double value);

} // namespace shardline
