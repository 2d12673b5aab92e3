#include "tools/preview_table.hpp"

#include "tools/duration_text.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>

namespace shardline::cli {

namespace {

constexpr int bar_width = 24;

std::string format(const char* pattern, auto... args) {
  char line[256];
  std::snprintf(line, sizeof line, pattern, args...);
  return line;
}

std::string shard_list(const std::vector<int>& shards) {
  std::string text;
  for (auto shard : shards)
    text += (text.empty() ? "" : ", ") + std::to_string(shard);
  return text;
}

// How many units an allocation holds: its tests that share a unit count once
// (a unit is never split, so its tests are side by side).
std::size_t unit_count(const TestAllocation& allocation) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < allocation.tests.size(); ++i)
    if (i == 0 || allocation.tests[i].unit.empty() ||
        allocation.tests[i].unit != allocation.tests[i - 1].unit)
      ++count;
  return count;
}

// Each test's id; the tests of a unit under the unit's name.
void print_tests(const TestAllocation& allocation, std::ostream& out) {
  const std::string* unit = nullptr;
  for (const auto& test : allocation.tests) {
    if (test.unit.empty()) {
      unit = nullptr;
      out << "         " << test.id << '\n';
      continue;
    }
    if (unit == nullptr || *unit != test.unit) {
      unit = &test.unit;
      out << "         unit " << test.unit << '\n';
    }
    out << "           " << test.id << '\n';
  }
}

} // namespace

void print_preview_table(const Preview& preview, std::string_view strategy, bool list_tests,
                         std::ostream& out) {
  std::size_t test_count = 0;
  std::size_t units = 0;
  double total_ms = 0; // double: the shard sums may each be near INT64_MAX
  for (const auto& allocation : preview.allocations) {
    test_count += allocation.tests.size();
    units += unit_count(allocation);
    total_ms += static_cast<double>(allocation.estimated_duration_ms);
  }
  out << "strategy " << strategy << ", " << preview.allocations.size() << " workers, " << test_count
      << " tests in " << units << " units, "
      << duration_text(
             static_cast<std::int64_t>(std::min(total_ms, static_cast<double>(INT64_MAX))))
      << " of estimated test time\n\n";
  out << format("%6s %7s %7s %10s %7s\n", "shard", "tests", "units", "estimate", "share");
  const auto makespan = static_cast<double>(preview.estimated_makespan_ms);
  for (const auto& allocation : preview.allocations) {
    auto estimate = static_cast<double>(allocation.estimated_duration_ms);
    auto share = total_ms > 0 ? 100.0 * estimate / total_ms : 0.0;
    auto bar = makespan > 0 ? static_cast<int>(bar_width * estimate / makespan + 0.5) : 0;
    out << format("%6d %7zu %7zu %10s %6.1f%%  ", allocation.shard_index, allocation.tests.size(),
                  unit_count(allocation), duration_text(allocation.estimated_duration_ms).c_str(),
                  share)
        << std::string(static_cast<std::size_t>(bar), '#') << '\n';
    if (list_tests)
      print_tests(allocation, out);
  }
  out << "\nestimated makespan " << duration_text(preview.estimated_makespan_ms) << ", lower bound "
      << duration_text(preview.lower_bound_ms) << format(", ratio %.3f\n", preview.ratio);
  for (const auto& split : preview.split_groups)
    out << "split: " << split.group << " is on shards " << shard_list(split.shards)
        << " (heavier than a fair share)\n";
}

} // namespace shardline::cli
