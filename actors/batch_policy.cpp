#include "actors/batch_policy.hpp"

#include <algorithm>

namespace shardline {

namespace {

std::size_t tests_before_target(RunnerKind kind, const std::deque<std::uint64_t>& queue,
                                const std::vector<std::int64_t>& estimates) {
  if (kind == RunnerKind::command)
    return 1;
  long double total = 0; // estimates may each be near INT64_MAX
  for (auto test : queue)
    total += static_cast<long double>(estimates[test]);
  auto target = std::max<long double>(total / 2, min_playwright_batch_ms);
  long double taken = 0;
  std::size_t count = 0;
  while (count < queue.size() && (count == 0 || taken < target))
    taken += static_cast<long double>(estimates[queue[count++]]);
  return count;
}

} // namespace

std::size_t batch_size(RunnerKind kind, const std::deque<std::uint64_t>& queue,
                       const std::vector<std::int64_t>& estimates,
                       std::span<const std::uint32_t> units) {
  if (queue.empty())
    return 0;
  auto count = tests_before_target(kind, queue, estimates);
  if (!units.empty())
    while (count < queue.size() && units[queue[count]] == units[queue[count - 1]])
      ++count;
  return count;
}

std::size_t steal_size(const std::deque<std::uint64_t>& queue,
                       const std::vector<std::int64_t>& estimates,
                       std::span<const std::uint32_t> units) {
  long double total = 0; // estimates may each be near INT64_MAX
  for (auto test : queue)
    total += static_cast<long double>(estimates[test]);
  const auto half_count = queue.size() / 2;
  long double given_ms = 0;
  std::size_t count = 0;
  auto enough = [&] { return total > 0 ? given_ms * 2 >= total : count >= half_count; };
  auto inside_unit = [&] {
    return !units.empty() && count > 0 && count < queue.size() &&
           units[queue[queue.size() - 1 - count]] == units[queue[queue.size() - count]];
  };
  while (count < queue.size() && (!enough() || inside_unit()))
    given_ms += static_cast<long double>(estimates[queue[queue.size() - 1 - count++]]);
  return count;
}

} // namespace shardline
