#include "actors/queue_order.hpp"

#include <algorithm>

namespace shardline {

void run_new_tests_first(std::vector<std::uint64_t>& queue, const std::vector<TestFile>& tests) {
  auto failed_last_time = [&](std::uint64_t test) {
    const auto& last = tests[test].last_result;
    return last && is_failure(*last);
  };
  auto is_new = [&](std::uint64_t test) { return !tests[test].estimated_duration_ms; };
  auto leading_failed = std::find_if_not(queue.begin(), queue.end(), failed_last_time);
  std::stable_partition(leading_failed, queue.end(), is_new);
}

} // namespace shardline
