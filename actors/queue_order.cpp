#include "actors/queue_order.hpp"

#include <algorithm>

namespace shardline {

namespace {

// A run of the queue that moves whole: one unit's tests, side by side.
struct Chunk {
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::vector<Chunk> chunks_of(const std::vector<std::uint64_t>& queue,
                             std::span<const std::uint32_t> units) {
  std::vector<Chunk> chunks;
  for (std::size_t i = 0; i < queue.size(); ++i)
    if (chunks.empty() || units.empty() || units[queue[i]] != units[queue[i - 1]])
      chunks.push_back({i, i + 1});
    else
      chunks.back().end = i + 1;
  return chunks;
}

} // namespace

void run_new_tests_first(std::vector<std::uint64_t>& queue, const std::vector<TestFile>& tests,
                         std::span<const std::uint32_t> units) {
  auto any_of = [&](const Chunk& chunk, auto predicate) {
    return std::any_of(queue.begin() + static_cast<std::ptrdiff_t>(chunk.begin),
                       queue.begin() + static_cast<std::ptrdiff_t>(chunk.end), predicate);
  };
  auto failed_last_time = [&](const Chunk& chunk) {
    return any_of(chunk, [&](std::uint64_t test) {
      const auto& last = tests[test].last_result;
      return last && is_failure(*last);
    });
  };
  auto is_new = [&](const Chunk& chunk) {
    return any_of(chunk, [&](std::uint64_t test) { return !tests[test].estimated_duration_ms; });
  };
  auto chunks = chunks_of(queue, units);
  auto leading_failed = std::find_if_not(chunks.begin(), chunks.end(), failed_last_time);
  std::stable_partition(leading_failed, chunks.end(), is_new);
  std::vector<std::uint64_t> ordered;
  ordered.reserve(queue.size());
  for (const auto& chunk : chunks)
    ordered.insert(ordered.end(), queue.begin() + static_cast<std::ptrdiff_t>(chunk.begin),
                   queue.begin() + static_cast<std::ptrdiff_t>(chunk.end));
  queue = std::move(ordered);
}

} // namespace shardline
