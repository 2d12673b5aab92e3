#pragma once

#include "model/test_file.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace shardline::test_support {

/// `prefix` followed by `number`. (Built with += because GCC 12 warns
/// falsely, -Wrestrict, about "literal" + std::to_string(...) at -O2.)
inline std::string numbered(std::string prefix, std::int64_t number) {
  prefix += std::to_string(number);
  return prefix;
}

/// A random suite for property tests, with the worker count to plan it for.
struct RandomSuite {
  std::vector<TestFile> tests;
  int worker_count = 1;
};

/// Varies size (mostly small, sometimes a few hundred), estimates (small,
/// spread out, all equal, near INT64_MAX), how many are missing, folders and
/// files, tags, last results and priorities. Ids are unique.
inline RandomSuite random_suite(std::mt19937_64& rng) {
  auto below = [&](std::int64_t bound) {
    return std::uniform_int_distribution<std::int64_t>(0, bound - 1)(rng);
  };
  constexpr auto max_ms = std::numeric_limits<std::int64_t>::max();
  static const std::vector<std::string> folders{"", "a", "a/b", "c", "deep/x/y"};
  static const std::vector<std::string> tags{"@a", "@b", "@c", "@d", "@e"};

  RandomSuite suite;
  suite.worker_count = static_cast<int>(1 + below(9));
  const auto size_class = below(20);
  const auto count = size_class == 0   ? 0
                     : size_class < 14 ? 1 + below(12)
                     : size_class < 19 ? 13 + below(48)
                                       : 61 + below(190);
  // 0 small, 1 spread out, 2 all equal, 3 near INT64_MAX or small, 4 tiny,
  // 5 one estimate per first tag (so equal within a tag but tags differ).
  const auto estimate_style = below(6);
  const auto equal_estimate = 1 + below(100);
  const auto missing_percent = std::vector<std::int64_t>{0, 10, 50, 100}[below(4)];
  const auto folder_count = 1 + below(static_cast<std::int64_t>(folders.size()));
  const auto tag_count = 1 + below(static_cast<std::int64_t>(tags.size()));

  for (std::int64_t i = 0; i < count; ++i) {
    TestFile test;
    test.id = numbered("t", i);
    test.title = numbered("test ", i);
    if (i > 0 && below(2) == 0) {
      test.path = suite.tests.back().path; // runs of tests in one file
    } else {
      const auto& folder = folders[static_cast<std::size_t>(below(folder_count))];
      const auto file = numbered("f", below(3)) + ".spec.ts";
      test.path = folder.empty() ? file : folder + "/" + file;
    }
    const auto tagging = below(10);
    if (tagging >= 4)
      test.tags.push_back(tags[static_cast<std::size_t>(below(tag_count))]);
    if (tagging >= 8)
      test.tags.push_back(tags[static_cast<std::size_t>(below(tag_count))]);
    if (below(100) >= missing_percent) {
      switch (estimate_style) {
      case 0:
        test.estimated_duration_ms = below(11);
        break;
      case 1:
        test.estimated_duration_ms = 1 + below(5000);
        break;
      case 2:
        test.estimated_duration_ms = equal_estimate;
        break;
      case 3:
        test.estimated_duration_ms = below(2) ? max_ms - below(1000) : below(1000);
        break;
      case 4:
        test.estimated_duration_ms = below(3);
        break;
      default:
        test.estimated_duration_ms =
            test.tags.empty() ? below(500) : 1 + 97 * (test.tags.front().back() - 'a');
        break;
      }
    }
    const auto last = below(6);
    if (last < 4)
      test.last_result = static_cast<TestStatus>(last);
    test.priority = below(3);
    suite.tests.push_back(std::move(test));
  }
  return suite;
}

/// The effective estimates as the strategies must compute them, written
/// independently of strategies/estimates.cpp: sort the known estimates and
/// take the middle (the floor of the mean of the two middle ones for an even
/// count), or 1000 ms when none is known. The generator makes no negative
/// estimates, so there is no clamping here.
inline std::vector<std::int64_t> reference_estimates(const std::vector<TestFile>& tests) {
  std::vector<std::int64_t> known;
  for (const auto& test : tests)
    if (test.estimated_duration_ms)
      known.push_back(*test.estimated_duration_ms);
  std::sort(known.begin(), known.end());
  std::int64_t fill_in = 1000;
  if (!known.empty()) {
    const auto upper = known[known.size() / 2];
    const auto lower = known[(known.size() - 1) / 2];
    fill_in = lower + (upper - lower) / 2;
  }
  std::vector<std::int64_t> estimates;
  for (const auto& test : tests)
    estimates.push_back(test.estimated_duration_ms.value_or(fill_in));
  return estimates;
}

} // namespace shardline::test_support
