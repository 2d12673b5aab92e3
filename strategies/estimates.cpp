#include "strategies/estimates.hpp"

#include <algorithm>

namespace shardline {

namespace {

std::int64_t known_estimate(const TestFile& test) {
  return std::max<std::int64_t>(*test.estimated_duration_ms, 0);
}

} // namespace

std::int64_t fill_in_estimate(std::span<const TestFile> tests) {
  std::vector<std::int64_t> known;
  for (const auto& test : tests)
    if (test.estimated_duration_ms)
      known.push_back(known_estimate(test));
  if (known.empty())
    return default_estimate_ms;
  const auto upper = known.begin() + static_cast<std::ptrdiff_t>(known.size() / 2);
  std::nth_element(known.begin(), upper, known.end());
  if (known.size() % 2 == 1)
    return *upper;
  // Everything before `upper` is <= it; the largest of those is the lower middle.
  const auto lower = *std::max_element(known.begin(), upper);
  return lower + (*upper - lower) / 2; // both >= 0 and lower <= upper: no overflow
}

std::vector<std::int64_t> effective_estimates(std::span<const TestFile> tests) {
  const auto fill_in = fill_in_estimate(tests);
  std::vector<std::int64_t> estimates;
  estimates.reserve(tests.size());
  for (const auto& test : tests)
    estimates.push_back(test.estimated_duration_ms ? known_estimate(test) : fill_in);
  return estimates;
}

} // namespace shardline
